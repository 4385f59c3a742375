/**
 * The options of the commerce-service blueprint, validated once into a ServiceSpec that every
 * generated file reads. Pure: no I/O, so it is tested without Yeoman.
 */

import { serviceNameProblem, serviceShortName } from './serviceName.ts';
import { teamNameProblem } from './environments.ts';

export const serviceKinds = ['product', 'order', 'cart', 'payment'] as const;
export type ServiceKind = (typeof serviceKinds)[number];

/**
 * How Argo Rollouts releases a new version (the portal's docs/decisions/0029):
 * `canary` shifts the public traffic step by step; `blueGreen` starts the new version beside
 * the old one behind an in-cluster preview Service and switches all traffic at once when a person
 * promotes it.
 */
export const rolloutStrategies = ['canary', 'blueGreen'] as const;
export type RolloutStrategy = (typeof rolloutStrategies)[number];

/** What an engineer chooses (the template form) — the generator's options. */
export interface ServiceOptions {
  kind: ServiceKind;
  name: string;
  owner: string;
  system: string;
  description: string;
  /** Availability objective in percent, e.g. 99.95. */
  availability: number;
  /** p95 latency objective in milliseconds. */
  latencyP95Ms: number;
  region: string;
  monthlyBudgetUsd: number;
  /** Default canary. */
  rolloutStrategy: RolloutStrategy;
}

/** The options as a terminal or `yo --help` shows them: one list for the generator and the CLI. */
export const serviceOptionHelp: Record<
  keyof ServiceOptions,
  { type: 'string' | 'number'; description: string; default?: string }
> = {
  kind: { type: 'string', description: `One of ${serviceKinds.join(', ')}` },
  name: { type: 'string', description: 'Service name (DNS-1123, at most 63)' },
  owner: { type: 'string', description: 'Owning group, e.g. checkout-team' },
  system: {
    type: 'string',
    description: 'Catalog system',
    default: 'commerce-platform',
  },
  description: { type: 'string', description: 'One sentence on what it does' },
  availability: {
    type: 'number',
    description: 'Availability SLO in %, e.g. 99.95',
  },
  latencyP95Ms: {
    type: 'number',
    description: 'p95 latency SLO in ms, e.g. 100',
  },
  region: {
    type: 'string',
    description: 'Azure region',
    default: 'westeurope',
  },
  monthlyBudgetUsd: { type: 'number', description: 'Monthly budget in USD' },
  rolloutStrategy: {
    type: 'string',
    description: `How a release reaches production: ${rolloutStrategies.join(
      ' or ',
    )}`,
    default: 'canary',
  },
};

/** Everything a generated file needs: the options plus values derived from them once. */
export interface ServiceSpec extends ServiceOptions {
  /** The owner as a full entity ref, e.g. group:default/checkout-team. */
  ownerRef: string;
  /** The owner group's name, e.g. checkout-team (CODEOWNERS, Azure tags). */
  ownerName: string;
  /** Short name without a trailing "-service", for Azure resource names. */
  shortName: string;
  /** The objective as a ratio, e.g. 0.9995. */
  availabilityRatio: number;
  /** 1 - availabilityRatio: the share of requests allowed to fail. */
  errorBudgetRatio: number;
  /** p95 latency objective in seconds (Prometheus' unit). */
  latencyP95Seconds: number;
  costCenter: string;
  blueprintVersion: string;
}

/** Bad generator options, with every problem found and how to fix it. */
export class InvalidServiceOptionsError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(
      `The commerce-service blueprint cannot run with these options:\n${problems
        .map(p => `  - ${p}`)
        .join('\n')}`,
    );
    this.name = 'InvalidServiceOptionsError';
    this.problems = problems;
  }
}

const entityName = /^[a-z0-9]+([-_.][a-z0-9]+)*$/;
/** Azure regions are lowercase letters and digits, e.g. westeurope, swedencentral, eastus2. */
const azureRegion = /^[a-z]+[a-z0-9]*$/;

function toNumber(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '') return Number(value);
  return Number.NaN;
}

function toText(value: unknown): string {
  return typeof value === 'string' ? value.trim() : '';
}

/**
 * Validates raw options (strings from a terminal, values from a template) into a ServiceSpec.
 * Collects every problem before failing, so one run tells the engineer everything to fix.
 */
export function parseServiceOptions(
  raw: Record<string, unknown>,
  blueprintVersion: string,
): ServiceSpec {
  const problems: string[] = [];

  const kind = toText(raw.kind) as ServiceKind;
  if (!serviceKinds.includes(kind)) {
    problems.push(
      `kind "${toText(raw.kind)}" is not one of ${serviceKinds.join(
        ', ',
      )} (--kind)`,
    );
  }

  const name = toText(raw.name);
  if (!name) {
    problems.push('name is required (--name), e.g. cart-service');
  } else {
    const nameProblem = serviceNameProblem(name);
    if (nameProblem) problems.push(nameProblem);
  }

  const owner = toText(raw.owner);
  let ownerName = owner.replace(/^group:(default\/)?/, '');
  if (!owner) {
    problems.push(
      'owner is required (--owner), the owning group, e.g. checkout-team',
    );
  } else if (!entityName.test(ownerName) || ownerName.length > 63) {
    problems.push(
      `owner "${owner}" is not a group name or a group:default/<name> reference`,
    );
    ownerName = '';
  } else {
    // The team names the namespaces (<team>, <team>-dev): a longer name breaks the deploy.
    const teamProblem = teamNameProblem(ownerName);
    if (teamProblem) {
      problems.push(`${teamProblem} (--owner)`);
      ownerName = '';
    }
  }

  // The template's EntityPicker gives a full ref (system:default/commerce-platform).
  const system = (toText(raw.system) || 'commerce-platform').replace(
    /^system:(default\/)?/,
    '',
  );
  if (!entityName.test(system)) {
    problems.push(`system "${system}" is not a valid catalog entity name`);
  }

  const availability = toNumber(raw.availability);
  if (!(availability >= 90 && availability < 100)) {
    problems.push(
      `availability "${String(
        raw.availability,
      )}" must be a percentage from 90 up to (not including) 100, e.g. 99.95`,
    );
  }

  const latencyP95Ms = toNumber(raw.latencyP95Ms);
  if (
    !(
      Number.isInteger(latencyP95Ms) &&
      latencyP95Ms >= 1 &&
      latencyP95Ms <= 60_000
    )
  ) {
    problems.push(
      `latencyP95Ms "${String(
        raw.latencyP95Ms,
      )}" must be a whole number of milliseconds from 1 to 60000, e.g. 100`,
    );
  }

  const region = toText(raw.region) || 'westeurope';
  if (!azureRegion.test(region)) {
    problems.push(
      `region "${region}" is not an Azure region name such as westeurope`,
    );
  }

  const monthlyBudgetUsd = toNumber(raw.monthlyBudgetUsd);
  if (!(Number.isFinite(monthlyBudgetUsd) && monthlyBudgetUsd > 0)) {
    problems.push(
      `monthlyBudgetUsd "${String(
        raw.monthlyBudgetUsd,
      )}" must be a positive number of US dollars, e.g. 300`,
    );
  }

  const rolloutStrategy = (toText(raw.rolloutStrategy) ||
    'canary') as RolloutStrategy;
  if (!rolloutStrategies.includes(rolloutStrategy)) {
    problems.push(
      `rolloutStrategy "${toText(
        raw.rolloutStrategy,
      )}" is not one of ${rolloutStrategies.join(', ')} (--rolloutStrategy)`,
    );
  }

  if (problems.length > 0) throw new InvalidServiceOptionsError(problems);

  const availabilityRatio = Number((availability / 100).toFixed(6));
  return {
    kind,
    name,
    owner,
    ownerName,
    ownerRef: `group:default/${ownerName}`,
    system,
    description:
      toText(raw.description) ||
      `The ${kind} service of the commerce platform.`,
    availability,
    availabilityRatio,
    errorBudgetRatio: Number((1 - availabilityRatio).toFixed(6)),
    latencyP95Ms,
    latencyP95Seconds: latencyP95Ms / 1000,
    region,
    monthlyBudgetUsd,
    rolloutStrategy,
    shortName: serviceShortName(name),
    costCenter: toText(raw.costCenter) || `cc-${ownerName}`,
    blueprintVersion,
  };
}
