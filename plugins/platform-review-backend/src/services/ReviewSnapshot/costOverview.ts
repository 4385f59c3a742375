import type {
  AuthService,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import { isError } from '@backstage/errors';
import type { CostOverview } from '@internal/plugin-cost-common';

/** How long the cost backend may take; its overview prices every service (or asks Azure). */
const TIMEOUT_MS = 30_000;

/**
 * The cost backend's platform overview (`GET /api/cost/v1/overview`), asked as this plugin
 * (a service token for the cost plugin), so it works with no user around (the scheduled
 * refresh). Never throws: whatever goes wrong is the `problem`, and the review is built without
 * the spend part.
 */
export async function fetchCostOverview(options: {
  discovery: DiscoveryService;
  auth: AuthService;
}): Promise<{ overview?: CostOverview; problem?: string }> {
  const { discovery, auth } = options;
  let url = 'the cost backend';
  try {
    url = `${await discovery.getBaseUrl('cost')}/v1/overview`;
    const { token } = await auth.getPluginRequestToken({
      onBehalfOf: await auth.getOwnServiceCredentials(),
      targetPluginId: 'cost',
    });
    const response = await fetchOnce(url, token).catch(error => {
      // A pooled keep-alive connection the server closed meanwhile: one fresh try.
      if (isStaleConnection(error)) return fetchOnce(url, token);
      throw error;
    });
    if (!response.ok) {
      return {
        problem: `Spend is not shown: the cost backend answered ${
          response.status
        } ${response.statusText} for ${url}${await errorDetail(
          response,
        )}; check that @internal/plugin-cost-backend is installed and its log`,
      };
    }
    return { overview: (await response.json()) as CostOverview };
  } catch (error) {
    return {
      problem: `Spend is not shown: the cost backend could not be reached at ${url} (${
        isError(error) ? causeOf(error) : String(error)
      }); check that @internal/plugin-cost-backend is installed and running`,
    };
  }
}

function fetchOnce(url: string, token: string): Promise<Response> {
  return fetch(url, {
    headers: { Authorization: `Bearer ${token}` },
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
}

function isStaleConnection(error: unknown): boolean {
  const code = (error as { cause?: { code?: unknown } })?.cause?.code;
  return code === 'ECONNRESET' || code === 'EPIPE' || code === 'UND_ERR_SOCKET';
}

/** Backstage's error body (`{ error: { message } }`), when there is one. */
async function errorDetail(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as { error?: { message?: string } };
    return body.error?.message ? `: ${body.error.message}` : '';
  } catch {
    return '';
  }
}

// fetch says only "fetch failed"; the cause says ECONNREFUSED and where.
function causeOf(error: Error): string {
  const cause = (error as Error & { cause?: unknown }).cause;
  return isError(cause) ? `${error.message}: ${cause.message}` : error.message;
}
