import type {
  AuthService,
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';

/**
 * The credentials a template's register step calls the catalog with: the scaffolder's own.
 *
 * Registering is the platform team's under the permission policy
 * (plugins/permission-backend-module-commerce), so the person running a service template —
 * usually the owning team's engineer — may not register it themselves. The template has
 * already checked them: its first step (commerce:service:validate) runs only for the owner
 * group's members, and only the platform team registers templates. What the step registers is
 * the repository the run just published, nothing the person chose.
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
