import { sloTargetsFromOpenSlo, type SloForTargets } from './sloTargets';

// The two SLOs the blueprint writes into openslo.yaml (as readOpenSlo returns them), for a
// service with availability 99.95 % and p95 ≤ 150 ms.
const availability: SloForTargets = {
  name: 'order-service-availability',
  displayName: 'order-service availability',
  objective: 0.9995,
  indicator: {
    good: 'sum(rate(http_requests_total{service="order-service",status_code!~"5.."}[{{.window}}]))',
    total:
      'sum(rate(http_requests_total{service="order-service"}[{{.window}}]))',
  },
};
const latency: SloForTargets = {
  name: 'order-service-latency',
  displayName: 'order-service p95 latency',
  objective: 0.95,
  indicator: {
    good: 'sum(rate(http_request_duration_seconds_bucket{service="order-service",le="0.15"}[{{.window}}]))',
    total:
      'sum(rate(http_request_duration_seconds_count{service="order-service"}[{{.window}}]))',
  },
};

describe('sloTargetsFromOpenSlo', () => {
  it('derives availability and the p95 bound from the blueprint SLOs', () => {
    expect(sloTargetsFromOpenSlo([availability, latency])).toEqual({
      targets: {
        availability: 0.9995,
        availabilitySlo: 'order-service-availability',
        latencySeconds: 0.15,
        latencySlo: 'order-service-latency',
      },
      problems: [],
    });
  });

  it('takes the strictest objective when there are several', () => {
    const { targets } = sloTargetsFromOpenSlo([
      availability,
      { ...availability, name: 'checkout-availability', objective: 0.9999 },
      latency,
      {
        ...latency,
        name: 'fast-path',
        indicator: {
          good: latency.indicator!.good.replace('le="0.15"', 'le="0.05"'),
        },
      },
    ]);
    expect(targets).toEqual({
      availability: 0.9999,
      availabilitySlo: 'checkout-availability',
      latencySeconds: 0.05,
      latencySlo: 'fast-path',
    });
  });

  it('explains what it cannot derive instead of guessing', () => {
    expect(sloTargetsFromOpenSlo([])).toEqual({
      targets: {},
      problems: [
        expect.stringMatching(
          /^no SLO counts requests answered without a server error .* add the availability SLO/,
        ),
        expect.stringMatching(
          /^no SLO counts requests within a latency bound .* add the latency SLO/,
        ),
      ],
    });

    // An availability SLO without an indicator, or one counting something else, is not used.
    const { targets, problems } = sloTargetsFromOpenSlo([
      { ...availability, indicator: undefined },
      {
        ...availability,
        name: 'ok-ratio',
        indicator: { good: 'sum(rate(http_requests_total{code="200"}[5m]))' },
      },
      latency,
    ]);
    expect(targets).toEqual({
      latencySeconds: 0.15,
      latencySlo: 'order-service-latency',
    });
    expect(problems).toHaveLength(1);
  });

  it('refuses latency SLOs that are not p95 or have no finite bound', () => {
    const p99 = { ...latency, name: 'p99', objective: 0.99 };
    const inf = {
      ...latency,
      name: 'inf',
      indicator: {
        good: latency.indicator!.good.replace('le="0.15"', 'le="+Inf"'),
      },
    };
    expect(sloTargetsFromOpenSlo([availability, p99, inf])).toEqual({
      targets: {
        availability: 0.9995,
        availabilitySlo: 'order-service-availability',
      },
      problems: [
        'SLO p99 asks for 0.99 of requests within 0.15 s, a p99 objective; the canary analysis measures p95, so it is not compared; write the latency SLO with objective 0.95 as the blueprint does',
        'SLO inf counts requests in the histogram bucket le="+Inf", which is not a bound in seconds; name a finite bucket such as le="0.15"',
      ],
    });
  });
});
