/**
 * A canary step: shift traffic to `weight` %, then wait `pause` (a duration such as `5m`), or
 * until someone promotes the rollout (`untilPromoted`), or go straight on (neither).
 *
 * @public
 */
export interface CanaryStep {
  weight: number;
  pause?: string;
  /** An Argo `pause: {}` without duration: the rollout waits for a person to promote it. */
  untilPromoted?: true;
}

/**
 * One analysis threshold: what the canary's metric must stay above (min) or below (max).
 *
 * @public
 */
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

/**
 * A service's canary policy as the card shows it.
 *
 * @public
 */
export interface RolloutPolicy {
  name: string;
  steps: CanaryStep[];
  /** The step from which analysis runs in the background (Argo's `analysis.startingStep`). */
  analysisStartingStep?: number;
  /**
   * Index in `steps` of the traffic weight at which the background analysis is already running.
   * Argo counts `startingStep` over setWeight and pause entries alike; this is the same point in
   * the collapsed `steps` list, so a reader sees "from 1 %" instead of "from step 1". Undefined
   * when no analysis runs.
   */
  analysisStartsAt?: number;
  thresholds: AnalysisThreshold[];
  /**
   * Every entry of the Rollout's `spec.strategy.canary.steps` as written, one compact line each
   * (`setWeight: 1`, `pause: {duration: 5m}`), including kinds the card does not interpret.
   * Argo's `startingStep` counts these entries.
   */
  argoSteps: string[];
}

type Doc = Record<string, any>;

/**
 * Reads the canary policy of a service from its deploy/ objects (already parsed from YAML):
 * the Rollout's steps and the AnalysisTemplates it runs in the background. Problems (no Rollout,
 * a template it names that is missing, a condition it cannot read) are listed, not thrown.
 *
 * @public
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
  const rawSteps: unknown[] = Array.isArray(canary.steps) ? canary.steps : [];
  const steps: CanaryStep[] = [];
  for (const step of rawSteps as Doc[]) {
    if (typeof step?.setWeight === 'number') {
      steps.push({ weight: step.setWeight });
    } else if (step?.pause !== undefined && steps.length > 0) {
      const duration = step.pause?.duration;
      const current = steps[steps.length - 1]!;
      if (duration === undefined) {
        current.untilPromoted = true;
      } else {
        current.pause = String(duration);
      }
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
  const templateRefs: Doc[] = Array.isArray(canary.analysis?.templates)
    ? canary.analysis.templates
    : [];
  const thresholds: AnalysisThreshold[] = [];
  for (const ref of templateRefs) {
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
  const startingStep = canary.analysis?.startingStep;
  return {
    policy: {
      name: String(rollout.metadata?.name),
      steps,
      analysisStartingStep: startingStep,
      analysisStartsAt:
        templateRefs.length > 0 && steps.length > 0
          ? weightStepAt(
              rawSteps,
              typeof startingStep === 'number' ? startingStep : 0,
            )
          : undefined,
      thresholds,
      argoSteps: rawSteps.map(step => compactYaml(step)),
    },
    problems,
  };
}

/**
 * The collapsed step that is current when Argo reaches raw step `rawIndex`: the last setWeight
 * at or before it. Before the first setWeight the canary is not yet at any weight, so analysis
 * that starts there is running by the time the first weight is set.
 */
function weightStepAt(rawSteps: unknown[], rawIndex: number): number {
  const weightsSoFar = rawSteps
    .slice(0, rawIndex + 1)
    .filter(step => typeof (step as Doc)?.setWeight === 'number').length;
  return Math.max(0, weightsSoFar - 1);
}

/** A step as one line of flow-style YAML, for people: `pause: {duration: 5m}`. */
function compactYaml(value: unknown, nested = false): string {
  if (Array.isArray(value)) {
    return `[${value.map(item => compactYaml(item, true)).join(', ')}]`;
  }
  if (typeof value === 'object' && value !== null) {
    const body = Object.entries(value)
      .map(([key, item]) => `${key}: ${compactYaml(item, true)}`)
      .join(', ');
    return nested ? `{${body}}` : body;
  }
  return String(value);
}
