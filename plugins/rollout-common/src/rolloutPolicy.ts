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

function isMapping(value: unknown): value is Doc {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Longest value quoted in a problem, so a huge value does not bury the message. */
const MAX_QUOTED = 80;

/**
 * A manifest value as a problem quotes it. JSON, because `String()` on a YAML mapping gives
 * "[object Object]", or throws when the mapping has a key named toString.
 */
function quoted(value: unknown): string {
  let text: string;
  try {
    // JSON writes NaN and Infinity (YAML's .nan, .inf) as null.
    text =
      typeof value === 'number'
        ? String(value)
        : JSON.stringify(value) ?? String(value);
  } catch {
    text = Object.prototype.toString.call(value);
  }
  return text.length > MAX_QUOTED ? `${text.slice(0, MAX_QUOTED)}…` : text;
}

/** A scalar written where text belongs (YAML reads `interval: 60` as a number), as text. */
function textOf(value: unknown): string | undefined {
  return ['string', 'number', 'boolean'].includes(typeof value)
    ? String(value)
    : undefined;
}

/**
 * Reads the canary policy of a service from its deploy/ objects (already parsed from YAML):
 * the Rollout's steps and the AnalysisTemplates it runs in the background. Problems (no Rollout,
 * a template it names that is missing, a condition it cannot read, a field of the wrong type)
 * are listed, not thrown.
 *
 * @public
 */
export function readRolloutPolicy(objects: unknown[]): {
  policy?: RolloutPolicy;
  problems: string[];
} {
  const docs = objects.filter(isMapping);
  const rollout = docs.find(
    d =>
      d.kind === 'Rollout' &&
      typeof d.apiVersion === 'string' &&
      d.apiVersion.startsWith('argoproj.io/'),
  );
  if (!rollout) {
    return {
      problems: ['no Argo Rollouts Rollout found in the deploy manifests'],
    };
  }
  const problems: string[] = [];
  const rawName = rollout.metadata?.name;
  const name = textOf(rawName) ?? 'the Rollout';
  if (typeof rawName !== 'string' || !rawName) {
    problems.push(
      `the Rollout's metadata.name is ${quoted(
        rawName,
      )}; name it after the service`,
    );
  }
  const canary = rollout.spec?.strategy?.canary;
  if (!isMapping(canary)) {
    return {
      problems: [
        ...problems,
        `Rollout ${name} has no canary strategy (spec.strategy.canary is ${quoted(
          canary,
        )})`,
      ],
    };
  }
  if (canary.steps !== undefined && !Array.isArray(canary.steps)) {
    problems.push(
      `spec.strategy.canary.steps is ${quoted(
        canary.steps,
      )}; list the steps, e.g. - setWeight: 5`,
    );
  }
  const rawSteps: unknown[] = Array.isArray(canary.steps) ? canary.steps : [];
  const steps: CanaryStep[] = [];
  rawSteps.forEach((step, index) => {
    if (!isMapping(step)) {
      problems.push(
        `spec.strategy.canary.steps[${index}] is ${quoted(
          step,
        )}; write a step such as setWeight: 5 or pause: {duration: 5m}`,
      );
      return;
    }
    if (step.setWeight !== undefined) {
      if (
        typeof step.setWeight === 'number' &&
        Number.isFinite(step.setWeight)
      ) {
        steps.push({ weight: step.setWeight });
      } else {
        problems.push(
          `spec.strategy.canary.steps[${index}].setWeight is ${quoted(
            step.setWeight,
          )}; write a percentage from 0 to 100`,
        );
      }
    } else if (step.pause !== undefined && steps.length > 0) {
      const duration = isMapping(step.pause) ? step.pause.duration : undefined;
      const current = steps[steps.length - 1]!;
      if (duration === undefined) {
        current.untilPromoted = true;
      } else if (textOf(duration) === undefined) {
        problems.push(
          `spec.strategy.canary.steps[${index}].pause.duration is ${quoted(
            duration,
          )}; write a duration such as 5m`,
        );
      } else {
        current.pause = textOf(duration);
      }
    }
  });
  const templates = new Map<string, Doc>();
  for (const d of docs) {
    if (
      (d.kind === 'AnalysisTemplate' || d.kind === 'ClusterAnalysisTemplate') &&
      typeof d.metadata?.name === 'string'
    ) {
      templates.set(d.metadata.name, d);
    }
  }
  const templateRefs: unknown[] = Array.isArray(canary.analysis?.templates)
    ? canary.analysis.templates
    : [];
  const thresholds: AnalysisThreshold[] = [];
  templateRefs.forEach((ref, index) => {
    const templateName = isMapping(ref) ? ref.templateName : undefined;
    if (typeof templateName !== 'string') {
      problems.push(
        `spec.strategy.canary.analysis.templates[${index}].templateName is ${quoted(
          templateName,
        )}; name an AnalysisTemplate of analysis-templates.yaml`,
      );
      return;
    }
    const template = templates.get(templateName);
    if (!template) {
      problems.push(
        `the Rollout runs AnalysisTemplate ${templateName}, which is not in the manifests`,
      );
      return;
    }
    const metrics = template.spec?.metrics ?? [];
    if (!Array.isArray(metrics)) {
      problems.push(
        `${templateName}: spec.metrics is ${quoted(
          metrics,
        )}; list the metrics the analysis measures`,
      );
      return;
    }
    for (const metric of metrics as unknown[]) {
      const metricName = isMapping(metric) ? textOf(metric.name) : undefined;
      const successCondition = isMapping(metric)
        ? metric.successCondition
        : undefined;
      const condition =
        typeof successCondition === 'string'
          ? /result\[0\]\s*(>=|>|<=|<)\s*(-?\d+(?:\.\d+)?)/.exec(
              successCondition,
            )
          : null;
      if (!isMapping(metric) || !metricName || !condition) {
        problems.push(
          `${templateName}/${
            metricName ?? quoted(isMapping(metric) ? metric.name : metric)
          }: cannot read a threshold from successCondition ${quoted(
            successCondition,
          )}`,
        );
        continue;
      }
      const count = (value: unknown) =>
        typeof value === 'number' && Number.isFinite(value) ? value : undefined;
      thresholds.push({
        template: templateName,
        metric: metricName,
        bound: condition[1]!.startsWith('>') ? 'min' : 'max',
        value: Number(condition[2]),
        interval: textOf(metric.interval),
        count: count(metric.count),
        failureLimit: count(metric.failureLimit),
      });
    }
  });
  const rawStartingStep = canary.analysis?.startingStep;
  const startingStep =
    typeof rawStartingStep === 'number' && Number.isInteger(rawStartingStep)
      ? rawStartingStep
      : undefined;
  if (rawStartingStep !== undefined && startingStep === undefined) {
    problems.push(
      `spec.strategy.canary.analysis.startingStep is ${quoted(
        rawStartingStep,
      )}; write the index of a step, e.g. 1`,
    );
  }
  return {
    policy: {
      name,
      steps,
      analysisStartingStep: startingStep,
      analysisStartsAt:
        templateRefs.length > 0 && steps.length > 0
          ? weightStepAt(rawSteps, startingStep ?? 0)
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
