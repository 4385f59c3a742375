import {
  isRecord,
  quoted,
  readPart,
  yamlText,
} from '@internal/schema-problems';
import { z } from 'zod';

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
 * The Argo Rollouts strategies the card reads (`spec.strategy.<strategy>` of the Rollout).
 *
 * @public
 */
export type RolloutStrategyName = 'canary' | 'blueGreen';

/**
 * A blue-green release: the new version runs beside the current one behind the preview Service
 * and takes all traffic at once when it is promoted.
 *
 * @public
 */
export interface BlueGreenPolicy {
  /** The Service that carries the traffic (Argo's `activeService`). */
  activeService?: string;
  /** The Service of the new version before promotion; undefined when there is none. */
  previewService?: string;
  /** Whether Argo promotes by itself (Argo's default) or waits for a person. */
  autoPromotionEnabled: boolean;
  /** With auto promotion: how long Argo waits before it promotes. */
  autoPromotionSeconds?: number;
  /** How long the previous version keeps running after the promotion completed. */
  scaleDownDelaySeconds?: number;
  /** The AnalysisTemplates run on the new version before it is promoted, by name. */
  prePromotionAnalysis: string[];
  /** The AnalysisTemplates run on the new version after it is promoted, by name. */
  postPromotionAnalysis: string[];
}

/**
 * A service's rollout policy as the card shows it: a canary (steps, background analysis) or a
 * blue-green release (`blueGreen`, with pre- and post-promotion analysis). `thresholds` are the
 * metrics of every AnalysisTemplate the strategy runs, each template once.
 *
 * @public
 */
export interface RolloutPolicy {
  name: string;
  strategy: RolloutStrategyName;
  /** The canary's traffic weights; empty for blue-green. */
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
  /** The blue-green release, when `strategy` is `blueGreen`. */
  blueGreen?: BlueGreenPolicy;
}

type Doc = Record<string, any>;

/** A mapping, or the problem `error` words; its fields are read one by one after it. */
const mapping = (error: string) => z.looseObject({}, { error });

const unnamed = "the Rollout's {path} is {value}; name it after the service";
const rolloutName = z
  .string({ error: unnamed })
  .refine(value => value !== '', { error: unnamed });

const rolloutStrategy = (name: string) =>
  mapping(
    `Rollout ${name} has neither a canary nor a blueGreen strategy ({path} is {value})`,
  );

const blueGreenStrategy = mapping(
  '{path} is {value}; write the blue-green release as a mapping with activeService and previewService',
);

const serviceName = yamlText(
  '{path} is {value}; name a Service of the manifests',
);

const autoPromotionEnabled = z
  .boolean({ error: '{path} is {value}; write true or false' })
  .optional();

const notSeconds =
  '{path} is {value}; write a whole number of seconds, e.g. 600';
const seconds = z
  .number({ error: notSeconds })
  .refine(Number.isInteger, { error: notSeconds })
  .optional();

const canarySteps = z
  .array(z.unknown(), {
    error: '{path} is {value}; list the steps, e.g. - setWeight: 5',
  })
  .optional();

const canaryStep = mapping(
  '{path} is {value}; write a step such as setWeight: 5 or pause: {duration: 5m}',
);

const setWeight = z.number({
  error: '{path} is {value}; write a percentage from 0 to 100',
});

const pauseDuration = yamlText(
  '{path} is {value}; write a duration such as 5m',
);

const templateName = z.string({
  error:
    '{path} is {value}; name an AnalysisTemplate of analysis-templates.yaml',
});

const analysisMetrics = z.array(z.unknown(), {
  error: '{path} is {value}; list the metrics the analysis measures',
});

/** `result[0] >= 0.9995`: the bound Argo's successCondition holds the metric to. */
const THRESHOLD = /result\[0\]\s*(>=|>|<=|<)\s*(-?\d+(?:\.\d+)?)/;

const noThreshold = 'cannot read a threshold from {path} {value}';

/** How often and how many times: shown when written right, left out otherwise. */
const optionalCount = z.number().optional().catch(undefined);

const analysisMetric = z.looseObject(
  {
    name: yamlText(
      'cannot read a threshold without a metric name ({path} is {value})',
    ).pipe(
      z
        .string()
        .min(1, { error: 'cannot read a threshold without a metric name' }),
    ),
    successCondition: z
      .string({ error: noThreshold })
      .regex(THRESHOLD, { error: noThreshold })
      .transform(condition => {
        const [, operator, bound] = THRESHOLD.exec(condition)!;
        return {
          bound: operator!.startsWith('>')
            ? ('min' as const)
            : ('max' as const),
          value: Number(bound),
        };
      }),
    interval: yamlText().optional().catch(undefined),
    count: optionalCount,
    failureLimit: optionalCount,
  },
  {
    error:
      'cannot read a threshold: write the metric as a mapping with name and successCondition',
  },
);

const notAStep = '{path} is {value}; write the index of a step, e.g. 1';
const startingStep = z
  .number({ error: notAStep })
  .refine(Number.isInteger, { error: notAStep })
  .optional();

const STRATEGY = ['spec', 'strategy'];
const CANARY = [...STRATEGY, 'canary'];
const BLUE_GREEN = [...STRATEGY, 'blueGreen'];

/** `value[key]` when `value` is a mapping: a missing section reads as a missing field. */
function fieldOf(value: unknown, key: string): unknown {
  return isRecord(value) ? value[key] : undefined;
}

/**
 * Reads the rollout policy of a service from its deploy/ objects (already parsed from YAML):
 * a canary's steps and the AnalysisTemplates it runs in the background, or a blue-green
 * release's Services, promotion and the templates it runs before and after promotion (the
 * blueGreen strategy wins when a Rollout, wrongly, has both). Problems (no Rollout,
 * a template it names that is missing, a condition it cannot read, a field of the wrong type)
 * are listed, not thrown. Each part is checked on its own, so one bad step or metric is
 * reported and skipped while the rest of the policy is still shown.
 *
 * @public
 */
export function readRolloutPolicy(objects: unknown[]): {
  policy?: RolloutPolicy;
  problems: string[];
} {
  const docs = objects.filter(isRecord) as Doc[];
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
  const rawName = fieldOf(rollout.metadata, 'name');
  readPart(rolloutName, rawName, problems, { at: ['metadata', 'name'] });
  const name = readPart(yamlText(), rawName, []) ?? 'the Rollout';
  const strategyValue = fieldOf(rollout.spec, 'strategy');
  const templates = analysisTemplatesOf(docs);
  if (fieldOf(strategyValue, 'blueGreen') !== undefined) {
    return readBlueGreen(
      name,
      fieldOf(strategyValue, 'blueGreen'),
      templates,
      problems,
    );
  }
  const canaryValue = fieldOf(strategyValue, 'canary');
  const canary = readPart(rolloutStrategy(name), canaryValue, problems, {
    at: CANARY,
  }) as Doc | undefined;
  if (!canary) return { problems };
  const rawSteps: unknown[] =
    readPart(canarySteps, canary.steps, problems, {
      at: [...CANARY, 'steps'],
    }) ?? [];
  const steps: CanaryStep[] = [];
  rawSteps.forEach((value, index) => {
    const at = [...CANARY, 'steps', index];
    const step = readPart(canaryStep, value, problems, { at });
    if (!step) return;
    if (step.setWeight !== undefined) {
      const weight = readPart(setWeight, step.setWeight, problems, {
        at: [...at, 'setWeight'],
      });
      if (weight !== undefined) steps.push({ weight });
    } else if (step.pause !== undefined && steps.length > 0) {
      const duration = fieldOf(step.pause, 'duration');
      const current = steps[steps.length - 1]!;
      if (duration === undefined) {
        current.untilPromoted = true;
      } else {
        const pause = readPart(pauseDuration, duration, problems, {
          at: [...at, 'pause', 'duration'],
        });
        if (pause !== undefined) current.pause = pause;
      }
    }
  });
  const analysis = fieldOf(canary, 'analysis');
  const { names, thresholds } = readAnalysis(
    analysis,
    [...CANARY, 'analysis'],
    templates,
    problems,
  );
  const analysisStartingStep = readPart(
    startingStep,
    fieldOf(analysis, 'startingStep'),
    problems,
    { at: [...CANARY, 'analysis', 'startingStep'] },
  );
  return {
    policy: {
      name,
      strategy: 'canary',
      steps,
      analysisStartingStep,
      analysisStartsAt:
        names.length > 0 && steps.length > 0
          ? weightStepAt(rawSteps, analysisStartingStep ?? 0)
          : undefined,
      thresholds,
      argoSteps: rawSteps.map(step => compactYaml(step)),
    },
    problems,
  };
}

/** The AnalysisTemplates of the manifests, by name. */
function analysisTemplatesOf(docs: Doc[]): Map<string, Doc> {
  const templates = new Map<string, Doc>();
  for (const d of docs) {
    if (
      (d.kind === 'AnalysisTemplate' || d.kind === 'ClusterAnalysisTemplate') &&
      typeof d.metadata?.name === 'string'
    ) {
      templates.set(d.metadata.name, d);
    }
  }
  return templates;
}

/**
 * A blue-green strategy: its Services, promotion, and the thresholds of the templates it runs
 * before and after promotion (a template both run is read once).
 */
function readBlueGreen(
  name: string,
  value: unknown,
  templates: Map<string, Doc>,
  problems: string[],
): { policy?: RolloutPolicy; problems: string[] } {
  const blueGreen = readPart(blueGreenStrategy, value, problems, {
    at: BLUE_GREEN,
  }) as Doc | undefined;
  if (!blueGreen) return { problems };
  const field = <S extends z.ZodType>(schema: S, key: string) =>
    readPart(schema, blueGreen[key], problems, { at: [...BLUE_GREEN, key] });
  const read = new Set<string>();
  const pre = readAnalysis(
    blueGreen.prePromotionAnalysis,
    [...BLUE_GREEN, 'prePromotionAnalysis'],
    templates,
    problems,
    read,
  );
  const post = readAnalysis(
    blueGreen.postPromotionAnalysis,
    [...BLUE_GREEN, 'postPromotionAnalysis'],
    templates,
    problems,
    read,
  );
  return {
    policy: {
      name,
      strategy: 'blueGreen',
      steps: [],
      thresholds: [...pre.thresholds, ...post.thresholds],
      argoSteps: [],
      blueGreen: {
        activeService: field(serviceName, 'activeService'),
        previewService: field(serviceName.optional(), 'previewService'),
        // Argo promotes by itself unless told not to.
        autoPromotionEnabled:
          field(autoPromotionEnabled, 'autoPromotionEnabled') ?? true,
        autoPromotionSeconds: field(seconds, 'autoPromotionSeconds'),
        scaleDownDelaySeconds: field(seconds, 'scaleDownDelaySeconds'),
        prePromotionAnalysis: pre.names,
        postPromotionAnalysis: post.names,
      },
    },
    problems,
  };
}

/**
 * The templates an analysis section (`templates: [{templateName}]`) runs, by name, and their
 * thresholds. Templates already in `read` are named but not read again.
 */
function readAnalysis(
  analysis: unknown,
  at: Array<string | number>,
  templates: Map<string, Doc>,
  problems: string[],
  read = new Set<string>(),
): { names: string[]; thresholds: AnalysisThreshold[] } {
  const rawTemplateRefs = fieldOf(analysis, 'templates');
  const templateRefs: unknown[] = Array.isArray(rawTemplateRefs)
    ? rawTemplateRefs
    : [];
  const names: string[] = [];
  const thresholds: AnalysisThreshold[] = [];
  templateRefs.forEach((ref, index) => {
    const refName = readPart(
      templateName,
      fieldOf(ref, 'templateName'),
      problems,
      { at: [...at, 'templates', index, 'templateName'] },
    );
    if (refName === undefined) return;
    names.push(refName);
    if (read.has(refName)) return;
    read.add(refName);
    const template = templates.get(refName);
    if (!template) {
      problems.push(
        `the Rollout runs AnalysisTemplate ${refName}, which is not in the manifests`,
      );
      return;
    }
    const templateProblems: string[] = [];
    const metrics =
      readPart(
        analysisMetrics,
        fieldOf(template.spec, 'metrics') ?? [],
        templateProblems,
        { at: ['spec', 'metrics'] },
      ) ?? [];
    problems.push(...templateProblems.map(p => `${refName}: ${p}`));
    for (const value of metrics) {
      const metricProblems: string[] = [];
      const metric = readPart(analysisMetric, value, metricProblems);
      if (!metric) {
        const rawMetricName = isRecord(value) ? value.name : value;
        const label =
          (isRecord(value)
            ? readPart(yamlText(), value.name, [])
            : undefined) ?? quoted(rawMetricName);
        problems.push(...metricProblems.map(p => `${refName}/${label}: ${p}`));
        continue;
      }
      thresholds.push({
        template: refName,
        metric: metric.name,
        bound: metric.successCondition.bound,
        value: metric.successCondition.value,
        interval: metric.interval,
        count: metric.count,
        failureLimit: metric.failureLimit,
      });
    }
  });
  return { names, thresholds };
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
