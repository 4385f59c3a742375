import path from 'node:path';
import type { Config } from '@backstage/config';
import { type Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  type CatalogProcessor,
  type CatalogProcessorEmit,
  type LocationSpec,
  processingResult,
} from '@backstage/plugin-catalog-node';

/**
 * The kinds only the portal's own catalog declares. A Template runs actions with the
 * scaffolder's credentials; a Location pulls in any other file; Groups and Users decide who
 * belongs to which team, so who may deploy what; Systems and Domains are the platform's shape,
 * owned by the platform team and the leads. A service repository declares its Component, the
 * APIs it provides and the Resources it owns (its data stores), nothing else.
 *
 * @public
 */
export const PORTAL_ONLY_KINDS = [
  'Template',
  'Location',
  'Group',
  'User',
  'System',
  'Domain',
] as const;

/**
 * The kinds the Microsoft Graph org provider (`catalog.providers.microsoftGraphOrg`) delivers:
 * people and teams from Entra ID, in production. Its entities' origin is `msgraph:<provider id>/…`.
 */
const ENTRA_KINDS = ['user', 'group'];

/** What a service repository may declare, for the refusal's message. */
const SERVICE_KINDS = 'Component, API and Resource';

/** One of the portal's own catalog locations, and which of the kinds above it may declare. */
interface PortalLocation {
  type: string;
  target: string;
  kinds: ReadonlySet<string>;
}

const lower = (kind: string) => kind.toLocaleLowerCase('en-US');

/**
 * Refuses Template, Location, Group, User, System and Domain entities that do not come from
 * one of the portal's own catalog locations (`catalog.locations`), with a processing error
 * that names the entity, where it was found and what to do instead.
 *
 * The catalog's stock rules (`catalog.rules`) could refuse them too, but their error names
 * neither the kind's reason nor a remedy ("… is not of an allowed kind for that location") and
 * fails the whole file, the service's own Component with it; this processor fails only the
 * refused entity. An entity's origin is the location it was first registered from
 * (`backstage.io/managed-by-origin-location`): everything the portal's root catalog-info.yaml
 * points to has that file as its origin, and a service registered from its repository has
 * that repository's file.
 *
 * @public
 */
export class PortalKindsProcessor implements CatalogProcessor {
  /**
   * The portal's own locations are `catalog.locations`, each allowed the kinds above, or those
   * of its `rules` when it has any (e.g. the local guest file: User only). Relative `file`
   * targets are resolved as the catalog resolves them, from the backend's working directory.
   */
  static fromConfig(config: Config): PortalKindsProcessor {
    const locations = (
      config.getOptionalConfigArray('catalog.locations') ?? []
    ).map(location => {
      const type = location.getString('type');
      const target = location.getString('target');
      const rules = location.getOptionalConfigArray('rules');
      const allowed = rules
        ? rules.flatMap(rule => rule.getStringArray('allow')).map(lower)
        : PORTAL_ONLY_KINDS.map(lower);
      return {
        type,
        target: type === 'file' ? path.resolve(target) : target,
        kinds: new Set(allowed),
      };
    });
    // Each configured Entra provider is a portal source of Users and Groups (docs/entra-org.md).
    const entraProviders =
      config.getOptionalConfig('catalog.providers.microsoftGraphOrg')?.keys() ??
      [];
    return new PortalKindsProcessor(locations, entraProviders);
  }

  constructor(
    private readonly portalLocations: readonly PortalLocation[],
    /** Ids of the configured `catalog.providers.microsoftGraphOrg` providers. */
    private readonly entraProviders: readonly string[] = [],
  ) {}

  getProcessorName(): string {
    return 'PortalKindsProcessor';
  }

  async preProcessEntity(
    entity: Entity,
    location: LocationSpec,
    emit: CatalogProcessorEmit,
    originLocation: LocationSpec,
  ): Promise<Entity> {
    const kind = PORTAL_ONLY_KINDS.find(k => lower(k) === lower(entity.kind));
    if (
      !kind ||
      this.isPortalLocation(originLocation, kind) ||
      isRegistrationOf(entity, originLocation)
    ) {
      return entity;
    }
    emit(
      processingResult.inputError(
        location,
        `${kind} ${stringifyEntityRef(entity)} in ${location.type}:${
          location.target
        } was refused: ${kind} entities are accepted only from the portal's own catalog, and this file was registered from ${
          originLocation.type
        }:${
          originLocation.target
        }. A service repository declares its ${SERVICE_KINDS} entities only. Remove the ${kind} from this file; to add a template, team, person, system or domain, change the portal repository's catalog (catalog/ or templates/) by pull request.`,
      ),
    );
    // The error already keeps the entity out of the catalog; a refused Location also must not
    // make the catalog fetch what it points to.
    return kind === 'Location'
      ? { ...entity, spec: { ...entity.spec, target: undefined, targets: [] } }
      : entity;
  }

  private isPortalLocation(origin: LocationSpec, kind: string): boolean {
    if (origin.type === 'msgraph') {
      return (
        ENTRA_KINDS.includes(lower(kind)) &&
        this.entraProviders.some(id => origin.target.startsWith(`${id}/`))
      );
    }
    return this.portalLocations.some(
      portal =>
        portal.type === origin.type &&
        portal.target === origin.target &&
        portal.kinds.has(lower(kind)),
    );
  }
}

/**
 * The Location entity the catalog makes for a registered file itself (POST /locations, a
 * register step): it points at its own origin, so it adds nothing the registration did not.
 */
function isRegistrationOf(entity: Entity, origin: LocationSpec): boolean {
  if (lower(entity.kind) !== 'location') return false;
  const spec = (entity.spec ?? {}) as {
    type?: string;
    target?: string;
    targets?: string[];
  };
  return (
    (spec.type ?? origin.type) === origin.type &&
    spec.target === origin.target &&
    !spec.targets?.length
  );
}
