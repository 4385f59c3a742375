import { parseAllDocuments } from 'yaml';
import { readRolloutPolicy } from './rolloutPolicy';

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
    expect(policy!.argoSteps).toEqual([
      'setWeight: 1',
      'pause: {duration: 5m}',
      'setWeight: 5',
      'pause: {duration: 5m}',
      'setWeight: 25',
      'pause: {duration: 10m}',
      'setWeight: 50',
      'pause: {duration: 10m}',
      'setWeight: 100',
    ]);
    expect(policy!.analysisStartingStep).toBe(1);
    // startingStep 1 is the pause after setWeight 1: analysis runs from the 1 % step on.
    expect(policy!.analysisStartsAt).toBe(0);
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

describe('fields of the wrong type', () => {
  it('are problems, never a crash or "[object Object]"', () => {
    // YAML mappings are plain objects: a key named toString makes String() throw.
    const broken = manifests
      .replace(
        'metadata: {name: order-service}',
        'metadata: {name: {toString: 1}}',
      )
      .replace(
        'templateName: order-service-latency-p95',
        'templateName: {toString: 1}',
      )
      .replace('- setWeight: 5\n', '- setWeight: .nan\n')
      .replace('pause: {duration: 10m}', 'pause: {duration: [10m]}')
      .replace(
        /metrics:\n {4}- name: success-rate[^]*?0\.9995\n/,
        'metrics: 42\n',
      );
    const { policy, problems } = readRolloutPolicy(objects(broken));
    expect(problems).toEqual([
      `the Rollout's metadata.name is {"toString":1}; name it after the service`,
      'spec.strategy.canary.steps[2].setWeight is NaN; write a percentage from 0 to 100',
      'spec.strategy.canary.steps[5].pause.duration is ["10m"]; write a duration such as 5m',
      'order-service-success-rate: spec.metrics is 42; list the metrics the analysis measures',
      'spec.strategy.canary.analysis.templates[1].templateName is {"toString":1}; name an AnalysisTemplate of analysis-templates.yaml',
    ]);
    expect(policy).toMatchObject({ name: 'the Rollout', thresholds: [] });
  });

  it('says a metric without a name lacks its name, not a readable condition', () => {
    const { policy, problems } = readRolloutPolicy(
      objects(manifests.replace('- name: latency-p95\n', '- interval: 1m\n')),
    );
    expect(problems).toEqual([
      'order-service-latency-p95/undefined: cannot read a threshold without a metric name (name is undefined)',
    ]);
    expect(policy!.thresholds.map(t => t.metric)).toEqual(['success-rate']);
  });

  it('does not match a template without a name to a reference without one', () => {
    const { problems } = readRolloutPolicy(
      objects(
        manifests
          .replace('templateName: order-service-success-rate', 'x: 1')
          .replace('metadata: {name: order-service-success-rate}', 'spec: {}'),
      ),
    );
    expect(problems[0]).toBe(
      'spec.strategy.canary.analysis.templates[0].templateName is undefined; name an AnalysisTemplate of analysis-templates.yaml',
    );
  });
});

describe('analysisStartsAt', () => {
  it('maps Argo startingStep (setWeight and pause entries) to the weight step', () => {
    const startingAt = (step?: number) =>
      readRolloutPolicy(
        objects(
          step === undefined
            ? manifests.replace('        startingStep: 1\n', '')
            : manifests.replace('startingStep: 1', `startingStep: ${step}`),
        ),
      ).policy!.analysisStartsAt;
    expect(startingAt()).toBe(0);
    expect(startingAt(0)).toBe(0);
    expect(startingAt(2)).toBe(1); // setWeight 5
    expect(startingAt(7)).toBe(3); // the pause after setWeight 50
  });

  it('is undefined when no analysis runs', () => {
    const { policy } = readRolloutPolicy(
      objects(manifests.replace(/templates:\n(\s+- templateName: .*\n)+/, '')),
    );
    expect(policy!.thresholds).toEqual([]);
    expect(policy!.analysisStartsAt).toBeUndefined();
  });
});

describe('pauses', () => {
  it('tells a pause until promotion from no pause at all', () => {
    const { policy } = readRolloutPolicy(
      objects(
        manifests.replace(
          '- setWeight: 50\n        - pause: {duration: 10m}',
          '- setWeight: 50\n        - pause: {}\n        - setCanaryScale: {replicas: 2}',
        ),
      ),
    );
    expect(policy!.steps.slice(3)).toEqual([
      { weight: 50, untilPromoted: true },
      { weight: 100 },
    ]);
    expect(policy!.argoSteps.slice(6)).toEqual([
      'setWeight: 50',
      'pause: {}',
      'setCanaryScale: {replicas: 2}',
      'setWeight: 100',
    ]);
  });
});

describe('a blue-green Rollout', () => {
  // The blueprint's rolloutStrategy blueGreen: the same AnalysisTemplates before and after promotion.
  const analysis = `
        templates:
          - templateName: order-service-success-rate
          - templateName: order-service-latency-p95
        args:
          - name: canary-hash
            valueFrom: {podTemplateHashValue: Latest}`;
  const blueGreen = manifests.replace(
    / {2}strategy:\n[^]*?(?=---)/,
    `  strategy:
    blueGreen:
      activeService: order-service-stable
      previewService: order-service-preview
      autoPromotionEnabled: false
      scaleDownDelaySeconds: 600
      prePromotionAnalysis:${analysis}
      postPromotionAnalysis:${analysis}
`,
  );

  it('reads its Services, promotion, both analyses and their thresholds once each', () => {
    const { policy, problems } = readRolloutPolicy(objects(blueGreen));
    expect(problems).toEqual([]);
    expect(policy).toEqual({
      name: 'order-service',
      strategy: 'blueGreen',
      steps: [],
      argoSteps: [],
      thresholds: readRolloutPolicy(objects(manifests)).policy!.thresholds,
      blueGreen: {
        activeService: 'order-service-stable',
        previewService: 'order-service-preview',
        autoPromotionEnabled: false,
        scaleDownDelaySeconds: 600,
        prePromotionAnalysis: [
          'order-service-success-rate',
          'order-service-latency-p95',
        ],
        postPromotionAnalysis: [
          'order-service-success-rate',
          'order-service-latency-p95',
        ],
      },
    });
  });

  it("takes Argo's default, automatic promotion, when autoPromotionEnabled is not written", () => {
    const { policy } = readRolloutPolicy(
      objects(blueGreen.replace('      autoPromotionEnabled: false\n', '')),
    );
    expect(policy!.blueGreen!.autoPromotionEnabled).toBe(true);
  });

  it('lists what it cannot read, by path, and still shows the rest', () => {
    const broken = blueGreen
      .replace('autoPromotionEnabled: false', "autoPromotionEnabled: 'no'")
      .replace('scaleDownDelaySeconds: 600', 'scaleDownDelaySeconds: 1.5')
      .replace(
        'postPromotionAnalysis:\n        templates:\n          - templateName: order-service-success-rate',
        'postPromotionAnalysis:\n        templates:\n          - templateName: gone',
      );
    const { policy, problems } = readRolloutPolicy(objects(broken));
    expect(problems).toEqual([
      'the Rollout runs AnalysisTemplate gone, which is not in the manifests',
      'spec.strategy.blueGreen.autoPromotionEnabled is "no"; write true or false',
      'spec.strategy.blueGreen.scaleDownDelaySeconds is 1.5; write a whole number of seconds, e.g. 600',
    ]);
    expect(policy!.blueGreen).toMatchObject({
      previewService: 'order-service-preview',
      autoPromotionEnabled: true,
      postPromotionAnalysis: ['gone', 'order-service-latency-p95'],
    });
    expect(policy!.thresholds).toHaveLength(2);
  });

  it('names both strategies when the Rollout has neither', () => {
    const { policy, problems } = readRolloutPolicy(
      objects(
        blueGreen.replace(/ {2}strategy:\n[^]*?(?=---)/, '  strategy: {}\n'),
      ),
    );
    expect(policy).toBeUndefined();
    expect(problems).toEqual([
      'Rollout order-service has neither a canary nor a blueGreen strategy (spec.strategy.canary is undefined)',
    ]);
  });
});
