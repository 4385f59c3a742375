import { parseAllDocuments } from 'yaml';
import { readOpenSlo } from './openSlo';

const good = `apiVersion: openslo/v1
kind: SLO
metadata:
  name: order-service-availability
  displayName: order-service availability
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
              query: sum(rate(http_requests_total{status_code!~"5.."}[{{.window}}]))
        total:
          metricSource:
            type: Prometheus
            spec:
              query: sum(rate(http_requests_total[{{.window}}]))
  objectives:
    - displayName: Available
      target: 0.9999
`;

const read = (text: string) =>
  readOpenSlo(parseAllDocuments(text).map(d => d.toJS()));

describe('readOpenSlo', () => {
  it('reads an objective with its window and Prometheus indicator', () => {
    expect(read(good)).toEqual({
      problems: [],
      slos: [
        {
          name: 'order-service-availability',
          displayName: 'order-service availability',
          service: 'order-service',
          description: undefined,
          objective: 0.9999,
          windowDays: 28,
          indicator: {
            source: 'Prometheus',
            good: 'sum(rate(http_requests_total{status_code!~"5.."}[{{.window}}]))',
            total: 'sum(rate(http_requests_total[{{.window}}]))',
          },
        },
      ],
    });
  });

  it('reports each broken document with its name and keeps the good ones', () => {
    const broken = good
      .replace('order-service-availability', 'order-service-latency')
      .replace('target: 0.9999', 'target: 99.99')
      .replace('duration: 28d', 'duration: a month');
    const result = read(
      `${good}---\n${broken}---\napiVersion: openslo/v2\nkind: SLO\nmetadata: {name: x}\n`,
    );
    expect(result.slos.map(s => s.name)).toEqual([
      'order-service-availability',
    ]);
    expect(result.problems).toEqual([
      'document 2 (order-service-latency): spec.timeWindow[0].duration "a month": write a number and a unit m, h, d or w (e.g. 28d)',
      'document 2 (order-service-latency): spec.objectives[0].target is 99.99; write a ratio between 0 and 1, e.g. 0.9995 for 99.95 %',
      'document 3 (x): apiVersion is "openslo/v2"; use openslo/v1',
    ]);
  });

  it('ignores other OpenSLO kinds and empty documents, and says what a bare SLO lacks', () => {
    const result = read(
      'apiVersion: openslo/v1\nkind: SLI\nmetadata: {name: s}\n---\n---\napiVersion: openslo/v1\nkind: SLO\nmetadata: {name: bare}\nspec: {}\n',
    );
    expect(result.slos).toEqual([]);
    expect(result.problems).toEqual([
      'document 3 (bare): spec.service is missing: name the service this objective belongs to',
      'document 3 (bare): spec.timeWindow[0].duration is missing, e.g. 28d',
      'document 3 (bare): spec.objectives must hold exactly one objective (found 0)',
    ]);
  });

  it('refuses a window of zero length', () => {
    expect(read(good.replace('duration: 28d', 'duration: 0d'))).toEqual({
      slos: [],
      problems: [
        'document 1 (order-service-availability): spec.timeWindow[0].duration is 0d; an SLO window must be longer than zero, e.g. 28d',
      ],
    });
  });

  it('reports fields of the wrong type instead of reading them as "[object Object]" or throwing', () => {
    // A key named toString makes String() throw: YAML mappings are plain objects.
    const result = read(
      good
        .replace(
          'displayName: order-service availability',
          'displayName: {toString: 1}',
        )
        .replace('duration: 28d', 'duration: {days: 28}')
        .replace(
          'query: sum(rate(http_requests_total[{{.window}}]))',
          'query: [sum, rate]',
        )
        .replace('type: Prometheus', 'type: {toString: 1}'),
    );
    expect(result.slos).toEqual([]);
    expect(result.problems).toEqual([
      'document 1 (order-service-availability): metadata.displayName is {"toString":1}; write it as text',
      'document 1 (order-service-availability): spec.timeWindow[0].duration is {"days":28}; write a number and a unit m, h, d or w, e.g. 28d',
      'document 1 (order-service-availability): spec.indicator.spec.ratioMetric.total.metricSource.spec.query is ["sum","rate"]; write the PromQL query as text',
    ]);
  });

  it('refuses a window too long to compute with, quoting it shortened', () => {
    const duration = `${'9'.repeat(400)}d`;
    const { slos, problems } = read(good.replace('28d', duration));
    expect(slos).toEqual([]);
    expect(problems).toEqual([
      `document 1 (order-service-availability): spec.timeWindow[0].duration is "${'9'.repeat(
        79,
      )}…; write a window a person would choose, e.g. 28d`,
    ]);
  });

  it('does not crash on things that are not documents at all', () => {
    expect(read('- just\n- a list\n').problems).toEqual([
      'document 1: is not a YAML mapping',
    ]);
  });
});
