import { isRecord, parseWithProblems } from '@internal/schema-problems';
import { z } from 'zod';
import { InvalidCostModelError } from './errors';
import type { CostBasis } from './platformEstimate';

/**
 * One thing a service pays Azure for in an environment.
 *
 * @public
 */
export interface CostModelLine {
  /** What it is, in words, e.g. "Azure Cache for Redis Premium P1, primary + 2 replicas". */
  item: string;
  /** The price sheet entry it is priced with, e.g. `redis.Premium.P1`. */
  priceId: string;
  /** How many of the price's unit: resources for capacity meters, units consumed for usage meters. */
  quantity: number;
  /** The quantity with every autoscaler at its maximum; `quantity` when nothing scales. */
  maxQuantity?: number;
  /** Whether the quantity is what the Bicep deploys (`list price`) or an assumption. */
  basis: CostBasis;
}

/**
 * A service's declared resources and SKUs per environment (`infra/cost-model.yaml`).
 *
 * @public
 */
export interface CostModel {
  apiVersion: 'commerce.platform/v1alpha1';
  kind: 'CostModel';
  /** Environment name (prod, dev…) → what the service runs there. */
  environments: Record<string, CostModelLine[]>;
}

const bases: [CostBasis, ...CostBasis[]] = [
  'list price',
  'assumed usage',
  'daily cap',
];

const lineSchema = z.strictObject(
  {
    item: z
      .string({ error: 'item is required: what is paid for, in words' })
      .trim()
      .min(1, 'item must not be empty'),
    priceId: z
      .string({
        error:
          'priceId is required: the id of a price in infra/pricing/azure-prices.yaml',
      })
      .regex(
        /^[A-Za-z0-9_./-]+$/,
        'priceId must be a price sheet id such as redis.Premium.P1',
      ),
    quantity: z
      .number({
        error: 'quantity must be a number (how many of the price’s unit)',
      })
      .nonnegative('quantity must not be negative'),
    maxQuantity: z
      .number({
        error: 'maxQuantity must be a number (the quantity at maximum scale)',
      })
      .nonnegative('maxQuantity must not be negative')
      .optional(),
    basis: z
      .enum(bases, { error: `basis must be one of ${bases.join(', ')}` })
      .default('list price'),
  },
  {
    error: issue =>
      issue.code === 'unrecognized_keys'
        ? `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys
            .map(k => `"${k}"`)
            .join(
              ', ',
            )}; a line has item, priceId, quantity, maxQuantity and basis`
        : undefined,
  },
);

const costModelSchema = z.object(
  {
    apiVersion: z.literal('commerce.platform/v1alpha1', {
      error: 'apiVersion must be commerce.platform/v1alpha1',
    }),
    kind: z.literal('CostModel', { error: 'kind must be CostModel' }),
    environments: z
      .record(
        z
          .string()
          .regex(/^[a-z][a-z0-9-]*$/, 'environment names are lowercase'),
        z.array(lineSchema, {
          error: 'each environment is a list of {item, priceId, quantity}',
        }),
        {
          error:
            'environments is required: a map of environment name (prod, dev) to the resources it runs',
        },
      )
      .refine(environments => Object.keys(environments).length > 0, {
        message: 'environments must name at least one environment',
      }),
  },
  {
    error: 'a cost model is a YAML map with apiVersion, kind and environments',
  },
);

/**
 * Validates a parsed cost model document. Reports every problem at once, each naming its field
 * (e.g. `environments.prod[0] (redis.Premium.P1).quantity: quantity must not be negative`).
 *
 * @param source - where the document came from (a URL or path), for the error message
 * @throws InvalidCostModelError listing every problem
 * @public
 */
export function parseCostModel(
  document: unknown,
  source: string = 'the cost model',
): CostModel {
  const result = parseWithProblems(costModelSchema, document, {
    label: path => lineLabel(document, path),
  });
  if (!result.success) {
    throw new InvalidCostModelError(source, result.problems);
  }
  const problems: string[] = [];
  for (const [environment, lines] of Object.entries(result.data.environments)) {
    lines.forEach((line, index) => {
      if (line.maxQuantity !== undefined && line.maxQuantity < line.quantity) {
        problems.push(
          `environments.${environment}[${index}] (${line.priceId}).maxQuantity: maxQuantity ${line.maxQuantity} is below quantity ${line.quantity}`,
        );
      }
    });
  }
  if (problems.length > 0) {
    throw new InvalidCostModelError(source, problems);
  }
  return result.data as CostModel;
}

/** A line is named by its price id: `environments.prod[0] (redis.Premium.P1).quantity`. */
function lineLabel(
  document: unknown,
  path: readonly PropertyKey[],
): string | undefined {
  const [first, environment, index] = path;
  if (path.length !== 3 || first !== 'environments') return undefined;
  if (typeof index !== 'number') return undefined;
  const environments = isRecord(document) ? document.environments : undefined;
  const lines = isRecord(environments)
    ? environments[String(environment)]
    : undefined;
  const line = Array.isArray(lines) ? lines[index] : undefined;
  const priceId = isRecord(line) ? line.priceId : undefined;
  return typeof priceId === 'string' ? priceId : undefined;
}
