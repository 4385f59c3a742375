import { z } from 'zod';
import type { BicepParamValue } from './bicepParams';
import { InvalidBicepParamsError } from './errors';
import { roundCents, sum } from './money';
import { monthlyCost, PriceSheet, PriceUnit } from './priceSheet';

/**
 * What infra/main.bicep builds that its parameters do not change: the estimate counts these, and
 * a test of infra/ checks them against the Bicep's own `// cost-model:` line.
 *
 * @public
 */
export const platformStructure = {
  /** Key Vault, TechDocs blob, and the registry when it is Premium (private endpoints need it). */
  privateEndpointsWithoutRegistry: 2,
  /**
   * vaultcore, azurecr, blob, the portal database's, and the services' documents, redis.cache
   * and postgres privatelink zones (the services' endpoints are in their own cost models).
   */
  privateDnsZones: 7,
  /** AKS's outbound load balancer and the gateway's internal one. */
  loadBalancers: 2,
  /** AKS's outbound address and the CI runners' egress address (their NAT gateway's). */
  publicIps: 2,
  /** The CI runners' egress (infra/modules/network.bicep); its data processed is not counted. */
  natGateways: 1,
  /**
   * Zone-redundant Premium SSD disks the cluster's monitoring claims (infra/cluster/monitoring):
   * Prometheus' TSDB, 64 GiB (a P6), and one 4 GiB state disk (a P1) per Alertmanager replica.
   * Not in the Bicep: the AKS disk CSI driver creates them for the claims. The cost-common tests
   * check these against the manifests' replicas and storage requests.
   */
  prometheusDisks: 1,
  alertmanagerDisks: 2,
} as const;

/**
 * Metered usage the Bicep does not fix, assumed for an environment (infra/pricing/usage.yaml).
 *
 * @public
 */
export interface PlatformUsage {
  keyVaultOperationsPerMonth: number;
  techDocsStorageGb: number;
  frontDoorRequestsPerMonth: number;
  /** GB a month into the platform's private endpoints (pushes, writes). */
  privateLinkInboundGbPerMonth: number;
  /** GB a month out of them (image pulls, TechDocs and secret reads). */
  privateLinkOutboundGbPerMonth: number;
  /** Queries a month to the private DNS zones, from every pod and node in the VNet. */
  privateDnsQueriesPerMonth: number;
}

/**
 * Where a line's quantity comes from: the Bicep (list price of what is deployed), an assumption
 * in infra/pricing/usage.yaml, or a configured cap (an upper bound).
 *
 * @public
 */
export type CostBasis = 'list price' | 'assumed usage' | 'daily cap';

/**
 * One priced line of an estimate.
 *
 * @public
 */
export interface CostLine {
  /** What is being paid for, in words. */
  item: string;
  /** The price sheet entry used. */
  priceId: string;
  /** Resources (or units consumed in a month) priced at the minimum scale. */
  quantity: number;
  /** The price sheet's unit of `quantity`, e.g. `vm-hour` (per VM) or `10k-requests`. */
  unit: PriceUnit;
  monthlyUsd: number;
  /** The same line with every autoscaler at its maximum. */
  atMaxScaleUsd: number;
  basis: CostBasis;
}

/** @public */
export interface PlatformEstimate {
  /** Always an estimate: actual spend comes from Azure Cost Management. */
  kind: 'estimate';
  environment: string;
  currency: 'USD';
  region: string;
  pricesAsOf: string;
  lines: CostLine[];
  /** At the autoscalers' minimum: what the platform costs when idle. */
  monthlyUsd: number;
  /** At the autoscalers' maximum: what a sustained peak costs. */
  atMaxScaleUsd: number;
  /** Things a reader should know about the figures (e.g. prices for another region). */
  warnings: string[];
}

const count = z.number().int().nonnegative();

const usageSchema = z.object({
  keyVaultOperationsPerMonth: count,
  techDocsStorageGb: z.number().nonnegative(),
  frontDoorRequestsPerMonth: count,
  privateLinkInboundGbPerMonth: z.number().nonnegative(),
  privateLinkOutboundGbPerMonth: z.number().nonnegative(),
  privateDnsQueriesPerMonth: count,
});

/**
 * Reads one environment's assumed usage from the parsed infra/pricing/usage.yaml document.
 *
 * @public
 */
export function parsePlatformUsage(
  document: unknown,
  environment: string,
): PlatformUsage {
  const environments = (document as { environments?: Record<string, unknown> })
    ?.environments;
  const source = `usage assumptions for "${environment}"`;
  if (!environments || typeof environments !== 'object') {
    throw new InvalidBicepParamsError(source, [
      'the document needs an "environments" map (environment name → assumptions)',
    ]);
  }
  const result = usageSchema.safeParse(environments[environment]);
  if (!result.success) {
    throw new InvalidBicepParamsError(
      source,
      environments[environment] === undefined
        ? [
            `no entry for "${environment}"; the file lists ${Object.keys(
              environments,
            ).join(', ')}`,
          ]
        : result.error.issues.map(i => `${i.path.join('.')}: ${i.message}`),
    );
  }
  return result.data;
}

/** The parameters of infra/main.bicep that decide cost; the names are the Bicep's. */
const platformParamsSchema = z.object({
  environment: z.string(),
  location: z.string(),
  aksTier: z.enum(['Free', 'Standard', 'Premium']),
  systemNodeVmSize: z.string(),
  systemNodeCount: count,
  systemNodeMaxCount: count,
  userNodeVmSize: z.string(),
  userNodeMinCount: count,
  userNodeMaxCount: count,
  deployFrontDoor: z.boolean(),
  containerRegistrySku: z.enum(['Basic', 'Standard', 'Premium']),
  keyVaultSku: z.enum(['standard', 'premium']),
  logDailyQuotaGb: z.number().positive(),
  portalDatabaseTier: z.enum([
    'Burstable',
    'GeneralPurpose',
    'MemoryOptimized',
  ]),
  portalDatabaseSkuName: z.string(),
  portalDatabaseHighAvailability: z.enum([
    'Disabled',
    'SameZone',
    'ZoneRedundant',
  ]),
  portalDatabaseStorageGb: count,
  techDocsStorageSku: z.enum(['Standard_LRS', 'Standard_ZRS']),
});

type PlatformParams = z.infer<typeof platformParamsSchema>;

/**
 * The shared platform's monthly cost, from the parameters of infra/main.bicep for one
 * environment, priced with the price sheet; metered usage comes from `usage`.
 *
 * @param source - where the parameters came from, for error messages
 * @public
 */
export function estimatePlatformCost(options: {
  params: Record<string, BicepParamValue>;
  source: string;
  priceSheet: PriceSheet;
  usage: PlatformUsage;
}): PlatformEstimate {
  const { priceSheet: sheet, usage } = options;
  const params = readPlatformParams(options.params, options.source);
  const lines: CostLine[] = [];
  const add = (
    item: string,
    priceId: string,
    quantity: number,
    basis: CostBasis,
    maxQuantity = quantity,
  ) => {
    const monthlyUsd = monthlyCost(sheet, priceId, quantity);
    lines.push({
      item,
      priceId,
      quantity,
      unit: sheet.prices.find(p => p.id === priceId)!.unit,
      monthlyUsd,
      atMaxScaleUsd: monthlyCost(sheet, priceId, maxQuantity),
      basis,
    });
  };

  add('AKS control plane', `aks.tier.${params.aksTier}`, 1, 'list price');
  add(
    'AKS system node pool',
    `vm.${params.systemNodeVmSize}`,
    params.systemNodeCount,
    'list price',
    params.systemNodeMaxCount,
  );
  add(
    'AKS user node pool',
    `vm.${params.userNodeVmSize}`,
    params.userNodeMinCount,
    'list price',
    params.userNodeMaxCount,
  );
  add(
    'Load balancers (AKS outbound, gateway internal)',
    'loadbalancer.standard',
    platformStructure.loadBalancers,
    'list price',
  );
  add(
    'Outbound public IPs (AKS, CI runners)',
    'publicip.standard',
    platformStructure.publicIps,
    'list price',
  );
  add(
    "NAT gateway (CI runners' egress)",
    'natgateway.standard',
    platformStructure.natGateways,
    'list price',
  );
  if (params.deployFrontDoor) {
    add('Front Door Premium + WAF', 'frontdoor.Premium.base', 1, 'list price');
    add(
      'Front Door requests',
      'frontdoor.Premium.requests',
      usage.frontDoorRequestsPerMonth / 10_000,
      'assumed usage',
    );
  }
  add(
    `Container Registry ${params.containerRegistrySku}`,
    `acr.${params.containerRegistrySku}`,
    1,
    'list price',
  );
  add(
    'Key Vault operations',
    `keyvault.${params.keyVaultSku}.operations`,
    usage.keyVaultOperationsPerMonth / 10_000,
    'assumed usage',
  );
  add(
    'Log Analytics ingestion at the daily cap',
    'loganalytics.analytics.ingestion',
    (params.logDailyQuotaGb * sheet.hoursPerMonth) / 24,
    'daily cap',
  );
  const databaseServers =
    params.portalDatabaseHighAvailability === 'Disabled' ? 1 : 2;
  add(
    `Portal database compute (${
      databaseServers === 2 ? 'primary + standby' : 'one server'
    })`,
    `postgres.flexible.${params.portalDatabaseTier}.${params.portalDatabaseSkuName}`,
    databaseServers,
    'list price',
  );
  add(
    'Portal database storage (GB)',
    'postgres.flexible.storage',
    params.portalDatabaseStorageGb * databaseServers,
    'list price',
  );
  add(
    'Private endpoints',
    'privatelink.endpoint',
    platformStructure.privateEndpointsWithoutRegistry +
      (params.containerRegistrySku === 'Premium' ? 1 : 0),
    'list price',
  );
  add(
    'Private Link data processed, inbound',
    'privatelink.data.inbound',
    usage.privateLinkInboundGbPerMonth,
    'assumed usage',
  );
  add(
    'Private Link data processed, outbound',
    'privatelink.data.outbound',
    usage.privateLinkOutboundGbPerMonth,
    'assumed usage',
  );
  add(
    'Private DNS zones',
    'privatedns.zone',
    platformStructure.privateDnsZones,
    'list price',
  );
  add(
    'Private DNS queries',
    'privatedns.queries',
    usage.privateDnsQueriesPerMonth / 1_000_000,
    'assumed usage',
  );
  add(
    'Prometheus TSDB disk (64 GiB Premium SSD ZRS)',
    'disk.premium-zrs.P6',
    platformStructure.prometheusDisks,
    'list price',
  );
  add(
    'Alertmanager state disks (4 GiB Premium SSD ZRS)',
    'disk.premium-zrs.P1',
    platformStructure.alertmanagerDisks,
    'list price',
  );
  add(
    'TechDocs storage (GB)',
    `storage.blob.hot.${params.techDocsStorageSku}`,
    usage.techDocsStorageGb,
    'assumed usage',
  );

  const warnings: string[] = [];
  if (params.location !== sheet.region) {
    warnings.push(
      `the prices are for ${sheet.region} but the platform deploys to ${params.location}; ` +
        'list prices differ between regions',
    );
  }
  return {
    kind: 'estimate',
    environment: params.environment,
    currency: sheet.currency,
    region: sheet.region,
    pricesAsOf: sheet.asOf,
    lines,
    monthlyUsd: roundCents(sum(lines.map(l => l.monthlyUsd))),
    atMaxScaleUsd: roundCents(sum(lines.map(l => l.atMaxScaleUsd))),
    warnings,
  };
}

function readPlatformParams(
  params: Record<string, BicepParamValue>,
  source: string,
): PlatformParams {
  const result = platformParamsSchema.safeParse(params);
  if (result.success) {
    const problems: string[] = [];
    if (result.data.systemNodeMaxCount < result.data.systemNodeCount) {
      problems.push('systemNodeMaxCount is below systemNodeCount');
    }
    if (result.data.userNodeMaxCount < result.data.userNodeMinCount) {
      problems.push('userNodeMaxCount is below userNodeMinCount');
    }
    if (problems.length > 0) {
      throw new InvalidBicepParamsError(source, problems);
    }
    return result.data;
  }
  throw new InvalidBicepParamsError(
    source,
    result.error.issues.map(issue => {
      const name = issue.path.join('.');
      const value = params[String(issue.path[0])];
      return value === undefined
        ? `parameter "${name}" is missing; the estimate needs a literal value for it`
        : `parameter "${name}" = ${JSON.stringify(value)}: ${issue.message}`;
    }),
  );
}
