import type { TokenCredential } from '@azure/core-auth';
import {
  createHttpHeaders,
  type HttpClient,
  type PipelineRequest,
  type PipelineResponse,
} from '@azure/core-rest-pipeline';

/** A credential that always returns the same token: no Entra ID in tests. */
export const fakeCredential: TokenCredential = {
  async getToken() {
    return {
      token: 'fake-arm-token',
      expiresOnTimestamp: Date.now() + 60 * 60 * 1000,
    };
  },
};

/** One request the SDK sent, as Cost Management would see it. */
export interface RecordedRequest {
  method: string;
  /** Decoded path without the query. */
  path: string;
  apiVersion: string | null;
  authorization: string | undefined;
  body: any;
}

/**
 * A fake ARM endpoint as the SDK client's transport (`httpClient`): the real
 * CostManagementClient builds, authenticates, serializes and parses; `answer` replies like
 * Cost Management, and every request is recorded.
 */
export function createFakeCostManagement(
  answer: (request: RecordedRequest) => { status: number; body?: unknown },
) {
  const requests: RecordedRequest[] = [];
  const httpClient: HttpClient = {
    async sendRequest(request: PipelineRequest): Promise<PipelineResponse> {
      const url = new URL(request.url);
      const recorded: RecordedRequest = {
        method: request.method,
        path: decodeURIComponent(url.pathname),
        apiVersion: url.searchParams.get('api-version'),
        authorization: request.headers.get('authorization'),
        body:
          typeof request.body === 'string'
            ? JSON.parse(request.body)
            : undefined,
      };
      requests.push(recorded);
      const reply = answer(recorded);
      return {
        request,
        status: reply.status,
        headers: createHttpHeaders(
          reply.body === undefined
            ? {}
            : { 'content-type': 'application/json; charset=utf-8' },
        ),
        bodyAsText:
          reply.body === undefined ? undefined : JSON.stringify(reply.body),
      };
    },
  };
  return { httpClient, requests };
}

/** A query result as Cost Management sends it: the table under `properties`. */
export function queryResult(
  columns: Array<[name: string, type: string]>,
  rows: unknown[][],
) {
  return {
    id: 'subscriptions/00000000-0000-0000-0000-000000000000/providers/Microsoft.CostManagement/query/1b2c3d4e',
    name: '1b2c3d4e',
    type: 'Microsoft.CostManagement/query',
    properties: {
      nextLink: null,
      columns: columns.map(([name, type]) => ({ name, type })),
      rows,
    },
  };
}

/**
 * The answer to the month-to-date query the portal sends: cost grouped by the `service` tag,
 * one row per `[cost, 'service', tag value, currency]`.
 */
export function serviceTagQueryResult(rows: unknown[][]) {
  return queryResult(
    [
      ['PreTaxCost', 'Number'],
      ['TagKey', 'String'],
      ['TagValue', 'String'],
      ['Currency', 'String'],
    ],
    rows,
  );
}
