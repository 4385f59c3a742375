/**
 * `promtool test rules` fixtures for a service's SLO alerts: simulated traffic in the metrics the
 * blueprint's services export (src/metrics.ts), and which alerts must fire when. The expected
 * times follow from the objectives' numbers (burn factors, budgets), not from the rules' text,
 * so a wrong rule fails here.
 */
import {
  absentAlert,
  burnRateAlerts,
  burnThreshold,
  forEnvironment,
  type SloEnvironment,
  type SloObjective,
} from '../slo-files.ts';

/** Requests per minute of the simulated service. */
const perMinute = 600;
/** The canary hash of the simulated pods: the rules must keep it and still alert service-wide. */
const podTemplateHash = '5d8c7b9f4';

interface Segment {
  minutes: number;
  /** Share of requests that are bad (server errors, or slower than the latency bound). */
  badRatio: number;
  /** Requests per minute in this segment (perMinute unless the service is quiet). */
  rate?: number;
}

const clean = (value: number) => Number(value.toPrecision(12));

/**
 * promtool's expanding notation (`a+bxn`: n+1 samples from a, b apart) for a counter growing by
 * `increment(s)` per minute, sampled every `every` minutes.
 */
function counter(
  segments: Segment[],
  increment: (s: Segment) => number,
  every: number,
) {
  let value = 0;
  return segments
    .map((s, index) => {
      const step = clean(increment(s) * every);
      const samples = s.minutes / every;
      if (index === 0) {
        const text = `0+${step}x${samples}`;
        value = clean(step * samples);
        return text;
      }
      value = clean(value + step);
      const text = `${value}+${step}x${samples - 1}`;
      value = clean(value + step * (samples - 1));
      return text;
    })
    .join(' ');
}

/** Input series for one objective: availability counts status codes, latency a histogram. */
function seriesFor(
  o: SloObjective,
  segments: Segment[],
  hashLabel: string,
  every: number,
  namespace?: string,
): Array<{ series: string; values: string }> {
  // The namespace the cluster's scrape gives every series (the pod's): the rules read one.
  const common = `${namespace ? `namespace="${namespace}",` : ''}service="${
    o.service
  }",${hashLabel}="${podTemplateHash}",method="GET",route="/items/:id"`;
  const rate = (s: Segment) => s.rate ?? perMinute;
  if (o.sli === 'availability') {
    return [
      {
        series: `http_requests_total{${common},status_code="200"}`,
        values: counter(segments, s => rate(s) * (1 - s.badRatio), every),
      },
      {
        series: `http_requests_total{${common},status_code="503"}`,
        values: counter(segments, s => rate(s) * s.badRatio, every),
      },
    ];
  }
  return [
    {
      series: `http_request_duration_seconds_bucket{${common},status_code="200",le="${o.latencySeconds}"}`,
      values: counter(segments, s => rate(s) * (1 - s.badRatio), every),
    },
    {
      series: `http_request_duration_seconds_bucket{${common},status_code="200",le="+Inf"}`,
      values: counter(segments, rate, every),
    },
    {
      series: `http_request_duration_seconds_count{${common},status_code="200"}`,
      values: counter(segments, rate, every),
    },
  ];
}

type AlertName = (typeof burnRateAlerts)[number]['alert'] | typeof absentAlert;

const allAlerts: AlertName[] = [
  ...burnRateAlerts.map(a => a.alert),
  absentAlert,
];

/** One scenario's expectation: at `minute`, exactly these objectives fire `alert`. */
interface Expectation {
  minute: number;
  alert: AlertName;
  firing: SloObjective[];
}

export interface PromtoolScenario {
  name: string;
  /**
   * Minutes between samples and rule evaluations. Scenarios over days step 5 minutes: promtool
   * evaluates every rule at every step, and 3-day ranges at 1-minute steps take minutes of CPU.
   */
  every: 1 | 5;
  segments: (o: SloObjective) => Segment[];
  expectations: Expectation[];
}

/** Healthy traffic spends half the budget's pace: below every threshold. */
const healthy = (o: SloObjective, minutes: number): Segment => ({
  minutes,
  badRatio: o.budget / 2,
});

/** The minute, after a burn starts, by which an alert with this factor and `for` fires. */
function detectionMinute(
  o: SloObjective,
  alert: (typeof burnRateAlerts)[number],
  badRatio: number,
): number {
  const { factor } = burnThreshold(o, alert);
  const longMinutes = { '1h': 60, '6h': 360, '1d': 1440, '3d': 4320 }[
    alert.long
  ];
  const forMinutes =
    Number.parseInt(alert.for, 10) * (alert.for.endsWith('h') ? 60 : 1);
  // The long window's ratio reaches factor × budget after this share of it has burnt; two
  // minutes of slack for rate()'s extrapolation and the evaluation step.
  return (
    Math.ceil((longMinutes * factor * o.budget) / badRatio) + forMinutes + 2
  );
}

/**
 * The scenarios for one objective `burning` while the service's other objectives stay healthy:
 * healthy traffic, a fast burn and its recovery, a slow burn, a quiet service with one failure.
 */
export function scenarios(
  objectives: SloObjective[],
  burning: SloObjective,
): PromtoolScenario[] {
  const [fastAlert, slowPage, dayTicket, threeDayTicket] = burnRateAlerts;
  const o = burning;
  // A fast burn: errors at 60× the page threshold (capped at every request), so the long window
  // crosses it within a minute where the budget allows (availability); a 95 % latency objective
  // can burn at most 20×, so its page needs 41 minutes of every request being slow.
  const fastRatio = Math.min(
    1,
    60 * burnThreshold(o, fastAlert).factor * o.budget,
  );
  const fastMinute = Math.max(5, detectionMinute(o, fastAlert, fastRatio));
  const lead = 60;
  const slowRatio = 4 * o.budget; // between the tickets' 2.8× and the pages' 5.6× (28 days)
  const others = objectives.filter(x => x !== o);
  const only = (firing: boolean) => (firing ? [o] : []);
  return [
    {
      name: `${o.name}: a fast burn (${clean(
        fastRatio * 100,
      )} % bad) pages within ${fastMinute} minutes, and resolves when it stops`,
      every: 1,
      segments: x =>
        x === o
          ? [
              healthy(x, lead),
              { minutes: fastMinute, badRatio: fastRatio },
              healthy(x, 60),
            ]
          : [healthy(x, lead + fastMinute + 60)],
      expectations: [
        {
          minute: lead + fastMinute,
          alert: fastAlert.alert,
          firing: only(true),
        },
        // The 5-minute window is clean again 5 minutes after the burn.
        { minute: lead + fastMinute + 7, alert: fastAlert.alert, firing: [] },
        // …and the 30-minute window 30 minutes after.
        { minute: lead + fastMinute + 35, alert: slowPage.alert, firing: [] },
        { minute: lead + fastMinute + 35, alert: fastAlert.alert, firing: [] },
      ],
    },
    {
      name: `${o.name}: a slow burn (4× the budget's pace) opens both tickets and pages nobody`,
      every: 5,
      segments: x =>
        x === o
          ? [healthy(x, 6 * 60), { minutes: 17 * 60, badRatio: slowRatio }]
          : [healthy(x, 23 * 60)],
      expectations: [
        { minute: 23 * 60, alert: dayTicket.alert, firing: only(true) },
        { minute: 23 * 60, alert: threeDayTicket.alert, firing: only(true) },
        { minute: 23 * 60, alert: fastAlert.alert, firing: [] },
        { minute: 23 * 60, alert: slowPage.alert, firing: [] },
      ],
    },
    {
      name: `${o.name}: a quiet service (one request a minute) does not page for one failed request`,
      every: 1,
      segments: x =>
        x === o
          ? [
              { minutes: 100, badRatio: 0, rate: 1 },
              { minutes: 1, badRatio: 1, rate: 1 },
              { minutes: 5, badRatio: 0, rate: 1 },
            ]
          : [healthy(x, 106)],
      expectations: [
        { minute: 101, alert: fastAlert.alert, firing: [] },
        { minute: 104, alert: fastAlert.alert, firing: [] },
      ],
    },
    {
      name: `${o.name}: no events recorded for 30 minutes opens a ticket`,
      every: 1,
      // The other objectives keep their events, so only this one is absent.
      segments: x => (x === o ? [] : [healthy(x, 60)]),
      expectations: [
        { minute: 5, alert: absentAlert, firing: [] },
        { minute: 45, alert: absentAlert, firing: only(true) },
        ...others.map(() => ({
          minute: 45,
          alert: fastAlert.alert,
          firing: [],
        })),
      ],
    },
  ];
}

/** Healthy traffic for longer than the longest alert window: no alert, at any window. */
export function healthyScenario(): PromtoolScenario {
  return {
    name: 'healthy traffic for 3 days and 6 hours raises no alert',
    every: 5,
    segments: x => [healthy(x, 78 * 60)],
    expectations: [60, 6 * 60, 24 * 60, 78 * 60].flatMap(minute =>
      allAlerts.map(alert => ({ minute, alert, firing: [] })),
    ),
  };
}

/** Labels an alert carries (besides alertname): its series' and the rule's. */
function alertLabels(o: SloObjective, alert: AlertName, team: string) {
  const rule = burnRateAlerts.find(a => a.alert === alert);
  return {
    slo: o.name,
    service: o.service,
    ...(o.environment ? { environment: o.environment } : {}),
    ...(o.namespace ? { namespace: o.namespace } : {}),
    team,
    severity: rule ? rule.severity : 'ticket',
    window: rule ? `${rule.long}/${rule.short}` : '1h',
  };
}

/**
 * promtool test files (as objects) for every objective's scenarios, one per evaluation step,
 * reading `rulesFile`.
 */
export function promtoolTestFiles(options: {
  rulesFile: string;
  objectives: SloObjective[];
  team: string;
  hashLabel: string;
  /** The environment the rules were rendered for: its namespace's series, its label expected. */
  environment?: SloEnvironment;
}) {
  const { team, hashLabel, environment } = options;
  const objectives = environment
    ? options.objectives.map(o => forEnvironment(o, environment))
    : options.objectives;
  const all = [
    healthyScenario(),
    ...objectives.flatMap(burning => scenarios(objectives, burning)),
  ];
  return ([1, 5] as const).map(every => ({
    rule_files: [options.rulesFile],
    evaluation_interval: `${every}m`,
    tests: all
      .filter(scenario => scenario.every === every)
      .map(scenario => ({
        name: scenario.name,
        interval: `${every}m`,
        input_series: objectives.flatMap(o => {
          const segments = scenario.segments(o);
          return segments.length === 0
            ? []
            : seriesFor(o, segments, hashLabel, every, environment?.namespace);
        }),
        alert_rule_test: scenario.expectations.map(e => ({
          eval_time: `${e.minute}m`,
          alertname: e.alert,
          exp_alerts: e.firing.map(o => ({
            exp_labels: alertLabels(o, e.alert, team),
          })),
        })),
      })),
  }));
}

/**
 * One promtool test file over two environments' rules side by side, as the shared Prometheus
 * loads them: `burning` (an availability objective) burns fast in `burningIn`'s namespace while
 * the same service in `healthyIn`'s stays healthy. Only `burningIn`'s alert may fire, carrying its
 * `environment` label (Alertmanager's route for dev reads it); `healthyIn`'s stays silent.
 */
export function environmentIsolationTestFile(options: {
  rulesFiles: string[];
  objectives: SloObjective[];
  burning: SloObjective;
  team: string;
  hashLabel: string;
  burningIn: SloEnvironment;
  healthyIn: SloEnvironment;
}) {
  const { objectives, burning, team, hashLabel, burningIn, healthyIn } =
    options;
  const [fastAlert] = burnRateAlerts;
  const [fast] = scenarios(objectives, burning);
  const end = fast!.expectations[0]!.minute;
  const inBurning = forEnvironment(burning, burningIn);
  return {
    rule_files: options.rulesFiles,
    evaluation_interval: '1m',
    tests: [
      {
        name: `${burning.name}: a fast burn in ${burningIn.name} pages as ${burningIn.name} only; ${healthyIn.name} stays silent`,
        interval: '1m',
        input_series: objectives.flatMap(o => [
          ...seriesFor(o, fast!.segments(o), hashLabel, 1, burningIn.namespace),
          ...seriesFor(
            o,
            [healthy(o, end + 60)],
            hashLabel,
            1,
            healthyIn.namespace,
          ),
        ]),
        alert_rule_test: [
          {
            eval_time: `${end}m`,
            alertname: fastAlert.alert,
            exp_alerts: [
              { exp_labels: alertLabels(inBurning, fastAlert.alert, team) },
            ],
          },
        ],
      },
    ],
  };
}
