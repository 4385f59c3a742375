/** A canary step: shift traffic to `weight` %, then wait `pause` (absent: wait for a person). */
export interface CanaryStep {
  weight: number;
  pause?: string;
}

/** One analysis threshold: what the canary's metric must stay above (min) or below (max). */
export interface AnalysisThreshold {
  template: string;
  metric: string;
  bound: 'min' | 'max';
  value: number;
  /** How often it is measured, how many times, and how many failures abort the rollout. */
  interval?: string;
  count?: number;
  failureLimit?: number;
}

export interface RolloutPolicy {
  name: string;
  steps: CanaryStep[];
  /** The step from which analysis runs in the background (Argo's `analysis.startingStep`). */
  analysisStartingStep?: number;
  thresholds: AnalysisThreshold[];
}

type Doc = Record<string, any>;

/**
 * Reads the canary policy of a service from its deploy/ objects (already parsed from YAML):
 * the Rollout's steps and the AnalysisTemplates it runs in the background. Problems (no Rollout,
 * a template it names that is missing, a condition it cannot read) are listed, not thrown.
 */
export function readRolloutPolicy(objects: unknown[]): {
  policy?: RolloutPolicy;
  problems: string[];
} {
  const docs = objects.filter(
    (o): o is Doc => typeof o === 'object' && o !== null && !Array.isArray(o),
  );
  const rollout = docs.find(
    d =>
      d.kind === 'Rollout' && String(d.apiVersion).startsWith('argoproj.io/'),
  );
  if (!rollout) {
    return {
      problems: ['no Argo Rollouts Rollout found in the deploy manifests'],
    };
  }
  const problems: string[] = [];
  const canary = rollout.spec?.strategy?.canary;
  if (!canary) {
    return {
      problems: [`Rollout ${rollout.metadata?.name} has no canary strategy`],
    };
  }
  const steps: CanaryStep[] = [];
  for (const step of canary.steps ?? []) {
    if (typeof step?.setWeight === 'number') {
      steps.push({ weight: step.setWeight });
    } else if (step?.pause !== undefined && steps.length > 0) {
      const duration = step.pause?.duration;
      steps[steps.length - 1]!.pause =
        duration === undefined ? undefined : String(duration);
    }
  }
  const templates = new Map(
    docs
      .filter(
        d =>
          d.kind === 'AnalysisTemplate' || d.kind === 'ClusterAnalysisTemplate',
      )
      .map(d => [String(d.metadata?.name), d] as const),
  );
  const thresholds: AnalysisThreshold[] = [];
  for (const ref of canary.analysis?.templates ?? []) {
    const template = templates.get(String(ref?.templateName));
    if (!template) {
      problems.push(
        `the Rollout runs AnalysisTemplate ${ref?.templateName}, which is not in the manifests`,
      );
      continue;
    }
    for (const metric of template.spec?.metrics ?? []) {
      const condition = /result\[0\]\s*(>=|>|<=|<)\s*(-?\d+(?:\.\d+)?)/.exec(
        String(metric?.successCondition ?? ''),
      );
      if (!condition) {
        problems.push(
          `${template.metadata.name}/${
            metric?.name
          }: cannot read a threshold from successCondition ${JSON.stringify(
            metric?.successCondition,
          )}`,
        );
        continue;
      }
      thresholds.push({
        template: String(template.metadata.name),
        metric: String(metric.name),
        bound: condition[1]!.startsWith('>') ? 'min' : 'max',
        value: Number(condition[2]),
        interval: metric.interval,
        count: metric.count,
        failureLimit: metric.failureLimit,
      });
    }
  }
  return {
    policy: {
      name: String(rollout.metadata?.name),
      steps,
      analysisStartingStep: canary.analysis?.startingStep,
      thresholds,
    },
    problems,
  };
}

/** The objectives a policy is checked against (from the service's OpenSLO file). */
export interface SloTargets {
  /** Availability as a ratio, e.g. 0.9995. */
  availability?: number;
  /** The latency objective's threshold in seconds (p95 ≤ this). */
  latencySeconds?: number;
}

/**
 * What is wrong with a canary policy given the service's objectives: a success-rate floor below
 * the availability objective or a latency ceiling above the latency objective lets a canary
 * that breaks the SLO through; a canary that never reaches 100 % or is never measured too.
 */
export function checkPolicyAgainstSlo(
  policy: RolloutPolicy,
  slo: SloTargets,
): string[] {
  const findings: string[] = [];
  if (policy.steps.length === 0 || policy.steps.at(-1)!.weight !== 100) {
    findings.push('the canary never reaches 100 %: add a final setWeight: 100');
  }
  if (policy.thresholds.length === 0) {
    findings.push(
      'no analysis runs during the canary: a bad release is only stopped by hand',
    );
  }
  const floors = policy.thresholds.filter(t => t.bound === 'min');
  const ceilings = policy.thresholds.filter(t => t.bound === 'max');
  if (slo.availability !== undefined) {
    if (floors.length === 0) {
      findings.push(
        `nothing checks the canary's success rate against the availability objective ${slo.availability}`,
      );
    }
    for (const t of floors) {
      if (t.value < slo.availability) {
        findings.push(
          `${t.template}/${t.metric} accepts a success rate of ${t.value}, looser than the availability objective ${slo.availability}`,
        );
      }
    }
  }
  if (slo.latencySeconds !== undefined) {
    if (ceilings.length === 0) {
      findings.push(
        `nothing checks the canary's latency against the objective of ${slo.latencySeconds} s`,
      );
    }
    for (const t of ceilings) {
      if (t.value > slo.latencySeconds) {
        findings.push(
          `${t.template}/${t.metric} accepts ${t.value} s, looser than the latency objective of ${slo.latencySeconds} s`,
        );
      }
    }
  }
  return findings;
}
