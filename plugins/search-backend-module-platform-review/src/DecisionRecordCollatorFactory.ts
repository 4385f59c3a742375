import { Readable } from 'node:stream';
import type {
  AuthService,
  DiscoveryService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import { ForwardedError, ResponseError } from '@backstage/errors';
import { catalogEntityReadPermission } from '@backstage/plugin-catalog-common/alpha';
import type { DocumentCollatorFactory } from '@backstage/plugin-search-common';
import {
  DECISION_SEARCH_TYPE,
  decisionRecordPath,
  type DecisionList,
  type DecisionRecord,
} from '@internal/plugin-platform-review-common';
import type { DecisionRecordDocument } from './types';

/**
 * Collates the decision records the platform review found into search documents, from
 * `GET /api/platform-review/v1/decisions` (the review's latest snapshot: the records are read
 * once, by the review's refresh, not again by the indexer). Each document links to the record
 * rendered in the portal, and is shown only to those who may see the entity it was recorded
 * under (the catalog's read permission, as the catalog's own documents).
 *
 * @public
 */
export class DecisionRecordCollatorFactory implements DocumentCollatorFactory {
  readonly type = DECISION_SEARCH_TYPE;
  readonly visibilityPermission = catalogEntityReadPermission;

  constructor(
    private readonly deps: {
      auth: AuthService;
      discovery: DiscoveryService;
      logger: LoggerService;
    },
  ) {}

  async getCollator(): Promise<Readable> {
    return Readable.from(this.documents());
  }

  private async *documents(): AsyncGenerator<DecisionRecordDocument> {
    const list = await this.readDecisions();
    for (const problem of list.problems) {
      this.deps.logger.warn(`Decision records not indexed: ${problem}`);
    }
    for (const record of list.decisions) {
      const document = toDocument(record);
      if (document) yield document;
      else {
        this.deps.logger.warn(
          `Decision record ${record.file} not indexed: ${record.entityRef} is not an entity reference`,
        );
      }
    }
  }

  private async readDecisions(): Promise<DecisionList> {
    const { auth, discovery } = this.deps;
    const baseUrl = await discovery.getBaseUrl('platform-review');
    const { token } = await auth.getPluginRequestToken({
      onBehalfOf: await auth.getOwnServiceCredentials(),
      targetPluginId: 'platform-review',
    });
    const url = `${baseUrl}/v1/decisions`;
    const response = await fetch(url, {
      headers: { Authorization: `Bearer ${token}` },
    });
    if (!response.ok) {
      const error = await ResponseError.fromResponse(response);
      // The review's own reason ("the catalog could not be read"), not just the status.
      throw new ForwardedError(
        `The decision records could not be indexed: ${url} answered ${response.status}: ${error.cause.message}`,
        error,
      );
    }
    return (await response.json()) as DecisionList;
  }
}

/** One record as a search document; undefined when its entity ref cannot be read. */
export function toDocument(
  record: DecisionRecord,
): DecisionRecordDocument | undefined {
  let entity;
  try {
    entity = parseEntityRef(record.entityRef);
  } catch {
    return undefined;
  }
  const owner = record.decisionMakers.join(', ');
  const text = [
    `Status: ${record.status}${record.date ? ` since ${record.date}` : ''}.`,
    owner && `Decided by ${owner}.`,
    record.revisitTrigger && `Revisit when ${record.revisitTrigger}.`,
    record.revisitBy && `Revisit by ${record.revisitBy}.`,
    `Recorded under ${record.entityRef} as ${record.file}.`,
  ]
    .filter(Boolean)
    .join(' ');
  return {
    title: record.title,
    text,
    location: decisionRecordPath(entity, record.file),
    status: record.status,
    owner,
    ...(record.revisitBy && { revisitBy: record.revisitBy }),
    entityRef: record.entityRef,
    file: record.file,
    authorization: { resourceRef: record.entityRef },
  };
}
