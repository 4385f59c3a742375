import path from 'node:path';
import type { Config } from '@backstage/config';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import type { DataLocation } from './services/PriceData/types';

/**
 * The cost feature's settings (config.d.ts), with defaults applied and paths resolved against
 * the backend's working directory.
 */
export interface CostConfig {
  environment: string;
  platformBudgetUsd: number;
  /** Full ref of the System the shared platform belongs to. */
  platformSystemRef: string;
  /** `cost.pricing.priceSheetUrl` when set, else the (resolved) `cost.pricing.priceSheetFile`. */
  priceSheet: DataLocation;
  /**
   * The platform's infra/ folder: `commerce.platform.infraDirectory` (resolved), else
   * `commerce.platform.infraUrl`; undefined when neither is set.
   */
  infra?: DataLocation;
  /** Undefined when `commerce.azure.subscriptionId` is not set. */
  azure?: {
    subscriptionId: string;
    costColumn: 'PreTaxCost' | 'Cost' | 'CostUSD';
    /** `cost.azure.queryTimeoutSeconds` in milliseconds (default 30 s). */
    queryTimeoutMs: number;
  };
}

/** The default of `cost.azure.queryTimeoutSeconds`. */
export const DEFAULT_COST_QUERY_TIMEOUT_SECONDS = 30;

const costColumns = ['PreTaxCost', 'Cost', 'CostUSD'] as const;

/** Reads the config; a value that cannot work stops the backend with a message saying which. */
export function readCostConfig(config: Config): CostConfig {
  const resolve = (file: string) => path.resolve(process.cwd(), file);
  const environment = config.getOptionalString('cost.environment') ?? 'prod';
  if (!/^[a-z][a-z0-9-]*$/.test(environment)) {
    throw new InputError(
      `cost.environment is "${environment}"; use an environment name such as prod or dev`,
    );
  }
  const platformBudgetUsd =
    config.getOptionalNumber('cost.platformBudgetUsd') ?? 3000;
  if (!(platformBudgetUsd > 0)) {
    throw new InputError(
      `cost.platformBudgetUsd is ${platformBudgetUsd}; use a positive number of US dollars, e.g. 3000`,
    );
  }
  const system =
    config.getOptionalString('cost.platform.system') ??
    'system:default/commerce-platform';
  let platformSystemRef: string | undefined;
  try {
    const ref = parseEntityRef(system, { defaultKind: 'System' });
    if (ref.kind.toLowerCase() === 'system') {
      platformSystemRef = stringifyEntityRef(ref);
    }
  } catch {
    // Reported below with what a valid value looks like.
  }
  if (!platformSystemRef) {
    throw new InputError(
      `cost.platform.system is "${system}"; use a System entity ref such as system:default/commerce-platform`,
    );
  }
  const infraDirectory = config
    .getOptionalString('commerce.platform.infraDirectory')
    ?.trim();
  const infraUrl = config
    .getOptionalString('commerce.platform.infraUrl')
    ?.trim();
  const priceSheetUrl = config
    .getOptionalString('cost.pricing.priceSheetUrl')
    ?.trim();
  const subscriptionId = config
    .getOptionalString('commerce.azure.subscriptionId')
    ?.trim();
  const costColumn =
    config.getOptionalString('cost.azure.costColumn') ?? 'PreTaxCost';
  if (!(costColumns as readonly string[]).includes(costColumn)) {
    throw new InputError(
      `cost.azure.costColumn is "${costColumn}"; use one of ${costColumns.join(
        ', ',
      )}`,
    );
  }
  const queryTimeoutSeconds =
    config.getOptionalNumber('cost.azure.queryTimeoutSeconds') ??
    DEFAULT_COST_QUERY_TIMEOUT_SECONDS;
  if (!(queryTimeoutSeconds > 0)) {
    throw new InputError(
      `cost.azure.queryTimeoutSeconds is ${queryTimeoutSeconds}; set a positive number of seconds (default ${DEFAULT_COST_QUERY_TIMEOUT_SECONDS})`,
    );
  }
  return {
    environment,
    platformBudgetUsd,
    platformSystemRef,
    priceSheet: priceSheetUrl
      ? { url: priceSheetUrl, setting: 'cost.pricing.priceSheetUrl' }
      : {
          file: resolve(
            config.getOptionalString('cost.pricing.priceSheetFile') ??
              '../../infra/pricing/azure-prices.yaml',
          ),
          setting: 'cost.pricing.priceSheetFile',
        },
    ...(infraDirectory
      ? {
          infra: {
            file: resolve(infraDirectory),
            setting: 'commerce.platform.infraDirectory',
          },
        }
      : infraUrl && {
          infra: { url: infraUrl, setting: 'commerce.platform.infraUrl' },
        }),
    ...(subscriptionId && {
      azure: {
        subscriptionId,
        costColumn: costColumn as (typeof costColumns)[number],
        queryTimeoutMs: queryTimeoutSeconds * 1000,
      },
    }),
  };
}
