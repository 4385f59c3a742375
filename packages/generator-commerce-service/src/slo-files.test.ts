import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import {
  SloFileError,
  burnRateAlerts,
  burnThreshold,
  groupedBy,
  readObjectives,
  readOwner,
  renderSloFiles,
  scaledDuration,
  type SloObjective,
} from './slo-files.ts';

const openSlo = (target: unknown, window = '28d', good?: string) => `
apiVersion: openslo/v1
kind: SLO
metadata: { name: cart-service-availability, displayName: Cart availability }
spec:
  service: cart-service
  timeWindow: [{ duration: ${window}, isRolling: true }]
  indicator:
    spec:
      ratioMetric:
        good:
          metricSource:
            type: Prometheus
            spec: { query: '${
              good ??
              'sum(rate(http_requests_total{service="cart-service",status_code!~"5.."}[{{.window}}]))'
            }' }
        total:
          metricSource:
            type: Prometheus
            spec: { query: 'sum(rate(http_requests_total{service="cart-service"}[{{.window}}]))' }
  objectives: [{ target: ${target} }]
`;

const catalogInfo = `
apiVersion: backstage.io/v1alpha1
kind: Component
metadata: { name: cart-service }
spec: { type: service, owner: group:default/checkout-team }
`;

const platform = {
  prometheusAddress: 'http://prometheus:9090',
  portalUrl: 'https://portal.example.com',
  grafanaDatasourceUid: 'prometheus',
  canaryHashLabel: 'rollouts_pod_template_hash',
  environments: [
    { name: 'prod', namespaceSuffix: '' },
    { name: 'dev', namespaceSuffix: '-dev' },
  ],
};

describe('burn-rate thresholds', () => {
  const objective = (period: string): SloObjective =>
    readObjectives(openSlo(0.999, period))[0]!;

  it("are the SRE workbook's 14.4, 6, 3 and 1 for a 30-day SLO", () => {
    assert.deepEqual(
      burnRateAlerts.map(a => burnThreshold(objective('30d'), a).factor),
      [14.4, 6, 3, 1],
    );
  });

  it('spend the same share of a 28-day budget: 13.44, 5.6, 2.8, 0.9333', () => {
    assert.deepEqual(
      burnRateAlerts.map(a => burnThreshold(objective('28d'), a).factor),
      [13.44, 5.6, 2.8, 0.9333],
    );
  });

  it('need enough events that one failure alone cannot cross them', () => {
    // 99.9 % over 30 days, 14.4× over 1 h: one failure in 70 events is 1.43 % < 1.44 %.
    const { factor, minEvents } = burnThreshold(
      objective('30d'),
      burnRateAlerts[0],
    );
    assert.equal(minEvents, 70);
    assert.ok(1 / minEvents <= factor * 0.001);
    assert.ok(1 / (minEvents - 1) > factor * 0.001);
  });
});

describe('groupedBy', () => {
  it('adds the labels to an outermost sum', () => {
    assert.equal(
      groupedBy('sum(rate(x{a="1"}[5m]))', ['h']),
      'sum by (h) (rate(x{a="1"}[5m]))',
    );
    assert.equal(
      groupedBy('sum by (le) (rate(x[5m]))', ['le', 'h']),
      'sum by (le, h) (rate(x[5m]))',
    );
  });

  it('refuses what is not one sum', () => {
    assert.equal(
      groupedBy('sum(rate(a[5m])) / sum(rate(b[5m]))', ['h']),
      undefined,
    );
    assert.equal(groupedBy('rate(a[5m])', ['h']), undefined);
    assert.equal(groupedBy('max(rate(a[5m]))', ['h']), undefined);
  });
});

describe('readObjectives', () => {
  it('reads an availability and a latency objective', () => {
    const [availability] = readObjectives(openSlo(0.9995));
    assert.equal(availability!.sli, 'availability');
    assert.equal(availability!.budget, 0.0005);
    const [latency] = readObjectives(
      openSlo(
        0.95,
        '28d',
        'sum(rate(http_request_duration_seconds_bucket{service="cart-service",le="0.12"}[{{.window}}]))',
      ),
    );
    assert.equal(latency!.sli, 'latency');
    assert.equal(latency!.latencySeconds, 0.12);
  });

  it('lists every problem at once, saying how to fix each', () => {
    const broken = openSlo(1.5, '1d', 'max(rate(x[5m]))');
    assert.throws(
      () => readObjectives(broken),
      (error: unknown) => {
        assert.ok(error instanceof SloFileError);
        assert.equal(error.problems.length, 4, error.message);
        assert.match(
          error.message,
          /timeWindow\[0\]\.duration is "1d"; write a window of at least 3d/,
        );
        assert.match(
          error.message,
          /target is 1\.5; write a ratio between 0 and 1/,
        );
        assert.match(
          error.message,
          /good\.metricSource\.spec\.query has no \{\{\.window\}\} range/,
        );
        assert.match(
          error.message,
          /good\.metricSource\.spec\.query must be one sum\(…\) of rates/,
        );
        return true;
      },
    );
  });

  it('refuses a file without objectives', () => {
    assert.throws(
      () => readObjectives('apiVersion: openslo/v1\nkind: Service\n'),
      /no OpenSLO SLO document/,
    );
  });
});

describe('readOwner', () => {
  it('takes the team from the Component owner', () => {
    assert.deepEqual(readOwner(catalogInfo), {
      team: 'checkout-team',
      component: 'cart-service',
    });
  });

  it('refuses a catalog file without an owned Component', () => {
    assert.throws(
      () => readOwner('kind: API\n'),
      /needs a Component with metadata\.name and spec\.owner/,
    );
  });
});

describe('renderSloFiles', () => {
  it('renders the same bytes for the same inputs, and follows a changed target', () => {
    const first = renderSloFiles({
      openSlo: openSlo(0.9995),
      catalogInfo,
      platform,
    });
    assert.deepEqual(
      renderSloFiles({ openSlo: openSlo(0.9995), catalogInfo, platform }),
      first,
    );
    const changed = renderSloFiles({
      openSlo: openSlo(0.999),
      catalogInfo,
      platform,
    });
    assert.match(
      changed['deploy/analysis-templates.yaml'],
      /result\[0\] >= 0\.999\n/,
    );
    assert.match(
      changed['environments/prod/prometheus-rules.yaml'],
      / \/ 0\.001 > 13\.44/,
    );
  });

  it('routes alerts to the owning team with a runbook link', () => {
    const rules = parse(
      renderSloFiles({ openSlo: openSlo(0.9995), catalogInfo, platform })[
        'environments/prod/prometheus-rules.yaml'
      ],
    );
    const alert = rules.spec.groups[1].rules[0];
    assert.equal(alert.labels.team, 'checkout-team');
    assert.equal(
      alert.annotations.runbook_url,
      'https://portal.example.com/docs/default/component/cart-service/runbook/#sloerrorbudgetburn1h5m',
    );
  });

  it('scales only the ranges, waits and intervals when a test asks for a time scale', () => {
    assert.equal(scaledDuration('1h', 60), '60s');
    assert.equal(scaledDuration('5m', 60), '5s');
    assert.equal(scaledDuration('30m', 120), '15s');
    assert.equal(scaledDuration('5m', 600), '500ms');
    assert.equal(scaledDuration('28d', 1), '28d');
    const real = parse(
      renderSloFiles({ openSlo: openSlo(0.9995), catalogInfo, platform })[
        'environments/prod/prometheus-rules.yaml'
      ],
    );
    const fast = parse(
      renderSloFiles({
        openSlo: openSlo(0.9995),
        catalogInfo,
        platform,
        timeScale: 60,
      })['environments/prod/prometheus-rules.yaml'],
    );
    const [recording, alerts] = fast.spec.groups;
    assert.equal(recording.interval, '1s');
    const total1h = recording.rules.find(
      (r: { record?: string }) => r.record === 'slo:sli_total:rate1h',
    );
    assert.match(total1h.expr, /\[60s\]/);
    const page = alerts.rules[0];
    assert.equal(page.for, '2s');
    // The minimum-traffic guard counts the events of the scaled window: 60 s, not 3600 s.
    assert.match(page.expr, /\* 60 >= \d+$/);
    // Same rules otherwise: names, labels, thresholds and annotations.
    assert.deepEqual(
      alerts.rules.map((r: { labels: unknown }) => r.labels),
      real.spec.groups[1].rules.map((r: { labels: unknown }) => r.labels),
    );
    assert.equal(
      page.expr.replace(/\* \d+ >=/, ''),
      real.spec.groups[1].rules[0].expr.replace(/\* \d+ >=/, ''),
    );
  });
});
