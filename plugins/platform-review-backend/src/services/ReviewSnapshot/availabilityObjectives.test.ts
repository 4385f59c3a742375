import { availabilityFrom } from './availabilityObjectives';

const availabilitySlo = (target: number) => `apiVersion: openslo/v1
kind: SLO
metadata:
  name: order-service-availability
spec:
  service: order-service
  budgetingMethod: Occurrences
  timeWindow:
    - duration: 28d
      isRolling: true
  indicator:
    metadata:
      name: order-service-success-ratio
    spec:
      ratioMetric:
        counter: true
        good:
          metricSource:
            type: Prometheus
            spec:
              query: sum(rate(http_requests_total{service="order-service",status_code!~"5.."}[{{.window}}]))
        total:
          metricSource:
            type: Prometheus
            spec:
              query: sum(rate(http_requests_total{service="order-service"}[{{.window}}]))
  objectives:
    - displayName: Available
      target: ${target}
`;

describe('availabilityFrom', () => {
  it('reads the availability objective the blueprint writes', () => {
    expect(availabilityFrom(availabilitySlo(0.9999), 'openslo.yaml')).toEqual({
      availability: 0.9999,
      problems: [],
    });
  });

  it('keeps the good documents of a file with a broken one, and says which', () => {
    const result = availabilityFrom(
      `kind: [broken\n---\n${availabilitySlo(0.9995)}`,
      'component:default/order-service: openslo.yaml',
    );
    expect(result.availability).toBe(0.9995);
    expect(result.problems).toEqual([
      expect.stringMatching(
        /^component:default\/order-service: openslo\.yaml: document 1 is not valid YAML: /,
      ),
    ]);
  });

  it('says what to add when no SLO counts server errors', () => {
    const latencyOnly = availabilitySlo(0.95).replace(
      ',status_code!~"5.."',
      '',
    );
    expect(availabilityFrom(latencyOnly, 'openslo.yaml')).toEqual({
      availability: undefined,
      problems: [
        'openslo.yaml: no availability objective (an SLO whose good query excludes 5xx responses); add the one the blueprint generates',
      ],
    });
  });
});
