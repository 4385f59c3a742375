import {
  CostManagementClient,
  type QueryDefinition,
  type QueryFilter,
} from '@azure/arm-costmanagement';
import type { TokenCredential } from '@azure/core-auth';
import type { HttpClient } from '@azure/core-rest-pipeline';
import { DefaultAzureCredential } from '@azure/identity';
import type { CacheService } from '@backstage/backend-plugin-api';
import { ServiceUnavailableError } from '@backstage/errors';
import { withTimeout } from '@internal/plugin-catalog-files-node';
import {
  costReportPeriod,
  parseServiceSpend,
  parseSpendByTag,
  type CostQueryResult,
  type ServiceSpend,
} from '@internal/plugin-cost-common';
import type { CostConfig } from '../../config';
import type { ConfiguredCostManagement, CostManagementService } from './types';

/**
 * The one place the cost feature reaches Azure: Cost Management's Query API through the
 * official SDK, at subscription scope, filtered by the `service` and `environment` tags.
 */

/**
 * Overrides for the SDK client. Production passes none: DefaultAzureCredential (workload
 * identity in AKS, `az login` locally) over the SDK's own transport. Tests pass a fixed-token
 * credential and an `httpClient` that answers like Cost Management.
 */
export interface CostManagementOverrides {
  credential?: TokenCredential;
  httpClient?: HttpClient;
  /** ARM endpoint; default https://management.azure.com. */
  endpoint?: string;
  /** The clock the reporting period is taken from. */
  now?: () => Date;
}

/** The tag every resource carries with its service's name (the platform's is its System's). */
const SERVICE_TAG = 'service';
/** How long an answer is reused: Cost Management refreshes a few times a day and throttles. */
const CACHE_TTL_MS = 10 * 60_000;

class AzureCostManagement implements ConfiguredCostManagement {
  readonly configured = true;
  private readonly client: CostManagementClient;
  private readonly now: () => Date;
  /**
   * Queries under way, so callers asking the same at once share one; an entry lives only while
   * its query does (answers are kept in the backend's cache, which expires them).
   */
  private readonly inFlight = new Map<string, Promise<CostQueryResult>>();

  constructor(
    private readonly cache: CacheService,
    private readonly subscriptionId: string,
    private readonly costColumn: string,
    private readonly environment: string,
    private readonly timeoutMs: number,
    overrides: CostManagementOverrides,
  ) {
    this.client = new CostManagementClient(
      overrides.credential ?? new DefaultAzureCredential(),
      {
        userAgentOptions: { userAgentPrefix: 'commerce-platform-portal' },
        ...(overrides.httpClient && { httpClient: overrides.httpClient }),
        ...(overrides.endpoint && { endpoint: overrides.endpoint }),
      },
    );
    this.now = overrides.now ?? (() => new Date());
  }

  describeSource(serviceTag: string): string {
    return `Azure Cost Management: actual cost, month to date, of the resources in subscription ${this.subscriptionId} tagged ${SERVICE_TAG}=${serviceTag} and environment=${this.environment}`;
  }

  async serviceSpend(serviceTag: string): Promise<ServiceSpend> {
    const period = costReportPeriod(this.now());
    const result = await this.query({
      type: 'ActualCost',
      timeframe: 'Custom',
      timePeriod: { from: period.from, to: period.to },
      dataset: {
        granularity: 'Monthly',
        aggregation: {
          totalCost: { name: this.costColumn, function: 'Sum' },
        },
        // Monthly rows per resource give both the trend and the top resources in one query.
        grouping: [{ type: 'Dimension', name: 'ResourceId' }],
        filter: this.filter([serviceTag]),
      },
    });
    return parseServiceSpend(result, { period, what: serviceTag });
  }

  async spendByService(serviceTags: string[]): Promise<Map<string, number>> {
    const period = costReportPeriod(this.now(), 0);
    const result = await this.query({
      type: 'ActualCost',
      timeframe: 'Custom',
      timePeriod: { from: period.from, to: period.to },
      dataset: {
        aggregation: {
          totalCost: { name: this.costColumn, function: 'Sum' },
        },
        grouping: [{ type: 'TagKey', name: SERVICE_TAG }],
        filter: this.filter(serviceTags),
      },
    });
    return parseSpendByTag(result, {
      tagName: SERVICE_TAG,
      what: `the services ${serviceTags.join(', ')}`,
    });
  }

  private filter(serviceTags: string[]): QueryFilter {
    return {
      and: [
        {
          tags: { name: SERVICE_TAG, operator: 'In', values: serviceTags },
        },
        {
          tags: {
            name: 'environment',
            operator: 'In',
            values: [this.environment],
          },
        },
      ],
    };
  }

  private async query(definition: QueryDefinition): Promise<CostQueryResult> {
    const key = `cost-management:${this.subscriptionId}:${JSON.stringify(
      definition.dataset,
    )}`;
    const cached = (await this.cache.get(key)) as CostQueryResult | undefined;
    if (cached) {
      return cached;
    }
    let pending = this.inFlight.get(key);
    if (!pending) {
      pending = this.ask(definition).finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, pending);
    }
    const result = await pending;
    // Only an answer is kept, never a failure (a timeout included): the next request asks again.
    await this.cache.set(key, result as any, { ttl: CACHE_TTL_MS });
    return result;
  }

  /** One query to Azure, given up after cost.azure.queryTimeoutSeconds. */
  private ask(definition: QueryDefinition): Promise<CostQueryResult> {
    // A hung query must not hold its callers: it is aborted after the timeout, and the race
    // settles even if a transport ignores the abort.
    return withTimeout(
      {
        system: 'Azure Cost Management',
        timeoutMs: this.timeoutMs,
        configKey: 'cost.azure.queryTimeoutSeconds',
      },
      `querying subscription ${this.subscriptionId}`,
      abortSignal =>
        // The SDK's path is "/{scope}/providers/…" and does not encode the scope: no leading
        // slash.
        this.client.query
          .usage(`subscriptions/${this.subscriptionId}`, definition, {
            abortSignal,
          })
          .then(
            result => result as CostQueryResult,
            error => {
              // Not passed as the cause: Backstage appends a cause to the message, which
              // already carries Azure's code and message.
              throw new ServiceUnavailableError(
                describeCostManagementError(error, this.subscriptionId),
              );
            },
          ),
    );
  }
}

/**
 * Builds the service from `commerce.azure` and `cost.*`; "not configured" (and why) without a
 * subscription. Answers are kept in `cache` (the backend's CacheService) for ten minutes.
 */
export function createCostManagementService(
  config: Pick<CostConfig, 'azure' | 'environment'>,
  options: { cache: CacheService } & CostManagementOverrides,
): CostManagementService {
  if (!config.azure) {
    return {
      configured: false,
      reason:
        'set commerce.azure.subscriptionId (and give the backend the Cost Management Reader role on it) for actual spend; showing estimates',
    };
  }
  const { cache, ...overrides } = options;
  return new AzureCostManagement(
    cache,
    config.azure.subscriptionId,
    config.azure.costColumn,
    config.environment,
    config.azure.queryTimeoutMs,
    overrides,
  );
}

/** A Cost Management failure in words, with the fix for the usual causes. */
function describeCostManagementError(
  error: unknown,
  subscriptionId: string,
): string {
  const { code, message, statusCode } = error as {
    code?: string;
    message?: string;
    statusCode?: number;
  };
  const detail = [code, message].filter(Boolean).join(': ') || String(error);
  if (statusCode === 401 || statusCode === 403) {
    return `Azure Cost Management refused the query (${detail}); give the backend's identity the Cost Management Reader role on subscription ${subscriptionId}`;
  }
  if (statusCode === 429) {
    return `Azure Cost Management is throttling queries (${detail}); the figures come back within minutes`;
  }
  return `Azure Cost Management could not be queried: ${detail}`;
}
