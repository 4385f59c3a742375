/**
 * The service's SLO files, rendered from its OpenSLO file (openslo.yaml) and its owner
 * (catalog-info.yaml): Prometheus recording and burn-rate alerting rules, the canary's
 * AnalysisTemplates, a Grafana dashboard and the alerts' runbook.
 *
 * One file, two homes: the blueprint renders a new service with it, and copies it unchanged into
 * the service as scripts/slo-files.ts, where `npm run slo:generate` renders the same files after
 * an owner edits openslo.yaml and `npm run slo:check` (run by CI) fails while they are stale.
 * So it imports nothing but Node and `yaml`, which both have (decision record in the blueprint's
 * docs/decisions: "The SLO file generates the alerts, the dashboard and the canary analysis").
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments, stringify } from 'yaml';

/** Facts about the platform the rendered files point at (scripts/slo-platform.json). */
export interface SloPlatform {
  /** Prometheus the canary analysis queries. */
  prometheusAddress: string;
  /** The portal, whose TechDocs serve docs/runbook.md (the alerts' runbook_url). */
  portalUrl: string;
  /** Uid of Grafana's Prometheus data source, which the dashboard's panels query. */
  grafanaDatasourceUid: string;
  /** The pod label Argo Rollouts gives each ReplicaSet, as Prometheus' scrape relabels it. */
  canaryHashLabel: string;
  /**
   * The environments the service runs in, in release order, each in the owning team's namespace
   * plus a suffix (prod: `<team>`, dev: `<team>-dev`). Each gets its own rules, analysis and
   * dashboard in environments/<name>/, reading only its namespace's metrics; the first is the
   * one whose dashboard the catalog links and whose alerts page.
   */
  environments: Array<{ name: string; namespaceSuffix: string }>;
}

/** One environment the rules are rendered for: its name (the `environment` label) and namespace. */
export interface SloEnvironment {
  name: string;
  namespace: string;
}

/** One objective, as the rules need it. */
export interface SloObjective {
  /** metadata.name of the OpenSLO document: the `slo` label of every rule. */
  name: string;
  displayName: string;
  service: string;
  /** Availability (good = no server error) or latency (good = within a histogram bucket). */
  sli: 'availability' | 'latency';
  /** Target ratio, e.g. 0.9995. */
  target: number;
  /** Share of events allowed to fail: 1 − target. */
  budget: number;
  /** The SLO window as written, e.g. 28d, and in hours. */
  period: string;
  periodHours: number;
  /** PromQL of good and total events per second, `{{.window}}` standing for the range. */
  good: string;
  total: string;
  /** For a latency objective: the bucket bound a good request is within, in seconds. */
  latencySeconds?: number;
  /**
   * Set once scoped to an environment (forEnvironment): `good` and `total` then read only its
   * namespace, and every recorded series and alert carries `environment`.
   */
  environment?: string;
  /** With `environment`: the namespace it reads, also a label of its series and alerts. */
  namespace?: string;
}

/** openslo.yaml or catalog-info.yaml cannot be read into rules; every problem is listed. */
export class SloFileError extends Error {
  readonly problems: string[];
  constructor(file: string, problems: string[]) {
    super(
      `${file} cannot be turned into alert rules:\n${problems
        .map(p => `  - ${p}`)
        .join('\n')}`,
    );
    this.name = 'SloFileError';
    this.problems = problems;
  }
}

/** The windows the alerts read, shortest first (Google SRE workbook, chapter 5). */
export const sloWindows = ['5m', '30m', '1h', '2h', '6h', '1d', '3d'] as const;
export type SloWindow = (typeof sloWindows)[number];

/**
 * Multi-window, multi-burn-rate alerts (Google SRE workbook, "Alerting on SLOs", table 5-8): each
 * fires when the long window has spent `budgetShare` of the SLO period's error budget and the
 * short window (1/12 of it) still burns as fast, so it also resolves soon after the burn stops.
 * The burn factor is budgetShare × period / long window: 14.4, 6, 3 and 1 for a 30-day period
 * (the workbook's figures); 13.44, 5.6, 2.8 and 0.93 for 28 days.
 */
export const burnRateAlerts = [
  {
    alert: 'SLOErrorBudgetBurn1h5m',
    severity: 'page',
    long: '1h',
    short: '5m',
    budgetShare: 0.02,
    for: '2m',
  },
  {
    alert: 'SLOErrorBudgetBurn6h30m',
    severity: 'page',
    long: '6h',
    short: '30m',
    budgetShare: 0.05,
    for: '15m',
  },
  {
    alert: 'SLOErrorBudgetBurn1d2h',
    severity: 'ticket',
    long: '1d',
    short: '2h',
    budgetShare: 0.1,
    for: '1h',
  },
  {
    alert: 'SLOErrorBudgetBurn3d6h',
    severity: 'ticket',
    long: '3d',
    short: '6h',
    budgetShare: 0.1,
    for: '3h',
  },
] as const satisfies ReadonlyArray<{
  alert: string;
  severity: 'page' | 'ticket';
  long: SloWindow;
  short: SloWindow;
  budgetShare: number;
  for: string;
}>;

/** Fires when an objective's events are not recorded at all: no verdict is not a good verdict. */
export const absentAlert = 'SLOEventsAbsent';

/**
 * The rendered files, by path in the service repository: rules and a dashboard per environment
 * (in its overlay), the canary analysis in the base (each Rollout passes its namespace), and the
 * runbook.
 */
export function sloFilePaths(environments: ReadonlyArray<{ name: string }>) {
  return [
    ...environments.flatMap(e =>
      ['prometheus-rules.yaml', 'grafana-dashboard.yaml'].map(
        file => `environments/${e.name}/${file}`,
      ),
    ),
    'deploy/analysis-templates.yaml',
    'docs/runbook.md',
  ];
}

type Mapping = Record<string, unknown>;

const isMapping = (value: unknown): value is Mapping =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const HOURS = { m: 1 / 60, h: 1, d: 24, w: 168 } as const;

/** Hours in an OpenSLO or PromQL duration such as 28d, 6h or 30m; NaN when it is not one. */
export function durationHours(duration: string): number {
  const match = /^(\d+(?:\.\d+)?)(m|h|d|w)$/.exec(duration.trim());
  return match
    ? Number(match[1]) * HOURS[match[2] as keyof typeof HOURS]
    : Number.NaN;
}

/** Seconds in a window, for "events in the window" = rate × seconds. */
const windowSeconds = (window: string) => durationHours(window) * 3600;

/**
 * A rule's duration (range, `for`, evaluation interval) divided by `timeScale`, in PromQL's
 * notation. Only the alerting end-to-end test renders with a scale (60: an hour's window lasts a
 * minute), so a page can fire within seconds on real Prometheus; 1 returns the text as written.
 */
export function scaledDuration(duration: string, timeScale: number): string {
  if (timeScale === 1) return duration;
  const ms = Math.round((durationHours(duration) * 3_600_000) / timeScale);
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}

/** Rounds away binary noise (1 − 0.9995 = 0.000499999…) without losing a real digit. */
const clean = (value: number) => Number(value.toPrecision(10));

// The same placeholder spellings as the portal's SLO feature (plugins/slo-common/src/promql.ts).
const WINDOW_PLACEHOLDER = /\{\{-?\s*\.window\s*-?\}\}/g;
const HISTOGRAM_BUCKET = /_bucket\s*\{[^}]*\ble\s*=\s*"([^"]+)"/;

/** An indicator query with `{{.window}}` replaced by a PromQL range, e.g. 5m. */
export function queryForWindow(query: string, window: string): string {
  return query.replace(WINDOW_PLACEHOLDER, window);
}

/**
 * The indicator query summed by the given labels as well: `sum(rate(x[5m]))` becomes
 * `sum by (rollouts_pod_template_hash) (rate(x[5m]))`, so the canary's pods can be told from the
 * stable ones. Only an outermost `sum(…)` or `sum by (…) (…)` can be regrouped; undefined
 * otherwise.
 */
export function groupedBy(query: string, labels: string[]): string | undefined {
  const match = /^\s*sum\s*(?:by\s*\(([^)]*)\)\s*)?\(([\s\S]*)\)\s*$/.exec(
    query,
  );
  if (!match) return undefined;
  const inner = match[2]!;
  // The closing parenthesis must be the opening one's: `sum(a) / sum(b)` is not one sum.
  let depth = 0;
  for (const char of inner) {
    if (char === '(') depth += 1;
    if (char === ')') depth -= 1;
    if (depth < 0) return undefined;
  }
  if (depth !== 0) return undefined;
  const existing = (match[1] ?? '')
    .split(',')
    .map(l => l.trim())
    .filter(Boolean);
  const all = [...new Set([...existing, ...labels])];
  return `sum by (${all.join(', ')}) (${inner.trim()})`;
}

/**
 * The query reading one namespace only: `namespace="<namespace>"` added to every vector selector
 * (`x{a="b"}` → `x{namespace="n",a="b"}`, `x[5m]` → `x{namespace="n"}[5m]`). Quoted strings are
 * left alone, so a label value holding braces is not mistaken for a selector. The cluster's
 * Prometheus gives every scraped series its pod's `namespace` (the PodMonitor's target labels).
 */
export function withNamespace(query: string, namespace: string): string {
  const matcher = `namespace="${namespace}"`;
  return query
    .split(/("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`)/)
    .map((part, index) =>
      index % 2 === 1
        ? part
        : part
            .replace(
              /([a-zA-Z_:][\w:]*)\s*\{(?!\{)/g,
              (_, name: string) => `${name}{${matcher},`,
            )
            .replace(
              /([a-zA-Z_:][\w:]*)\s*\[/g,
              (_, name: string) => `${name}{${matcher}}[`,
            ),
    )
    .join('');
}

/** An objective as one environment measures it: its namespace's events, labelled with its name. */
export function forEnvironment(
  o: SloObjective,
  environment: SloEnvironment,
): SloObjective {
  return {
    ...o,
    good: withNamespace(o.good, environment.namespace),
    total: withNamespace(o.total, environment.namespace),
    environment: environment.name,
    namespace: environment.namespace,
  };
}

/** The environments of a team's service, from slo-platform.json's list. */
export function sloEnvironments(
  platform: Pick<SloPlatform, 'environments'>,
  team: string,
): SloEnvironment[] {
  return platform.environments.map(e => ({
    name: e.name,
    namespace: `${team}${e.namespaceSuffix}`,
  }));
}

/**
 * Reads the objectives from openslo.yaml: OpenSLO v1 `SLO` documents with a ratio indicator of
 * Prometheus queries and one objective (the same shape the portal's SLO card reads). Throws
 * SloFileError listing every problem, so one run tells the owner everything to fix.
 */
export function readObjectives(openSloYaml: string): SloObjective[] {
  const objectives: SloObjective[] = [];
  const problems: string[] = [];
  parseAllDocuments(openSloYaml).forEach((document, index) => {
    if (document.errors.length > 0) {
      problems.push(
        `document ${index + 1}: ${document.errors[0]!.message.split('\n')[0]}`,
      );
      return;
    }
    const doc: unknown = document.toJS();
    if (doc === null || doc === undefined) return;
    if (!isMapping(doc)) {
      problems.push(`document ${index + 1} is not a YAML mapping`);
      return;
    }
    const metadata = isMapping(doc.metadata) ? doc.metadata : {};
    const name = typeof metadata.name === 'string' ? metadata.name : '';
    const where = `document ${index + 1}${name ? ` (${name})` : ''}`;
    if (doc.apiVersion !== 'openslo/v1') {
      problems.push(
        `${where}: apiVersion is ${JSON.stringify(
          doc.apiVersion,
        )}; use openslo/v1`,
      );
      return;
    }
    if (doc.kind !== 'SLO') return; // SLIs, alert policies and other kinds are not objectives
    const own: string[] = [];
    const problem = (text: string) => own.push(`${where}: ${text}`);
    // Rule labels and Prometheus label values: a plain name keeps them readable and safe to quote.
    if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(name)) {
      problem(
        'metadata.name must be lowercase letters, digits and "-", e.g. cart-service-availability',
      );
    }
    const spec = isMapping(doc.spec) ? doc.spec : {};
    const service = typeof spec.service === 'string' ? spec.service : '';
    if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(service)) {
      problem('spec.service must name the service, e.g. cart-service');
    }
    const window: unknown = Array.isArray(spec.timeWindow)
      ? (spec.timeWindow as unknown[])[0]
      : undefined;
    const period =
      isMapping(window) && typeof window.duration === 'string'
        ? window.duration.trim()
        : '';
    const periodHours = durationHours(period);
    if (!(periodHours >= 72)) {
      problem(
        `spec.timeWindow[0].duration is ${JSON.stringify(
          period || undefined,
        )}; write a window of at least 3d, the longest alert window, e.g. 28d`,
      );
    }
    const objectiveList = Array.isArray(spec.objectives)
      ? (spec.objectives as unknown[])
      : [];
    const first = objectiveList[0];
    const target = isMapping(first) ? first.target : undefined;
    if (objectiveList.length !== 1) {
      problem(
        `spec.objectives must hold exactly one objective (found ${objectiveList.length})`,
      );
    } else if (typeof target !== 'number' || !(target > 0 && target < 1)) {
      problem(
        `spec.objectives[0].target is ${JSON.stringify(
          target,
        )}; write a ratio between 0 and 1, e.g. 0.9995 for 99.95 %`,
      );
    }
    const indicator = isMapping(spec.indicator) ? spec.indicator : {};
    const ratio =
      isMapping(indicator.spec) && isMapping(indicator.spec.ratioMetric)
        ? indicator.spec.ratioMetric
        : {};
    const queryOf = (part: 'good' | 'total') => {
      const source = isMapping(ratio[part]) ? ratio[part].metricSource : {};
      const query =
        isMapping(source) && isMapping(source.spec)
          ? source.spec.query
          : undefined;
      const at = `spec.indicator.spec.ratioMetric.${part}.metricSource.spec.query`;
      if (
        !isMapping(source) ||
        source.type !== 'Prometheus' ||
        typeof query !== 'string'
      ) {
        problem(
          `${at} must be a Prometheus query (metricSource.type: Prometheus)`,
        );
        return '';
      }
      if (!new RegExp(WINDOW_PLACEHOLDER.source).test(query)) {
        problem(
          `${at} has no {{.window}} range, so every window would give the same answer; write e.g. rate(x[{{.window}}])`,
        );
      }
      if (!groupedBy(query, ['x'])) {
        problem(
          `${at} must be one sum(…) of rates, so the rules can keep the canary's pods apart, e.g. sum(rate(x[{{.window}}]))`,
        );
      }
      return query;
    };
    const good = queryOf('good');
    const total = queryOf('total');
    const bucket = HISTOGRAM_BUCKET.exec(good);
    const latencySeconds = bucket ? Number(bucket[1]) : undefined;
    if (latencySeconds !== undefined && !(latencySeconds > 0)) {
      problem(
        `the good query's bucket le="${bucket![1]}" is not a number of seconds`,
      );
    }
    if (own.length > 0) {
      problems.push(...own);
      return;
    }
    const displayName =
      typeof metadata.displayName === 'string' ? metadata.displayName : name;
    objectives.push({
      name,
      displayName,
      service,
      sli: latencySeconds === undefined ? 'availability' : 'latency',
      target: target as number,
      budget: clean(1 - (target as number)),
      period,
      periodHours,
      good,
      total,
      ...(latencySeconds === undefined ? {} : { latencySeconds }),
    });
  });
  if (problems.length === 0 && objectives.length === 0) {
    problems.push('no OpenSLO SLO document: write one per objective');
  }
  if (problems.length > 0) throw new SloFileError('openslo.yaml', problems);
  return objectives;
}

/** The owning team (the Component's spec.owner, without group:default/) and the component. */
export function readOwner(catalogInfoYaml: string): {
  team: string;
  component: string;
} {
  const component = parseAllDocuments(catalogInfoYaml)
    .map(d => {
      const value: unknown = d.toJS();
      return value;
    })
    .find(d => isMapping(d) && d.kind === 'Component');
  const spec =
    isMapping(component) && isMapping(component.spec) ? component.spec : {};
  const metadata =
    isMapping(component) && isMapping(component.metadata)
      ? component.metadata
      : {};
  const owner = typeof spec.owner === 'string' ? spec.owner : '';
  const team = owner.replace(/^group:(default\/)?/, '');
  const name = typeof metadata.name === 'string' ? metadata.name : '';
  if (!team || !name) {
    throw new SloFileError('catalog-info.yaml', [
      'needs a Component with metadata.name and spec.owner (the team its alerts go to)',
    ]);
  }
  return { team, component: name };
}

/** Recording-rule names: Sloth's and Pyrra's `level:metric:operation` convention. */
export const recorded = {
  good: (w: string) => `slo:sli_good:rate${w}`,
  total: (w: string) => `slo:sli_total:rate${w}`,
  errorRatio: (w: string) => `slo:sli_error:ratio_rate${w}`,
  latencyBuckets: (w: string) => `slo:sli_latency_bucket:rate${w}`,
};

/** The window the canary analysis measures: the alerts' shortest, so both see the same numbers. */
export const canaryWindow = '5m';

const selector = (o: SloObjective, extra = '') =>
  `{slo="${o.name}"${
    o.environment ? `,environment="${o.environment}"` : ''
  }${extra}}`;

/** The labels every recorded series and alert of an objective carries. */
const objectiveLabels = (o: SloObjective) => ({
  slo: o.name,
  service: o.service,
  ...(o.environment ? { environment: o.environment } : {}),
  // What the canary analysis selects: the Rollout passes its own namespace (one
  // AnalysisTemplate in deploy/ serves both environments).
  ...(o.namespace ? { namespace: o.namespace } : {}),
});

/** A burn factor and its guard: how many events the long window needs before it may alert. */
export function burnThreshold(
  o: SloObjective,
  a: (typeof burnRateAlerts)[number],
) {
  const factor = clean(
    Number(
      ((a.budgetShare * o.periodHours) / durationHours(a.long)).toFixed(4),
    ),
  );
  // A quiet service does not page on one failed request: the long window must hold enough
  // events that a single failure alone stays below the threshold (1 / (factor × budget)).
  const minEvents = Math.ceil(clean(1 / (factor * o.budget)));
  return { factor, minEvents };
}

/** An alerting rule as Prometheus reads it. */
interface AlertingRule {
  alert: string;
  expr: string;
  for: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

function ruleGroups(
  objectives: SloObjective[],
  team: string,
  platform: SloPlatform,
  runbook: string,
  timeScale: number,
) {
  const hash = platform.canaryHashLabel;
  // Recording-rule names keep the window they stand for (slo:sli_total:rate1h); only the ranges
  // and waits Prometheus acts on are scaled.
  const scaled = (duration: string) => scaledDuration(duration, timeScale);
  return objectives.flatMap(o => {
    const labels = objectiveLabels(o);
    const recording = sloWindows.flatMap(w => [
      {
        record: recorded.good(w),
        expr: groupedBy(queryForWindow(o.good, scaled(w)), [hash])!,
        labels,
      },
      {
        record: recorded.total(w),
        expr: groupedBy(queryForWindow(o.total, scaled(w)), [hash])!,
        labels,
      },
      {
        record: recorded.errorRatio(w),
        // The whole service (every pod template): what the alerts and the dashboard read.
        expr: `1 - (sum without (${hash}) (${recorded.good(w)}${selector(
          o,
        )}) / sum without (${hash}) (${recorded.total(w)}${selector(o)}))`,
        labels,
      },
    ]);
    if (o.latencySeconds !== undefined) {
      // The canary's p95 comes from the same histogram the objective counts good requests in:
      // the good query without its `le` bound, summed by bucket.
      const buckets = groupedBy(
        queryForWindow(o.good, scaled(canaryWindow)).replace(
          /,?\s*\ble\s*=\s*"[^"]*"\s*,?/,
          (m: string) => (m.startsWith(',') && m.endsWith(',') ? ',' : ''),
        ),
        ['le', hash],
      )!;
      recording.push({
        record: recorded.latencyBuckets(canaryWindow),
        expr: buckets,
        labels,
      });
    }
    const what =
      o.sli === 'latency'
        ? `requests slower than ${o.latencySeconds} s`
        : 'requests failing with a server error';
    const budgetText = `${clean(o.budget * 100)} %`;
    const alerts: AlertingRule[] = burnRateAlerts.map(a => {
      const { factor, minEvents } = burnThreshold(o, a);
      const spent = clean(a.budgetShare * 100);
      return {
        alert: a.alert,
        expr: [
          `(`,
          `  ${recorded.errorRatio(a.long)}${selector(o)} / ${
            o.budget
          } > ${factor}`,
          `and`,
          `  ${recorded.errorRatio(a.short)}${selector(o)} / ${
            o.budget
          } > ${factor}`,
          `)`,
          `and on (slo)`,
          `  sum by (slo) (${recorded.total(a.long)}${selector(o)}) * ${
            windowSeconds(a.long) / timeScale
          } >= ${minEvents}`,
        ].join('\n'),
        for: scaled(a.for),
        // team routes the alert (Alertmanager); slo and service tell the two objectives apart.
        // environment keeps dev's alerts from paging (Alertmanager routes environment="dev"
        // to a receiver that notifies nobody).
        labels: {
          severity: a.severity,
          team,
          ...objectiveLabels(o),
          window: `${a.long}/${a.short}`,
        },
        annotations: {
          summary: `${o.displayName} burns its error budget at ${factor}× or faster (over ${a.long} and ${a.short})`,
          description: `${what}: {{ $value | printf "%.1f" }}× the allowed ${budgetText} over the last ${
            a.long
          }, and still over ${factor}× in the last ${
            a.short
          }. At ${factor}× the ${a.long} alone spends ${spent} % of the ${
            o.period
          } error budget. Spent over ${
            o.period
          }: {{ with query "(1 - ${escapeForTemplate(attainmentQuery(o))}) / ${
            o.budget
          }" }}{{ . | first | value | humanizePercentage }}{{ else }}unknown (no data){{ end }} of the budget.`,
          runbook_url: `${runbook}#${a.alert.toLowerCase()}`,
        },
      };
    });
    alerts.push({
      alert: absentAlert,
      expr: `absent(${recorded.total('1h')}${selector(o)})`,
      for: scaled('30m'),
      labels: {
        severity: 'ticket',
        team,
        ...objectiveLabels(o),
        window: '1h',
      },
      annotations: {
        summary: `${o.service}: no events recorded for ${o.displayName}`,
        description: `Prometheus has recorded no ${o.sli} events of ${o.service} for 30 minutes: the service is not scraped, not running, or its metrics changed. The burn-rate alerts cannot fire meanwhile.`,
        runbook_url: `${runbook}#${absentAlert.toLowerCase()}`,
      },
    });
    return [
      { name: `${o.name}-recording`, interval: scaled('1m'), rules: recording },
      { name: `${o.name}-alerts`, rules: alerts },
    ];
  });
}

/** The share of good events over the whole SLO period (what the SLO card shows). */
function attainmentQuery(o: SloObjective): string {
  return `(${queryForWindow(o.good, o.period)}) / (${queryForWindow(
    o.total,
    o.period,
  )})`;
}

/** A PromQL query inside a Go template string literal: quotes and backslashes escaped. */
function escapeForTemplate(query: string): string {
  return query.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
}

function analysisTemplates(
  objectives: SloObjective[],
  component: string,
  platform: SloPlatform,
) {
  // Both environments' Rollouts use these templates (deploy/, the base): each passes its
  // namespace, which its environment's recording rules label their series with.
  const hash = `namespace="{{args.namespace}}",${platform.canaryHashLabel}="{{args.canary-hash}}"`;
  const strictest = (sli: SloObjective['sli']) =>
    objectives
      .filter(o => o.sli === sli)
      .sort((a, b) =>
        sli === 'latency'
          ? a.latencySeconds! - b.latencySeconds!
          : b.target - a.target,
      )[0];
  const availability = strictest('availability');
  const latency = strictest('latency');
  const template = (
    name: string,
    metric: string,
    successCondition: string,
    query: string,
  ) => ({
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'AnalysisTemplate',
    metadata: {
      name: `${component}-${name}`,
      labels: { 'app.kubernetes.io/name': component },
    },
    spec: {
      args: [{ name: 'canary-hash' }, { name: 'namespace' }],
      metrics: [
        {
          name: metric,
          interval: '1m',
          count: 5,
          failureLimit: 1,
          successCondition,
          provider: {
            prometheus: { address: platform.prometheusAddress, query },
          },
        },
      ],
    },
  });
  const templates = [];
  if (availability) {
    const s = selector(availability, `,${hash}`);
    templates.push(
      template(
        'success-rate',
        'success-rate',
        `len(result) == 0 || result[0] >= ${availability.target}`,
        `sum(${recorded.good(canaryWindow)}${s})\n/\nsum(${recorded.total(
          canaryWindow,
        )}${s})\n`,
      ),
    );
  }
  if (latency) {
    templates.push(
      template(
        'latency-p95',
        'latency-p95',
        `len(result) == 0 || result[0] <= ${latency.latencySeconds}`,
        `histogram_quantile(${
          latency.target
        }, sum by (le) (${recorded.latencyBuckets(canaryWindow)}${selector(
          latency,
          `,${hash}`,
        )}))\n`,
      ),
    );
  }
  return templates;
}

interface Panel {
  title: string;
  type: 'timeseries' | 'stat';
  unit: string;
  targets: Array<{ expr: string; legendFormat: string }>;
  thresholds?: number[];
  description: string;
}

/** Every PromQL query the dashboard runs (its tests evaluate each against a real Prometheus). */
export function dashboardPanels(objectives: SloObjective[]): Panel[] {
  const panels: Panel[] = [];
  for (const o of objectives) {
    const attainment = attainmentQuery(o);
    panels.push(
      {
        title: `${o.displayName}: SLI against objective (${o.period})`,
        type: 'stat',
        unit: 'percentunit',
        description: `Share of good events over the SLO window; the objective is ${o.target}.`,
        targets: [
          { expr: attainment, legendFormat: 'SLI' },
          { expr: `vector(${o.target})`, legendFormat: 'objective' },
        ],
        thresholds: [o.target],
      },
      {
        title: `${o.displayName}: error budget remaining (${o.period})`,
        type: 'stat',
        unit: 'percentunit',
        description: `1 − (share of bad events / allowed share ${o.budget}); below 0 the objective is missed.`,
        targets: [
          {
            expr: `1 - (1 - (${attainment})) / ${o.budget}`,
            legendFormat: 'budget remaining',
          },
        ],
        thresholds: [0],
      },
      {
        title: `${o.displayName}: SLI (1h and 5m)`,
        type: 'timeseries',
        unit: 'percentunit',
        description:
          'Share of good events, from the recording rules the alerts read.',
        targets: [
          {
            expr: `1 - ${recorded.errorRatio('1h')}${selector(o)}`,
            legendFormat: 'SLI 1h',
          },
          {
            expr: `1 - ${recorded.errorRatio('5m')}${selector(o)}`,
            legendFormat: 'SLI 5m',
          },
          { expr: `vector(${o.target})`, legendFormat: 'objective' },
        ],
      },
      {
        title: `${o.displayName}: burn rates`,
        type: 'timeseries',
        unit: 'none',
        description: `How many times faster than allowed the budget burns; the page thresholds are ${burnRateAlerts
          .map(a => `${burnThreshold(o, a).factor}× (${a.long})`)
          .join(', ')}.`,
        targets: [...new Set(burnRateAlerts.flatMap(a => [a.long, a.short]))]
          .sort((a, b) => durationHours(a) - durationHours(b))
          .map(w => ({
            expr: `${recorded.errorRatio(w)}${selector(o)} / ${o.budget}`,
            legendFormat: `burn rate ${w}`,
          })),
        thresholds: burnRateAlerts.map(a => burnThreshold(o, a).factor),
      },
    );
  }
  // Requests, errors and latency per route, from the metrics the objectives count.
  const availability = objectives.find(o => o.sli === 'availability');
  const latency = objectives.find(o => o.sli === 'latency');
  const counter =
    availability && /([a-zA-Z_:][\w:]*)\s*\{([^}]*)\}/.exec(availability.total);
  if (counter) {
    const [, name, matchers] = counter;
    panels.push(
      {
        title: 'Requests per second by route',
        type: 'timeseries',
        unit: 'reqps',
        description:
          'Every request the service answered, by method and route template.',
        targets: [
          {
            expr: `sum by (method, route) (rate(${name}{${matchers}}[5m]))`,
            legendFormat: '{{method}} {{route}}',
          },
        ],
      },
      {
        title: 'Server errors per second by route',
        type: 'timeseries',
        unit: 'reqps',
        description:
          'Requests answered with a 5xx status, by method, route and status.',
        targets: [
          {
            expr: `sum by (method, route, status_code) (rate(${name}{${matchers},status_code=~"5.."}[5m]))`,
            legendFormat: '{{method}} {{route}} {{status_code}}',
          },
        ],
      },
    );
  }
  const histogram =
    latency && /([a-zA-Z_:][\w:]*)_bucket\s*\{([^}]*)\}/.exec(latency.good);
  if (histogram) {
    const [, name, matchers] = histogram;
    const withoutLe = matchers!
      .split(',')
      .filter(m => !/^\s*le\s*=/.test(m))
      .join(',');
    panels.push({
      title: 'p95 latency by route',
      type: 'timeseries',
      unit: 's',
      description: `95th percentile of request duration by route; the objective is ${latency.latencySeconds} s.`,
      targets: [
        {
          expr: `histogram_quantile(0.95, sum by (le, method, route) (rate(${name}_bucket{${withoutLe}}[5m])))`,
          legendFormat: '{{method}} {{route}}',
        },
      ],
      thresholds: [latency.latencySeconds!],
    });
  }
  return panels;
}

/**
 * The uid of the service's SLO dashboard in Grafana: the one rule for it. The dashboard carries
 * it, and the blueprint writes it into catalog-info.yaml as `commerce.platform/grafana-dashboard-uid`
 * for the portal's SLO card to link to. Grafana allows uids of at most 40 characters.
 */
export function sloDashboardUid(
  component: string,
  environment?: { name: string; first: boolean },
): string {
  const uid = `slo-${component}`.slice(0, 40);
  if (!environment || environment.first) return uid;
  // Another environment's dashboard beside it in the same Grafana: never the same uid.
  const suffix = `-${environment.name}`;
  return `${uid.slice(0, 40 - suffix.length)}${suffix}`;
}

function dashboard(
  objectives: SloObjective[],
  component: string,
  team: string,
  platform: SloPlatform,
  runbook: string,
  environment: { name: string; first: boolean },
) {
  const datasource = { type: 'prometheus', uid: platform.grafanaDatasourceUid };
  // Stats two to a row (an objective's SLI beside its budget), time series full width.
  let y = 0;
  let statsInRow = 0;
  const panels = dashboardPanels(objectives).map((p, index) => {
    let gridPos;
    if (p.type === 'stat') {
      gridPos = { h: 5, w: 12, x: statsInRow * 12, y };
      statsInRow = (statsInRow + 1) % 2;
      if (statsInRow === 0) y += 5;
    } else {
      if (statsInRow !== 0) y += 5;
      statsInRow = 0;
      gridPos = { h: 8, w: 24, x: 0, y };
      y += 8;
    }
    return {
      id: index + 1,
      title: p.title,
      description: p.description,
      type: p.type,
      datasource,
      gridPos,
      fieldConfig: {
        defaults: {
          unit: p.unit,
          ...(p.thresholds
            ? {
                thresholds: {
                  mode: 'absolute',
                  steps: [
                    { color: 'red', value: null },
                    ...p.thresholds.map(value => ({ color: 'green', value })),
                  ],
                },
              }
            : {}),
        },
        overrides: [],
      },
      targets: p.targets.map((t, i) => ({
        refId: String.fromCharCode(65 + i),
        datasource,
        expr: t.expr,
        legendFormat: t.legendFormat,
      })),
    };
  });
  return {
    uid: sloDashboardUid(component, environment),
    // The first environment's (prod's) keeps the plain title: it is the one the catalog links.
    title: environment.first
      ? `${component} SLOs`
      : `${component} SLOs (${environment.name})`,
    description: `Rendered from openslo.yaml by npm run slo:generate; owned by ${team}. Environment ${environment.name}: its namespace's requests only.`,
    tags: ['slo', component, team, environment.name],
    timezone: 'utc',
    schemaVersion: 39,
    time: { from: 'now-24h', to: 'now' },
    refresh: '1m',
    links: [
      { title: 'Runbook', type: 'link', url: runbook, targetBlank: true },
    ],
    panels,
  };
}

function runbookPage(
  objectives: SloObjective[],
  component: string,
  team: string,
): string {
  const rows = objectives
    .map(
      o =>
        `| ${o.displayName} | ${o.target} over ${o.period} | ${burnRateAlerts
          .map(a => `${burnThreshold(o, a).factor}×`)
          .join(' / ')} |`,
    )
    .join('\n');
  const section = (a: (typeof burnRateAlerts)[number]) => `## ${a.alert}

Severity **${a.severity}**. Over the last ${a.long} the service spent ${clean(
    a.budgetShare * 100,
  )} % of its error budget or more, and the last ${a.short} still burns as fast.
${
  a.severity === 'page'
    ? `At this rate the whole budget is gone in ${Math.round(
        durationHours(a.long) / a.budgetShare,
      )} hours: act now.`
    : 'Not urgent, but the budget will not last the window: plan the fix this week.'
}

1. Open the dashboard **${component} SLOs** in Grafana: which objective burns, since when, on which
   route (the per-route panels).
2. A release in progress? The canary analysis reads the same numbers; abort the rollout
   (\`kubectl argo rollouts abort ${component}\`) and check the last change.
3. A dependency? Check the data store's health and the service's readiness (\`/readyz\`).
4. Write down what happened in the incident channel of ${team}.
`;
  return `# Runbook: ${component} SLO alerts

<!-- Rendered from openslo.yaml by \`npm run slo:generate\` (scripts/slo-files.ts); edit the
objectives there, not here. -->

Alerts go to **${team}**. Each fires when two windows both burn the error budget faster than the
factor below (Google SRE workbook, multi-window multi-burn-rate alerts), and only when the long
window holds enough requests that one failure alone could not trip it.

| objective | target | burn factors (1h / 6h / 1d / 3d) |
| --- | --- | --- |
${rows}

${burnRateAlerts.map(section).join('\n')}
## ${absentAlert}

Severity **ticket**. Prometheus recorded no events of an objective for 30 minutes, so the
burn-rate alerts cannot fire. Check that the pods run, that Prometheus scrapes them (its targets
page, job \`kubernetes-pods\`), and that the metric names in openslo.yaml still match
src/metrics.ts.
`;
}

const yamlOptions = { lineWidth: 0, aliasDuplicateObjects: false } as const;

/**
 * Renders the SLO files from the texts of openslo.yaml and catalog-info.yaml. Pure: the same
 * inputs give the same bytes, which is what `npm run slo:check` compares.
 */
export function renderSloFiles(inputs: {
  openSlo: string;
  catalogInfo: string;
  platform: SloPlatform;
  /**
   * Tests only: divide every rule's range, `for` and interval by this (default 1, the real
   * windows), so an hour of burn can be shown in a minute. Never set in a service's files.
   */
  timeScale?: number;
}): Record<string, string> {
  const objectives = readObjectives(inputs.openSlo);
  const { team, component } = readOwner(inputs.catalogInfo);
  const { platform } = inputs;
  const runbook = `${platform.portalUrl}/docs/default/component/${component}/runbook/`;
  const header = (what: string) =>
    `# ${what}\n# Rendered from openslo.yaml by \`npm run slo:generate\` (scripts/slo-files.ts): edit the\n# objectives there and regenerate; CI's \`npm run slo:check\` fails while this file is stale.\n`;
  const files: Record<string, string> = {};
  // Rules and a dashboard per environment, each reading its own namespace only: dev shares the cluster's
  // Prometheus, Alertmanager and Grafana with prod, so dev's requests must not count against
  // prod's objectives, dev's alerts must say they are dev's, and the dashboards need two uids.
  sloEnvironments(platform, team).forEach((environment, index) => {
    const scoped = objectives.map(o => forEnvironment(o, environment));
    const dir = `environments/${environment.name}`;
    const rules = {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PrometheusRule',
      metadata: {
        name: `${component}-slo`,
        labels: {
          'app.kubernetes.io/name': component,
          team,
          'commerce.platform/environment': environment.name,
        },
      },
      spec: {
        groups: ruleGroups(
          scoped,
          team,
          platform,
          runbook,
          inputs.timeScale ?? 1,
        ),
      },
    };
    const dashboardJson = dashboard(
      scoped,
      component,
      team,
      platform,
      runbook,
      {
        name: environment.name,
        first: index === 0,
      },
    );
    const configMap = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: `${component}-slo-dashboard`,
        // Grafana's dashboard sidecar loads every ConfigMap with this label, each key a file in
        // the team's folder: the key names the environment, so dev's never replaces prod's.
        labels: {
          'app.kubernetes.io/name': component,
          grafana_dashboard: '1',
        },
        annotations: { grafana_folder: team },
      },
      data: {
        [`${component}-slo-${environment.name}.json`]: `${JSON.stringify(
          dashboardJson,
          null,
          2,
        )}\n`,
      },
    };
    const where = `${environment.name} (namespace ${environment.namespace})`;
    files[`${dir}/prometheus-rules.yaml`] = `${header(
      `Recording rules and multi-window burn-rate alerts of ${component}'s objectives in ${where}.`,
    )}${stringify(rules, yamlOptions)}`;
    files[`${dir}/grafana-dashboard.yaml`] = `${header(
      `The SLO dashboard of ${component} in ${where}, for Grafana's dashboard sidecar.`,
    )}${stringify(configMap, yamlOptions)}`;
  });
  files['deploy/analysis-templates.yaml'] = `${header(
    `Automated canary analysis: the canary's pods (${platform.canaryHashLabel}) in the Rollout's namespace,\n# measured on the same recording rules the alerts read, held to the objectives' targets.`,
  )}${analysisTemplates(objectives, component, platform)
    .map(t => stringify(t, yamlOptions))
    .join('---\n')}`;
  files['docs/runbook.md'] = runbookPage(objectives, component, team);
  return files;
}

/** `node scripts/slo-files.ts [--check]` in the service: render, or fail when stale. */
function main(root: string, check: boolean): number {
  const read = (file: string) => readFileSync(path.join(root, file), 'utf8');
  let files: Record<string, string>;
  try {
    files = renderSloFiles({
      openSlo: read('openslo.yaml'),
      catalogInfo: read('catalog-info.yaml'),
      platform: JSON.parse(read('scripts/slo-platform.json')) as SloPlatform,
    });
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    return 2;
  }
  const stale = Object.entries(files).filter(([file, text]) => {
    try {
      return read(file) !== text;
    } catch {
      return true;
    }
  });
  if (check) {
    if (stale.length === 0) return 0;
    console.error(
      `These files do not match openslo.yaml: ${stale
        .map(([file]) => file)
        .join(', ')}.\nRun npm run slo:generate and commit the result.`,
    );
    return 1;
  }
  for (const [file, text] of stale) writeFileSync(path.join(root, file), text);
  console.log(
    stale.length === 0
      ? 'SLO files are up to date.'
      : `Rendered ${stale.map(([file]) => file).join(', ')} from openslo.yaml.`,
  );
  return 0;
}

if (
  process.argv[1] &&
  path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)
) {
  process.exitCode = main(
    path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..'),
    process.argv.includes('--check'),
  );
}
