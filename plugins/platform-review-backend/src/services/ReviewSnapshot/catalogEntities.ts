import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';

/** The kinds the review reads in full (only the fields it uses). */
export const REVIEWED_KINDS = [
  'Component',
  'Resource',
  'API',
  'System',
  'Group',
] as const;

// What the analyses read. Not `spec` as a whole: an API's spec carries its whole definition
// (an OpenAPI document each), which would multiply the snapshot's size for nothing.
const REVIEWED_FIELDS = [
  'apiVersion',
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.title',
  'metadata.description',
  'metadata.annotations',
  'metadata.labels',
  'metadata.tags',
  'spec.type',
  'spec.lifecycle',
  'spec.owner',
  'spec.system',
  'spec.domain',
  'spec.dependsOn',
  'spec.providesApis',
  'spec.consumesApis',
  'spec.profile',
  'spec.parent',
  'spec.children',
  'relations',
];

/** Users only have to be recognised as refs (an owner that is a User is a finding). */
const USER_FIELDS = [
  'apiVersion',
  'kind',
  'metadata.name',
  'metadata.namespace',
];

/** Catalog pages: large enough for few round trips, small enough for the catalog's memory. */
const PAGE_SIZE = 500;

/**
 * Every entity of the reviewed kinds, and the Users by reference, read page by page (a cursor
 * per page, so a catalog of tens of thousands of entities is never one response).
 */
export async function readCatalogEntities(
  catalog: CatalogService,
  credentials: BackstageCredentials,
): Promise<Entity[]> {
  const entities: Entity[] = [];
  const read = async (kinds: readonly string[], fields: string[]) => {
    for await (const page of catalog.streamEntities(
      { filter: { kind: [...kinds] }, fields, pageSize: PAGE_SIZE },
      { credentials },
    )) {
      entities.push(...page);
    }
  };
  await read(REVIEWED_KINDS, REVIEWED_FIELDS);
  await read(['User'], USER_FIELDS);
  return entities;
}
