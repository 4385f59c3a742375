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

/** One request the SDK sent, as ARM would see it. */
export interface ArmRequest {
  method: string;
  /** Decoded path without the query, e.g. /subscriptions/s/resourcegroups/rg-order-service */
  path: string;
  apiVersion: string | null;
  url: string;
  authorization: string | undefined;
  /** The JSON body, parsed; undefined for none. */
  body: any;
}

/** What the fake answers. */
export interface ArmReply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/**
 * A fake ARM endpoint as the SDK clients' transport (`httpClient`): the real clients build,
 * authenticate, poll and parse; `route` answers like ARM, and every request is recorded.
 * Unrouted requests get ARM's 404 so a test sees them fail instead of hanging.
 */
export function createFakeArm(
  route: (request: ArmRequest) => ArmReply | undefined,
) {
  const requests: ArmRequest[] = [];
  const httpClient: HttpClient = {
    async sendRequest(request: PipelineRequest): Promise<PipelineResponse> {
      const url = new URL(request.url);
      const recorded: ArmRequest = {
        method: request.method,
        path: decodeURIComponent(url.pathname),
        apiVersion: url.searchParams.get('api-version'),
        url: request.url,
        authorization: request.headers.get('authorization'),
        body:
          typeof request.body === 'string' && request.body
            ? JSON.parse(request.body)
            : undefined,
      };
      requests.push(recorded);
      const reply = route(recorded) ?? {
        status: 404,
        body: {
          error: {
            code: 'NotFound',
            message: `fake ARM has no route for ${request.method} ${url.pathname}`,
          },
        },
      };
      return {
        request,
        status: reply.status,
        headers: createHttpHeaders({
          ...(reply.body !== undefined && {
            'content-type': 'application/json; charset=utf-8',
          }),
          ...reply.headers,
        }),
        bodyAsText:
          reply.body === undefined ? undefined : JSON.stringify(reply.body),
      };
    },
  };
  return { httpClient, requests };
}
