import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { parseBicepParams } from './bicepParams';
import { InvalidBicepParamsError } from './errors';
import {
  estimatePlatformCost,
  parsePlatformUsage,
  platformStructure,
} from './platformEstimate';
import { parsePriceSheet } from './priceSheet';

const infra = path.resolve(__dirname, '../../../infra');
const readInfra = (file: string) =>
  readFileSync(path.join(infra, file), 'utf8');
const priceSheet = parsePriceSheet(
  parse(readInfra('pricing/azure-prices.yaml')),
);
const usageDocument = parse(readInfra('pricing/usage.yaml'));

function estimate(environment: 'dev' | 'prod') {
  const source = `infra/main.${environment}.bicepparam`;
  return estimatePlatformCost({
    params: parseBicepParams(
      readInfra(`main.${environment}.bicepparam`),
      source,
    ),
    source,
    priceSheet,
    usage: parsePlatformUsage(usageDocument, environment),
  });
}

describe('estimatePlatformCost on the real infra/ parameters and price sheet', () => {
  it('prices production at $1,954.88 a month idle and $3,496.64 at full autoscale', () => {
    // Worked by hand from infra/main.prod.bicepparam, infra/pricing/azure-prices.yaml and usage.yaml
    // (730 h/month):
    //   AKS Standard 0.10×730 = 73.00; system 3×0.132×730 = 289.08; user 3×0.264×730 = 578.16
    //   2 LB 2×0.025×730 = 36.50; AKS outbound IP 0.005×730 = 3.65
    //   Front Door 330.00 + 30M requests 3,000×0.012 = 36.00
    //   ACR Premium 1.667×730/24 = 50.70; Key Vault 1M ops 100×0.03 = 3.00
    //   Log Analytics cap 2 GB×730/24×2.99 = 181.89
    //   portal PostgreSQL HA 2×0.191×730 = 278.86 + storage 2×32×0.131 = 8.38
    //   3 private endpoints 21.90, data processed 10 GB in 0.10 + 100 GB out 1.00
    //   7 DNS zones 3.50, 10M queries 10×0.40 = 4.00; TechDocs 10 GB ZRS 0.26
    //   monitoring disks (ZRS): Prometheus P6 15.97 + Alertmanager 2×P1 2×1.21 = 18.39
    //   CI runners' egress: NAT gateway 0.045×730 = 32.85 + its public IP 0.005×730 = 3.65
    //   total 1,954.88; at max scale +2 system nodes (192.72) +7 user nodes (1,349.04) = 3,496.64
    const prod = estimate('prod');
    expect(prod.kind).toBe('estimate');
    expect(prod.monthlyUsd).toBe(1954.88);
    expect(prod.atMaxScaleUsd).toBe(3496.64);
    expect(prod.pricesAsOf).toBe(priceSheet.asOf);
    expect(prod.warnings).toEqual([]);
    const line = (item: string) =>
      prod.lines.find(l => l.item.startsWith(item));
    expect(line('AKS user node pool')).toMatchObject({
      priceId: 'vm.Standard_D4ds_v5',
      quantity: 3,
    });
    expect(line('AKS user node pool')!.atMaxScaleUsd).toBeCloseTo(1927.2, 6);
    expect(line('Portal database compute')).toMatchObject({
      item: 'Portal database compute (primary + standby)',
      quantity: 2,
    });
    expect(line('Log Analytics')).toMatchObject({ basis: 'daily cap' });
    expect(line('Front Door requests')).toMatchObject({
      basis: 'assumed usage',
      monthlyUsd: 36,
    });
    // The services' privatelink zones (documents, redis.cache, postgres) are the platform's.
    expect(line('Private DNS zones')).toMatchObject({
      quantity: 7,
      monthlyUsd: 3.5,
    });
    expect(line('Private DNS queries')).toMatchObject({
      priceId: 'privatedns.queries',
      quantity: 10,
      unit: 'million-queries',
      basis: 'assumed usage',
      monthlyUsd: 4,
    });
  });

  it('prices dev at $473.87 a month: no edge, no HA, Free AKS tier, a B2s database', () => {
    const dev = estimate('dev');
    // 416.46 before the services' zones and the Private Link and DNS usage lines (+2.52), and
    // the same cluster's monitoring disks (+18.39), and the CI runners' NAT gateway and
    // its address (+36.50).
    expect(dev.monthlyUsd).toBe(473.87);
    expect(dev.lines.some(l => l.priceId.startsWith('frontdoor.'))).toBe(false);
    expect(dev.lines.find(l => l.item === 'Private endpoints')?.quantity).toBe(
      2,
    );
  });

  it('counts the disks the cluster monitoring claims, each within the tier it is priced at', () => {
    const objects = (file: string) =>
      parseAllDocuments(readInfra(file)).map(d => d.toJS());
    const tierGiB: Record<string, number> = { P1: 4, P6: 64 };
    const gib = (quantity: string) => {
      const match = /^(\d+)Gi$/.exec(quantity);
      expect(match).not.toBeNull();
      return Number(match![1]);
    };
    const prometheus = objects('cluster/monitoring/prometheus.yaml').find(
      o => o.kind === 'Prometheus',
    );
    const claim = prometheus.spec.storage.volumeClaimTemplate.spec;
    expect(prometheus.spec.replicas).toBe(platformStructure.prometheusDisks);
    expect(claim.storageClassName).toBe('managed-premium-zrs');
    expect(gib(claim.resources.requests.storage)).toBeLessThanOrEqual(
      tierGiB.P6,
    );
    expect(gib(claim.resources.requests.storage)).toBeGreaterThan(32);
    const alertmanager = objects('cluster/monitoring/alertmanager.yaml').find(
      o => o.kind === 'StatefulSet',
    );
    const [state] = alertmanager.spec.volumeClaimTemplates;
    expect(alertmanager.spec.replicas).toBe(
      platformStructure.alertmanagerDisks,
    );
    expect(state.spec.storageClassName).toBe('managed-premium-zrs');
    expect(gib(state.spec.resources.requests.storage)).toBeLessThanOrEqual(
      tierGiB.P1,
    );
    const storageClass = objects('cluster/monitoring/storageclass.yaml')[0];
    expect(storageClass.parameters.skuName).toBe('Premium_ZRS');
    for (const id of ['disk.premium-zrs.P1', 'disk.premium-zrs.P6']) {
      expect(priceSheet.prices.find(p => p.id === id)?.unit).toBe('disk-month');
    }
  });

  it('counts the same structure as the Bicep declares in its cost-model line', () => {
    const line = /^\/\/ cost-model: (.*)$/m.exec(readInfra('main.bicep'))?.[1];
    expect(line).toBe(
      `privateEndpoints=${
        platformStructure.privateEndpointsWithoutRegistry + 1
      } ` +
        `privateDnsZones=${platformStructure.privateDnsZones} ` +
        `loadBalancers=${platformStructure.loadBalancers} ` +
        `publicIps=${platformStructure.publicIps} ` +
        `natGateways=${platformStructure.natGateways}`,
    );
  });
});

describe('estimatePlatformCost with bad input', () => {
  const params = parseBicepParams(readInfra('main.prod.bicepparam'), 'prod');
  const usage = parsePlatformUsage(usageDocument, 'prod');

  it('lists every missing or wrong parameter', () => {
    const { userNodeVmSize: _dropped, ...rest } = params;
    let error: InvalidBicepParamsError | undefined;
    try {
      estimatePlatformCost({
        params: { ...rest, systemNodeCount: '3', aksTier: 'Gold' },
        source: 'main.prod.bicepparam',
        priceSheet,
        usage,
      });
    } catch (e) {
      error = e as InvalidBicepParamsError;
    }
    expect(error).toBeInstanceOf(InvalidBicepParamsError);
    expect(error!.problems).toEqual([
      expect.stringMatching(/^parameter "aksTier" = "Gold": /),
      expect.stringMatching(/^parameter "systemNodeCount" = "3": /),
      'parameter "userNodeVmSize" is missing; the estimate needs a literal value for it',
    ]);
  });

  it('refuses an autoscale maximum below its minimum', () => {
    expect(() =>
      estimatePlatformCost({
        params: { ...params, userNodeMaxCount: 2 },
        source: 'main.prod.bicepparam',
        priceSheet,
        usage,
      }),
    ).toThrow('userNodeMaxCount is below userNodeMinCount');
  });

  it('names the price a new SKU needs', () => {
    expect(() =>
      estimatePlatformCost({
        params: { ...params, userNodeVmSize: 'Standard_E8ds_v5' },
        source: 'main.prod.bicepparam',
        priceSheet,
        usage,
      }),
    ).toThrow('no price for "vm.Standard_E8ds_v5"');
  });

  it('warns when the prices are for another region', () => {
    const estimateIn = estimatePlatformCost({
      params: { ...params, location: 'swedencentral' },
      source: 'main.prod.bicepparam',
      priceSheet,
      usage,
    });
    expect(estimateIn.warnings).toEqual([
      'the prices are for westeurope but the platform deploys to swedencentral; list prices differ between regions',
    ]);
  });

  it('says which usage assumptions are missing', () => {
    expect(() => parsePlatformUsage(usageDocument, 'staging')).toThrow(
      'no entry for "staging"; the file lists prod, dev',
    );
    expect(() =>
      parsePlatformUsage(
        { environments: { prod: { keyVaultOperationsPerMonth: -1 } } },
        'prod',
      ),
    ).toThrow(InvalidBicepParamsError);
  });
});
