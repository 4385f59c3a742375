import {
  parseEntityRef,
  stringifyEntityRef,
  type Entity,
} from '@backstage/catalog-model';

/** The spec fields that name other entities, the relation pair each gives, its default kind. */
const REF_LIST_FIELDS = [
  // The catalog gives dependsOn no default kind; a bare name is read as a Component, as the
  // platform review reads a spec without relations, so a hand-written fixture may use one.
  ['dependsOn', 'dependsOn', 'dependencyOf', 'component'],
  ['providesApis', 'providesApi', 'apiProvidedBy', 'api'],
  ['consumesApis', 'consumesApi', 'apiConsumedBy', 'api'],
] as const;

/**
 * The entities with the `relations` the catalog's built-in processor derives from their specs,
 * forward and inverse: ownedBy/ownerOf, partOf/hasPart (`spec.system`, `spec.domain`),
 * dependsOn/dependencyOf, providesApi/apiProvidedBy, consumesApi/apiConsumedBy, a User's
 * memberOf/hasMember and a Group's childOf/parentOf. An entity without such fields gets an
 * empty list.
 *
 * `catalogServiceMock` and hand-built catalogs store entities as given, and the analyses read
 * relations first, so tests and benchmarks add them the way the real catalog would instead of
 * ingesting through its processing loop (which, at benchmark sizes, would measure the catalog).
 *
 * @public
 */
export function withCatalogRelations(entities: readonly Entity[]): Entity[] {
  const relations = new Map<string, { type: string; targetRef: string }[]>();
  const add = (source: string, type: string, targetRef: string) => {
    const list = relations.get(source);
    if (list) list.push({ type, targetRef });
    else relations.set(source, [{ type, targetRef }]);
  };
  for (const entity of entities) {
    const self = stringifyEntityRef(entity);
    const defaultNamespace = entity.metadata.namespace ?? 'default';
    const ref = (text: string, defaultKind: string) =>
      stringifyEntityRef(
        parseEntityRef(text, { defaultKind, defaultNamespace }),
      );
    const pair = (target: string, type: string, inverse: string) => {
      add(self, type, target);
      add(target, inverse, self);
    };
    const spec: Record<string, unknown> = entity.spec ?? {};
    if (typeof spec.owner === 'string') {
      pair(ref(spec.owner, 'group'), 'ownedBy', 'ownerOf');
    }
    if (typeof spec.system === 'string') {
      pair(ref(spec.system, 'system'), 'partOf', 'hasPart');
    }
    if (typeof spec.domain === 'string') {
      pair(ref(spec.domain, 'domain'), 'partOf', 'hasPart');
    }
    for (const [field, type, inverse, defaultKind] of REF_LIST_FIELDS) {
      for (const target of stringList(spec[field])) {
        pair(ref(target, defaultKind), type, inverse);
      }
    }
    if (entity.kind === 'User') {
      for (const group of stringList(spec.memberOf)) {
        pair(ref(group, 'group'), 'memberOf', 'hasMember');
      }
    }
    if (entity.kind === 'Group' && typeof spec.parent === 'string') {
      pair(ref(spec.parent, 'group'), 'childOf', 'parentOf');
    }
  }
  return entities.map(entity => ({
    ...entity,
    relations: relations.get(stringifyEntityRef(entity)) ?? [],
  }));
}

function stringList(value: unknown): string[] {
  return Array.isArray(value)
    ? value.filter((item): item is string => typeof item === 'string')
    : [];
}
