import { parseAllDocuments } from 'yaml';
import { checkPolicyAgainstSlo, readRolloutPolicy } from './rolloutPolicy';

// The shape the blueprint generates (deploy/rollout.yaml and deploy/analysis-templates.yaml),
// for an order service with availability 99.95 % and p95 ≤ 150 ms.
const manifests = `apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata: {name: order-service}
spec:
  strategy:
    canary:
      analysis:
        startingStep: 1
        templates:
          - templateName: order-service-success-rate
          - templateName: order-service-latency-p95
      steps:
        - setWeight: 1
        - pause: {duration: 5m}
        - setWeight: 5
        - pause: {duration: 5m}
        - setWeight: 25
        - pause: {duration: 10m}
        - setWeight: 50
        - pause: {duration: 10m}
        - setWeight: 100
---
apiVersion: argoproj.io/v1alpha1
kind: AnalysisTemplate
metadata: {name: order-service-success-rate}
spec:
  metrics:
    - name: success-rate
      interval: 1m
      count: 5
      failureLimit: 1
      successCondition: len(result) == 0 || result[0] >= 0.9995
---
apiVersion: argoproj.io/v1alpha1
kind: AnalysisTemplate
metadata: {name: order-service-latency-p95}
spec:
  metrics:
    - name: latency-p95
      interval: 1m
      count: 5
      failureLimit: 1
      successCondition: len(result) == 0 || result[0] <= 0.15
`;

const objects = (text: string) =>
  parseAllDocuments(text).map(d => d.toJS() as unknown);

describe('readRolloutPolicy', () => {
  it('reads the 1 → 5 → 25 → 50 → 100 % canary, its pauses and its two thresholds', () => {
    const { policy, problems } = readRolloutPolicy(objects(manifests));
    expect(problems).toEqual([]);
    expect(policy!.steps).toEqual([
      { weight: 1, pause: '5m' },
      { weight: 5, pause: '5m' },
      { weight: 25, pause: '10m' },
      { weight: 50, pause: '10m' },
      { weight: 100 },
    ]);
    expect(policy!.analysisStartingStep).toBe(1);
    expect(policy!.thresholds).toEqual([
      {
        template: 'order-service-success-rate',
        metric: 'success-rate',
        bound: 'min',
        value: 0.9995,
        interval: '1m',
        count: 5,
        failureLimit: 1,
      },
      {
        template: 'order-service-latency-p95',
        metric: 'latency-p95',
        bound: 'max',
        value: 0.15,
        interval: '1m',
        count: 5,
        failureLimit: 1,
      },
    ]);
  });

  it('lists what it cannot read instead of failing', () => {
    const broken = manifests
      .replace('templateName: order-service-latency-p95', 'templateName: gone')
      .replace('result[0] >= 0.9995', 'true');
    const { policy, problems } = readRolloutPolicy(objects(broken));
    expect(policy!.thresholds).toEqual([]);
    expect(problems).toEqual([
      'order-service-success-rate/success-rate: cannot read a threshold from successCondition "len(result) == 0 || true"',
      'the Rollout runs AnalysisTemplate gone, which is not in the manifests',
    ]);
    expect(readRolloutPolicy([null, 'x', []]).problems).toEqual([
      'no Argo Rollouts Rollout found in the deploy manifests',
    ]);
  });
});

describe('checkPolicyAgainstSlo', () => {
  const { policy } = readRolloutPolicy(objects(manifests));

  it('accepts thresholds derived from the SLO', () => {
    expect(
      checkPolicyAgainstSlo(policy!, {
        availability: 0.9995,
        latencySeconds: 0.15,
      }),
    ).toEqual([]);
  });

  it('flags thresholds looser than the SLO', () => {
    expect(
      checkPolicyAgainstSlo(policy!, {
        availability: 0.9999,
        latencySeconds: 0.1,
      }),
    ).toEqual([
      'order-service-success-rate/success-rate accepts a success rate of 0.9995, looser than the availability objective 0.9999',
      'order-service-latency-p95/latency-p95 accepts 0.15 s, looser than the latency objective of 0.1 s',
    ]);
  });

  it('flags a canary that is never measured or never finishes', () => {
    expect(
      checkPolicyAgainstSlo(
        { name: 'x', steps: [{ weight: 10 }], thresholds: [] },
        { availability: 0.999 },
      ),
    ).toEqual([
      'the canary never reaches 100 %: add a final setWeight: 100',
      'no analysis runs during the canary: a bad release is only stopped by hand',
      "nothing checks the canary's success rate against the availability objective 0.999",
    ]);
  });
});
