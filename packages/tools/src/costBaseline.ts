/*
 * Prints the shared platform's monthly cost estimate for an environment, computed from the
 * parameters in infra/main.<env>.bicepparam and the price sheet in infra/pricing/, against the
 * commerce-platform system's budget (catalog/commerce.yaml).
 *
 *   yarn cost:baseline [prod|dev]
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import {
  estimatePlatformCost,
  parseBicepParams,
  parsePlatformUsage,
  parsePriceSheet,
} from '@internal/plugin-cost-common';

// Run from source (yarn cost:baseline), so __dirname is packages/tools/src.
// eslint-disable-next-line no-restricted-syntax
const root = path.resolve(__dirname, '../../..');
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');

function systemBudgetUsd(): number | undefined {
  const system = parseAllDocuments(read('catalog/commerce.yaml'))
    .map(doc => doc.toJS())
    .find(
      e => e?.kind === 'System' && e.metadata?.name === 'commerce-platform',
    );
  const value = Number(
    system?.metadata?.annotations?.['commerce.platform/monthly-budget-usd'],
  );
  return Number.isFinite(value) ? value : undefined;
}

const usd = (value: number) =>
  `$${value.toLocaleString('en-US', {
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
  })}`;

function main() {
  const environment = process.argv[2] ?? 'prod';
  const source = `infra/main.${environment}.bicepparam`;
  if (!existsSync(path.join(root, source))) {
    const known = readdirSync(path.join(root, 'infra'))
      .map(f => /^main\.(\w+)\.bicepparam$/.exec(f)?.[1])
      .filter(Boolean);
    throw new Error(
      `no parameter file ${source}; the environments are ${known.join(', ')}`,
    );
  }
  const estimate = estimatePlatformCost({
    params: parseBicepParams(read(source), source),
    source,
    priceSheet: parsePriceSheet(parse(read('infra/pricing/azure-prices.yaml'))),
    usage: parsePlatformUsage(
      parse(read('infra/pricing/usage.yaml')),
      environment,
    ),
  });
  const width = Math.max(...estimate.lines.map(l => l.item.length));
  const out: string[] = [
    `Shared platform, ${environment}: monthly estimate (${estimate.currency}, ${estimate.region} list prices as of ${estimate.pricesAsOf})`,
    '',
    `${'item'.padEnd(width)}  ${'quantity'.padStart(8)} ${'unit'.padEnd(
      14,
    )}  ${'idle'.padStart(10)}  ${'max scale'.padStart(10)}  basis`,
  ];
  for (const line of estimate.lines) {
    out.push(
      `${line.item.padEnd(width)}  ${String(
        Math.round(line.quantity * 100) / 100,
      ).padStart(8)} ${line.unit.padEnd(14)}  ${usd(line.monthlyUsd).padStart(
        10,
      )}  ${usd(line.atMaxScaleUsd).padStart(10)}  ${line.basis}`,
    );
  }
  out.push(
    '',
    `${'total'.padEnd(width)}  ${''.padStart(23)}  ${usd(
      estimate.monthlyUsd,
    ).padStart(10)}  ${usd(estimate.atMaxScaleUsd).padStart(10)}`,
  );
  const budget = systemBudgetUsd();
  if (budget !== undefined && environment === 'prod') {
    out.push(
      '',
      `commerce-platform budget ${usd(
        budget,
      )}/month: the platform idle uses ${Math.round(
        (estimate.monthlyUsd / budget) * 100,
      )} %, ` +
        `leaving ${usd(
          budget - estimate.monthlyUsd,
        )} for the four services' own resources; ` +
        `at full autoscale it is ${usd(estimate.atMaxScaleUsd)} (${
          estimate.atMaxScaleUsd > budget ? 'over' : 'within'
        } budget).`,
    );
  }
  for (const warning of estimate.warnings) out.push(`warning: ${warning}`);
  console.log(out.join('\n'));
}

try {
  main();
} catch (error) {
  console.error(`cost:baseline: ${(error as Error).message}`);
  process.exitCode = 1;
}
