import type {
  AuthService,
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  ANNOTATION_ORIGIN_LOCATION,
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError, NotAllowedError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { Initiator } from '../initiator';

/**
 * The credentials a template's register step calls the catalog with: the scaffolder's own.
 *
 * Registering is the platform team's under the permission policy
 * (plugins/permission-backend-module-commerce), so the person running a service template —
 * usually the owning team's engineer — may not register it themselves. The template has
 * already checked them: its first step (commerce:service:validate) runs only for the owner
 * group's members, and only the platform team registers templates. What the step registers is
 * checked by the actions themselves, whichever template calls them: only the repository this
 * task published (commerce:catalog:register: the file at the URL is the one this task
 * generated, in the services' organization, in a repository named like its Component;
 * commerce:catalog:register-local: the repository commerce:publish:local wrote for this task),
 * and only entities of the initiator's own team that no other location declares
 * (assertMayRegister).
 */
export async function registrationCredentials(
  auth: AuthService,
): Promise<BackstageCredentials> {
  return auth.getOwnServiceCredentials();
}

/** The main entity of a catalog file: its first Component, else its first entity. */
export function mainEntity(entities: Entity[]): Entity | undefined {
  return entities.find(e => e.kind === 'Component') ?? entities[0];
}

/**
 * Registers `target` (a url location) or, when it is registered already (a re-run), refreshes
 * `entityRef`; then waits up to `waitSeconds` for `entityRef` to be in the catalog.
 *
 * Idempotent, so a task started over after a restart does no harm.
 * @returns true when the location was added now.
 */
export async function registerOrRefresh(options: {
  catalog: CatalogService;
  credentials: BackstageCredentials;
  logger: LoggerService;
  target: string;
  entityRef: string;
  refs: string[];
  waitSeconds: number;
}): Promise<boolean> {
  const { catalog, credentials, logger, target, entityRef, refs } = options;
  const existing = await catalog.getLocationByRef(`url:${target}`, {
    credentials,
  });
  if (existing) {
    logger.info(
      `${target} is already registered (location ${existing.id}); refreshing ${entityRef}`,
    );
    await catalog.refreshEntity(entityRef, { credentials }).catch(() => {
      // Not yet processed: the location's own processing will pick it up.
    });
  } else {
    await catalog.addLocation({ type: 'url', target }, { credentials });
    logger.info(`Registered ${target}: ${refs.join(', ')}`);
    // What to clean up when a later step fails: the location stays (a re-run with the same
    // name refreshes it instead of registering twice).
    logger.info(
      `If a later step fails: re-run the template with the same values (this step then refreshes ${entityRef} instead of registering it again), or ask the platform team to unregister location ${target} (entity page → ⋮ → Unregister entity).`,
    );
  }

  const deadline = Date.now() + options.waitSeconds * 1000;
  for (;;) {
    const found = await catalog.getEntityByRef(entityRef, { credentials });
    if (found) {
      logger.info(`${entityRef} is in the catalog`);
      return !existing;
    }
    if (Date.now() >= deadline) {
      logger.warn(
        `${entityRef} is not in the catalog yet after ${options.waitSeconds} s; it appears once the catalog has processed ${target}`,
      );
      return !existing;
    }
    await new Promise(resolve => setTimeout(resolve, 500));
  }
}

/** Refs of entities, in order. */
export function entityRefsOf(entities: Entity[]): string[] {
  return entities.map(e => stringifyEntityRef(e));
}

/**
 * The kinds a service repository may declare. The catalog accepts the others (Template,
 * Location, Group, User, System, Domain) only from the portal's own locations
 * (plugins/catalog-backend-module-commerce); refusing them here stops the step before a
 * location is stored, instead of leaving one whose entities all fail processing.
 */
const SERVICE_KINDS = ['component', 'api', 'resource'];

/**
 * Refuses, before anything is stored, a file a template run must not register whichever
 * template asks: a kind only the portal's own catalog declares, an entity owned by a team the
 * initiator is not in (unless they are the platform team), or an entity already in the catalog
 * from another location (another team's service is not taken over by a file naming it).
 */
export async function assertMayRegister(options: {
  catalog: CatalogService;
  credentials: BackstageCredentials;
  entities: Entity[];
  target: string;
  initiator: Initiator;
}): Promise<void> {
  const { catalog, credentials, entities, target, initiator } = options;
  for (const entity of entities) {
    const ref = stringifyEntityRef(entity);
    if (!SERVICE_KINDS.includes(entity.kind.toLocaleLowerCase('en-US'))) {
      throw new InputError(
        `${target} declares ${ref}: a service repository may declare only Component, API and Resource entities. ${entity.kind} entities come from the portal's own catalog; remove it from the file, or ask the platform team to add it there.`,
      );
    }
  }
  if (!initiator.unrestricted) {
    for (const entity of entities) {
      const ref = stringifyEntityRef(entity);
      const owner = ownerRefOf(entity);
      if (!owner) {
        throw new InputError(
          `${ref} in ${target} has no valid spec.owner: set it to your team, e.g. group:default/checkout-team.`,
        );
      }
      if (!initiator.ownershipEntityRefs.includes(owner)) {
        throw new NotAllowedError(
          `${ref} in ${target} is owned by ${owner}, and ${initiator.ref} is not a member of it: a template run registers only services of its runner's own team. Run the template as a member of ${owner}, set spec.owner to your team, or ask the platform team to register it.`,
        );
      }
    }
  }
  for (const entity of entities) {
    const ref = stringifyEntityRef(entity);
    const existing = await catalog.getEntityByRef(ref, { credentials });
    const origin =
      existing?.metadata?.annotations?.[ANNOTATION_ORIGIN_LOCATION] ?? '';
    if (existing && origin !== `url:${target}`) {
      throw new NotAllowedError(
        `${ref} is already in the catalog, registered from ${
          origin || 'another location'
        }: a template run registers new entities only, never one another location declares. Give the service another name, or change ${ref} in the repository it comes from.`,
      );
    }
  }
}

/** The entity's spec.owner as a full lower-case ref (kind group, namespace default when left out). */
function ownerRefOf(entity: Entity): string | undefined {
  const owner = entity.spec?.owner;
  if (typeof owner !== 'string' || !owner.trim()) return undefined;
  try {
    return stringifyEntityRef(
      parseEntityRef(owner, {
        defaultKind: 'group',
        defaultNamespace: entity.metadata.namespace ?? 'default',
      }),
    ).toLocaleLowerCase('en-US');
  } catch {
    return undefined;
  }
}
