import type { Entity } from '@backstage/catalog-model';
import type {
  EntitySloReport,
  SloHistory,
  SloReport,
} from '@internal/plugin-slo-common';

/** Where the tests' discovery API puts the SLO backend. */
export const SLO_BACKEND = 'http://localhost:7007/api/slo';

export const orderService: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'order-service',
    namespace: 'default',
    annotations: { 'commerce.platform/slo-file': 'openslo.yaml' },
  },
  spec: { type: 'service', owner: 'checkout-team', lifecycle: 'production' },
};

export const ENTITY_URL = `${SLO_BACKEND}/v1/entities/component/default/order-service`;

const measuredAt = '2025-03-01T12:00:00.000Z';

export const availability: SloReport = {
  name: 'order-service-availability',
  displayName: 'order-service availability',
  objective: 0.9995,
  windowDays: 28,
  errorBudget: { allowedFailureRatio: 0.0005, fullOutageMinutes: 20.16 },
  indicator: {
    good: 'sum(rate(ok[{{.window}}]))',
    total: 'sum(rate(all[{{.window}}]))',
  },
  measurement: {
    attainment: 0.9998,
    budgetRemaining: 0.6,
    burnRate1h: 0.2,
    burnRate6h: 2.34,
    status: 'ok',
    measuredAt,
  },
};

export const latency: SloReport = {
  name: 'order-service-latency',
  displayName: 'order-service p95 latency',
  objective: 0.95,
  windowDays: 28,
  errorBudget: { allowedFailureRatio: 0.05, fullOutageMinutes: 2016 },
  indicator: {
    good: 'sum(rate(fast[{{.window}}]))',
    total: 'sum(rate(all[{{.window}}]))',
  },
  measurement: {
    attainment: 0.9,
    budgetRemaining: -1,
    burnRate1h: 20,
    burnRate6h: 14.4,
    status: 'critical',
    measuredAt,
  },
};

export const measuredReport: EntitySloReport = {
  entityRef: 'component:default/order-service',
  sloFileUrl: 'https://git.example.com/order-service/openslo.yaml',
  source: {
    type: 'prometheus',
    message: 'Measured by Prometheus at http://prometheus:9090.',
  },
  problems: [],
  slos: [availability, latency],
  alerts: { status: 'read', alerts: [] },
  dashboard: {
    message:
      'Dashboard not configured: set slo.grafana.baseUrl to link to Grafana.',
  },
};

export const notConfiguredReport: EntitySloReport = {
  ...measuredReport,
  source: {
    type: 'none',
    message:
      'No measurements: Prometheus is not configured (set slo.prometheus.baseUrl, or slo.azureMonitor.queryEndpoint for Azure Monitor managed Prometheus). Objectives and error budgets come from the OpenSLO file.',
  },
  slos: [availability, latency].map(({ measurement, ...slo }) => slo),
};

const RUNBOOK =
  'https://portal.example.com/docs/default/component/order-service/runbook/';

/** Paging now, a ticket pending; the dashboard configured; Prometheus holds 4 of 28 days. */
export const alertingReport: EntitySloReport = {
  ...measuredReport,
  slos: [
    {
      ...availability,
      measurement: {
        ...availability.measurement!,
        history: { daysHeld: 4, windowDays: 28, partial: true },
      },
    },
    {
      ...latency,
      measurement: {
        ...latency.measurement!,
        history: { daysHeld: 28, windowDays: 28, partial: false },
      },
    },
  ],
  alerts: {
    status: 'read',
    alerts: [
      {
        name: 'SLOErrorBudgetBurn1h5m',
        state: 'firing',
        severity: 'page',
        slo: 'order-service-latency',
        since: '2025-03-01T11:13:29.119Z',
        summary:
          'order-service p95 latency burns its error budget at 14.4× or faster',
        runbookUrl: `${RUNBOOK}#sloerrorbudgetburn1h5m`,
      },
      {
        name: 'SLOErrorBudgetBurn1d2h',
        state: 'pending',
        severity: 'ticket',
        slo: 'order-service-latency',
        since: '2025-03-01T10:00:00.000Z',
        summary:
          'order-service p95 latency burns its error budget at 3× or faster',
        runbookUrl: `${RUNBOOK}#sloerrorbudgetburn1d2h`,
      },
    ],
  },
  dashboard: { url: 'https://grafana.example.com/d/slo-order-service' },
};

export const brokenFileReport: EntitySloReport = {
  ...measuredReport,
  problems: [
    'document 2: YAML syntax error: Flow map must end with a } at line 31, column 20',
    'document 3 (order-service-errors): spec.objectives[0].target is 99.95; write a ratio between 0 and 1, e.g. 0.9995 for 99.95 %',
  ],
  slos: [availability],
};

const DAY = 24 * 60 * 60 * 1000;

/** Seven days ending 2025-03-01; day 3 had no traffic, day 5 was below the objective. */
export const availabilityHistory: SloHistory = {
  entityRef: 'component:default/order-service',
  slo: 'order-service-availability',
  objective: 0.9995,
  source: measuredReport.source,
  points: [0.9999, 1, undefined, 0.9998, 0.998, 0.9997, 0.9999].map(
    (sli, i) => ({
      time: new Date(
        Date.parse('2025-02-23T12:00:00.000Z') + i * DAY,
      ).toISOString(),
      ...(sli !== undefined && { sli }),
    }),
  ),
};
