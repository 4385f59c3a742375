import type {
  OwnershipRow,
  ReviewFinding,
} from '@internal/plugin-platform-review-common';
import {
  toCatalogIndex,
  type CatalogIndex,
  type CatalogInput,
  type ReviewedEntity,
} from './catalogIndex';
import { makeFinding } from './findings';
import { compareText, displayRef, kindOfRef } from './refs';

/**
 * Resource types that hold a service's state or stand for a system outside ours that it talks
 * to: a Resource of one of these types is a data store, and only its owning service should use it.
 *
 * @public
 */
export const DATA_STORE_TYPES: readonly string[] = [
  'database',
  'cache',
  'storage',
  'queue',
  'external-service',
];

/**
 * The data stores that keep facts. The gateway may use a cache (rate limits, sessions) and call
 * external services; it must not keep facts of its own.
 *
 * @public
 */
export const DURABLE_DATA_STORE_TYPES: readonly string[] = [
  'database',
  'storage',
  'queue',
];

/**
 * Resource or Component types of the edge: what routes traffic to the services.
 *
 * @public
 */
export const EDGE_TYPES: readonly string[] = [
  'api-gateway',
  'edge-gateway',
  'gateway',
];

/**
 * Tags that make a Resource or Component an edge component whatever its type.
 *
 * @public
 */
export const EDGE_TAGS: readonly string[] = ['edge', 'gateway'];

/**
 * What counts as a data store and as the edge; defaults are the exported constants.
 *
 * @public
 */
export interface OwnershipOptions {
  dataStoreTypes?: readonly string[];
  durableDataStoreTypes?: readonly string[];
  edgeTypes?: readonly string[];
  edgeTags?: readonly string[];
}

/**
 * The ownership map and the boundary findings.
 *
 * @public
 */
export interface OwnershipAnalysis {
  /** One row per Component, by System then name. */
  rows: OwnershipRow[];
  findings: ReviewFinding[];
  /** Data store ref → the ref of its owning service, where one could be determined. */
  owningServices: Map<string, string>;
}

/**
 * The owning service of a data store, or undefined (and why) when there is none.
 *
 * The owning service is the Component that `dependsOn` the store and has the same owner; when
 * several do, the one whose name prefixes the store's name (`order-service-db` →
 * `order-service`; the longest prefix wins). A store without an owner is owned by the
 * Component whose name prefixes its name, or its only user.
 */
function owningServiceOf(
  store: ReviewedEntity,
  users: readonly ReviewedEntity[],
): { owner?: ReviewedEntity; ambiguous: ReviewedEntity[] } {
  const candidates = store.owner
    ? users.filter(user => user.owner === store.owner)
    : users;
  if (candidates.length === 1) {
    return { owner: candidates[0], ambiguous: [] };
  }
  let best: ReviewedEntity | undefined;
  for (const candidate of candidates) {
    if (
      store.name.startsWith(candidate.name) &&
      (!best || candidate.name.length > best.name.length)
    ) {
      best = candidate;
    }
  }
  return best
    ? { owner: best, ambiguous: [] }
    : { ambiguous: candidates.length > 1 ? [...candidates] : [] };
}

function apisOf(service: ReviewedEntity): string {
  return service.providesApis.length > 0
    ? service.providesApis.map(displayRef).join(' or ')
    : '(it provides none yet: declare providesApis on it first)';
}

/**
 * The ownership map (one row per Component: owner, System, the data stores it depends on, the
 * APIs it provides and consumes) and these findings:
 *
 * - `shared-data-store` (error): a data store (`DATA_STORE_TYPES`) that Components of more than
 *   one owner depend on (a Component without an owner counts as an owner of its own).
 * - `foreign-data-store` (error): a Component that depends on a data store whose owning service
 *   is another Component (see below); names the Component, the store and the owning service,
 *   and says to call the owning service's API instead and declare `consumesApis`. Also when no
 *   owning service can be told apart (several same-owner users, none whose name prefixes the
 *   store's), or when the store's owner has no service using it.
 * - `gateway-owns-data` (error): an edge component (a Resource or Component of an `EDGE_TYPES`
 *   type or tagged with an `EDGE_TAGS` tag) that depends on a durable data store
 *   (`DURABLE_DATA_STORE_TYPES`): the gateway must not own facts.
 * - `missing-owner` (warning): a Component or Resource without an owner.
 * - `owner-not-a-group` (warning): a Component or Resource whose owner is not a Group (e.g. a
 *   User), or a Group that is not in the catalog.
 * - `undeclared-api-consumption` (warning): "consumption" is a Component that `dependsOn` a
 *   Component (or an API entity) of another System (an entity without a System counts as a
 *   System of its own): it must use that Component through an API it provides, declared in
 *   `consumesApis`. It is undeclared when none of the APIs the other Component provides (or the
 *   API depended on) is among the consumer's `consumesApis`. Within one System a direct
 *   dependency is not a finding.
 *
 * The owning service of a data store is the Component that depends on it and has the same owner;
 * when several do, the one whose name prefixes the store's name (`order-service-db` →
 * `order-service`).
 *
 * @public
 */
export function analyseOwnership(
  catalog: CatalogInput,
  options: OwnershipOptions = {},
): OwnershipAnalysis {
  const index = toCatalogIndex(catalog);
  const dataStoreTypes = new Set(options.dataStoreTypes ?? DATA_STORE_TYPES);
  const durableTypes = new Set(
    options.durableDataStoreTypes ?? DURABLE_DATA_STORE_TYPES,
  );
  const edgeTypes = new Set(options.edgeTypes ?? EDGE_TYPES);
  const edgeTags = options.edgeTags ?? EDGE_TAGS;
  const isDataStore = (entity: ReviewedEntity | undefined) =>
    entity?.kind === 'resource' &&
    entity.type !== undefined &&
    dataStoreTypes.has(entity.type);

  const findings: ReviewFinding[] = [];
  const owningServices = new Map<string, string>();
  const add = (finding: Omit<ReviewFinding, 'systems' | 'teams'>) =>
    findings.push(makeFinding(index, finding));

  for (const store of index.entities) {
    if (!isDataStore(store)) continue;
    const users = (index.dependents.get(store.ref) ?? []).filter(
      entity => entity.kind === 'component',
    );
    if (users.length === 0) continue;
    checkDataStore(store, users, owningServices, add);
  }

  const rows: OwnershipRow[] = [];
  for (const entity of index.entities) {
    if (entity.kind === 'component') {
      const dataStores: OwnershipRow['dataStores'] = [];
      for (const ref of entity.dependsOn) {
        const store = index.byRef.get(ref);
        if (store && isDataStore(store)) {
          dataStores.push({
            entityRef: store.ref,
            owner: store.owner,
            type: store.type,
          });
        }
      }
      rows.push({
        service: entity.ref,
        owner: entity.owner,
        system: entity.system,
        dataStores,
        providesApis: entity.providesApis,
        consumesApis: entity.consumesApis,
      });
      checkCrossSystemUse(index, entity, add);
    }
    if (entity.kind !== 'component' && entity.kind !== 'resource') continue;
    checkOwner(index, entity, add);
    const isEdge =
      (entity.type !== undefined && edgeTypes.has(entity.type)) ||
      entity.tags.some(tag => edgeTags.includes(tag));
    if (isEdge) {
      for (const ref of entity.dependsOn) {
        const store = index.byRef.get(ref);
        if (
          store?.kind === 'resource' &&
          store.type !== undefined &&
          durableTypes.has(store.type)
        ) {
          add({
            rule: 'gateway-owns-data',
            severity: 'error',
            message: `${displayRef(entity.ref)} is an edge component (${
              entity.type ?? entity.tags.join(', ')
            }) and depends on ${displayRef(store.ref)}, a ${
              store.type
            }: the gateway must not own facts`,
            fix: `move that data behind a service that owns it and have ${displayRef(
              entity.ref,
            )} route to the service's API; remove the dependsOn from ${displayRef(
              entity.ref,
            )}`,
            entityRefs: [entity.ref, store.ref],
          });
        }
      }
    }
  }
  rows.sort(
    (a, b) =>
      compareText(a.system ?? '~', b.system ?? '~') ||
      compareText(a.service, b.service),
  );
  return { rows, findings, owningServices };
}

function checkDataStore(
  store: ReviewedEntity,
  users: ReviewedEntity[],
  owningServices: Map<string, string>,
  add: (finding: Omit<ReviewFinding, 'systems' | 'teams'>) => void,
) {
  const storeRef = displayRef(store.ref);
  // A user without an owner is a team of its own: nobody can vouch it belongs with the others.
  const owners = new Set(users.map(user => user.owner ?? user.ref));
  if (owners.size > 1) {
    add({
      rule: 'shared-data-store',
      severity: 'error',
      message: `${storeRef} is used by Components of ${
        owners.size
      } owners: ${users
        .map(
          user =>
            `${displayRef(user.ref)} (${
              user.owner ? displayRef(user.owner) : 'no owner'
            })`,
        )
        .join(', ')}`,
      fix: `keep ${storeRef} with one service of ${
        store.owner ? displayRef(store.owner) : 'one team'
      }; the others call that service's API (consumesApis) instead of reading the store`,
      entityRefs: [store.ref, ...users.map(user => user.ref)],
    });
  }

  const { owner: owningService, ambiguous } = owningServiceOf(store, users);
  if (owningService) {
    owningServices.set(store.ref, owningService.ref);
    for (const user of users) {
      if (user === owningService) continue;
      add({
        rule: 'foreign-data-store',
        severity: 'error',
        message: `${displayRef(
          user.ref,
        )} depends directly on ${storeRef}, the data store of ${displayRef(
          owningService.ref,
        )}`,
        fix: `call ${displayRef(owningService.ref)}'s API ${apisOf(
          owningService,
        )} instead, declare consumesApis on ${displayRef(
          user.ref,
        )}, and remove its dependsOn ${storeRef}`,
        entityRefs: [user.ref, store.ref, owningService.ref],
      });
    }
    return;
  }
  if (ambiguous.length > 0) {
    add({
      rule: 'foreign-data-store',
      severity: 'error',
      message: `${storeRef} is used by ${ambiguous
        .map(user => displayRef(user.ref))
        .join(
          ', ',
        )}, and none of their names prefixes it, so no one of them is its owning service: each reads another's data`,
      fix: `let one service own ${storeRef} (rename the store after it, e.g. ${ambiguous[0].name}-db) and have the others call its API (consumesApis)`,
      entityRefs: [store.ref, ...ambiguous.map(user => user.ref)],
    });
    return;
  }
  // The store's owner has no service using it: every user is another team's.
  for (const user of users) {
    add({
      rule: 'foreign-data-store',
      severity: 'error',
      message: `${displayRef(user.ref)} depends on ${storeRef}, owned by ${
        store.owner ? displayRef(store.owner) : 'nobody'
      }, who has no service using it`,
      fix: `if ${displayRef(
        user.ref,
      )} owns ${storeRef}, set the store's spec.owner to ${
        user.owner ? displayRef(user.owner) : "the service's owner"
      }; otherwise its owner serves the data through an API that ${displayRef(
        user.ref,
      )} consumes (consumesApis)`,
      entityRefs: [user.ref, store.ref],
    });
  }
}

function checkOwner(
  index: CatalogIndex,
  entity: ReviewedEntity,
  add: (finding: Omit<ReviewFinding, 'systems' | 'teams'>) => void,
) {
  // A malformed owner or a missing spec is already reported as malformed-entity.
  if (entity.ownerMalformed || !entity.hasSpec) return;
  const what = entity.kind === 'component' ? 'Component' : 'Resource';
  if (!entity.owner) {
    add({
      rule: 'missing-owner',
      severity: 'warning',
      message: `${displayRef(entity.ref)} (${what}) has no owner`,
      fix: `set spec.owner of ${displayRef(
        entity.ref,
      )} to the Group that runs it, e.g. group:default/<team>`,
      entityRefs: [entity.ref],
    });
    return;
  }
  const ownerKind = kindOfRef(entity.owner);
  if (ownerKind !== 'group') {
    add({
      rule: 'owner-not-a-group',
      severity: 'warning',
      message: `${displayRef(entity.ref)} is owned by ${displayRef(
        entity.owner,
      )}, a ${ownerKind || 'reference without a kind'}, not a Group`,
      fix: `set spec.owner of ${displayRef(
        entity.ref,
      )} to the Group that runs it: people change teams, teams keep services`,
      entityRefs: [entity.ref, entity.owner],
    });
  } else if (!index.byRef.has(entity.owner)) {
    add({
      rule: 'owner-not-a-group',
      severity: 'warning',
      message: `${displayRef(entity.ref)} is owned by ${displayRef(
        entity.owner,
      )}, which is not a Group in the catalog`,
      fix: `add ${displayRef(
        entity.owner,
      )} to catalog/org.yaml, or correct spec.owner of ${displayRef(
        entity.ref,
      )}`,
      entityRefs: [entity.ref, entity.owner],
    });
  }
}

function checkCrossSystemUse(
  index: CatalogIndex,
  consumer: ReviewedEntity,
  add: (finding: Omit<ReviewFinding, 'systems' | 'teams'>) => void,
) {
  const consumerSystem = consumer.system ?? consumer.ref;
  for (const ref of consumer.dependsOn) {
    const used = index.byRef.get(ref);
    if (!used || (used.kind !== 'component' && used.kind !== 'api')) continue;
    if ((used.system ?? used.ref) === consumerSystem) continue;
    const apis = used.kind === 'api' ? [used.ref] : used.providesApis;
    if (apis.some(api => consumer.consumesApis.includes(api))) continue;
    const where = used.system
      ? `system ${displayRef(used.system).replace(/^system:/, '')}`
      : 'no system';
    add({
      rule: 'undeclared-api-consumption',
      severity: 'warning',
      message: `${displayRef(consumer.ref)} (${
        consumer.system
          ? `system ${displayRef(consumer.system).replace(/^system:/, '')}`
          : 'no system'
      }) depends on ${displayRef(used.ref)} (${where}) without declaring ${
        apis.length > 0
          ? `consumesApis for ${apis.map(displayRef).join(' or ')}`
          : 'an API it consumes'
      }`,
      fix:
        apis.length > 0
          ? `add ${apis
              .map(displayRef)
              .join(' or ')} to spec.consumesApis of ${displayRef(
              consumer.ref,
            )}: across systems a service is used through its published API`
          : `${displayRef(
              used.ref,
            )} provides no API: declare its API (providesApis), then list it in spec.consumesApis of ${displayRef(
              consumer.ref,
            )}`,
      entityRefs: [consumer.ref, used.ref, ...apis],
    });
  }
}
