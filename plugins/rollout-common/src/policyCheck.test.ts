import { checkPolicyAgainstSlo, thresholdObjective } from './policyCheck';
import type { RolloutPolicy } from './rolloutPolicy';

// What readRolloutPolicy gives for the blueprint's order service (availability 99.95 %, p95 ≤ 150 ms).
const policy: RolloutPolicy = {
  name: 'order-service',
  strategy: 'canary',
  steps: [
    { weight: 1, pause: '5m' },
    { weight: 5, pause: '5m' },
    { weight: 25, pause: '10m' },
    { weight: 50, pause: '10m' },
    { weight: 100 },
  ],
  analysisStartingStep: 1,
  analysisStartsAt: 0,
  argoSteps: [
    'setWeight: 1',
    'pause: {duration: 5m}',
    'setWeight: 5',
    'pause: {duration: 5m}',
    'setWeight: 25',
    'pause: {duration: 10m}',
    'setWeight: 50',
    'pause: {duration: 10m}',
    'setWeight: 100',
  ],
  thresholds: [
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
  ],
};

describe('checkPolicyAgainstSlo', () => {
  it('accepts thresholds derived from the SLO', () => {
    expect(
      checkPolicyAgainstSlo(policy, {
        availability: 0.9995,
        latencySeconds: 0.15,
      }),
    ).toEqual([]);
  });

  it('flags thresholds looser than the SLO as warnings, with the fix', () => {
    expect(
      checkPolicyAgainstSlo(policy, {
        availability: 0.9999,
        latencySeconds: 0.1,
      }),
    ).toEqual([
      {
        severity: 'warning',
        threshold: 'order-service-success-rate/success-rate',
        message:
          'order-service-success-rate/success-rate accepts a success rate of 0.9995, looser than the availability objective 0.9999 (99.99 %): a canary that breaks the SLO is promoted',
        fix: 'raise its successCondition to result[0] >= 0.9999 in analysis-templates.yaml; in a generated service, run `npm run slo:generate`, which renders it from openslo.yaml',
      },
      {
        severity: 'warning',
        threshold: 'order-service-latency-p95/latency-p95',
        message:
          'order-service-latency-p95/latency-p95 accepts 0.15 s, looser than the latency objective of 0.1 s: a canary that breaks the SLO is promoted',
        fix: 'lower its successCondition to result[0] <= 0.1 in analysis-templates.yaml; in a generated service, run `npm run slo:generate`, which renders it from openslo.yaml',
      },
    ]);
  });

  it('notes thresholds stricter than the SLO as info', () => {
    const findings = checkPolicyAgainstSlo(policy, {
      availability: 0.999,
      latencySeconds: 0.3,
    });
    expect(findings.map(f => [f.severity, f.threshold])).toEqual([
      ['info', 'order-service-success-rate/success-rate'],
      ['info', 'order-service-latency-p95/latency-p95'],
    ]);
    expect(findings[1]!.message).toContain('stricter than the latency');
  });

  it('does not compare with an objective it does not know', () => {
    expect(checkPolicyAgainstSlo(policy, {})).toEqual([]);
    expect(
      checkPolicyAgainstSlo(policy, { availability: 0.99999 }).map(
        f => f.threshold,
      ),
    ).toEqual(['order-service-success-rate/success-rate']);
  });

  it('flags a canary that is never measured or never finishes', () => {
    const findings = checkPolicyAgainstSlo(
      {
        name: 'x',
        strategy: 'canary',
        steps: [{ weight: 10 }],
        thresholds: [],
        argoSteps: [],
      },
      { availability: 0.999, latencySeconds: 0.2 },
    );
    expect(findings.map(f => f.message)).toEqual([
      'the canary of x never reaches 100 % (it stops at 10 %)',
      'no analysis runs during the canary, so a bad release is only stopped by hand',
      "nothing checks the canary's success rate against the availability objective 0.999 (99.9 %)",
      "nothing checks the canary's latency against the objective of 0.2 s",
    ]);
    expect(findings.every(f => f.severity === 'warning' && f.fix)).toBe(true);
    expect(
      checkPolicyAgainstSlo(
        {
          name: 'x',
          strategy: 'canary',
          steps: [],
          thresholds: [],
          argoSteps: [],
        },
        {},
      )[0]!.message,
    ).toBe('the canary of x has no steps, so it never reaches 100 %');
  });

  it('flags analysis that starts after the canary already took traffic', () => {
    const late = { ...policy, analysisStartsAt: 3 };
    expect(checkPolicyAgainstSlo(late, {})).toEqual([
      {
        severity: 'warning',
        message:
          'analysis starts only at 50 %, so the steps before it take traffic unmeasured',
        fix: 'set spec.strategy.canary.analysis.startingStep in rollout.yaml to 1 (right after the first setWeight)',
      },
    ]);
  });
});

describe('checkPolicyAgainstSlo for a blue-green release', () => {
  const templates = ['order-service-success-rate', 'order-service-latency-p95'];
  // What readRolloutPolicy gives for the blueprint's order service with rolloutStrategy blueGreen.
  const blueGreen: RolloutPolicy = {
    name: 'order-service',
    strategy: 'blueGreen',
    steps: [],
    argoSteps: [],
    thresholds: policy.thresholds,
    blueGreen: {
      activeService: 'order-service-stable',
      previewService: 'order-service-preview',
      autoPromotionEnabled: false,
      scaleDownDelaySeconds: 600,
      prePromotionAnalysis: templates,
      postPromotionAnalysis: templates,
    },
  };
  const slo = { availability: 0.9995, latencySeconds: 0.15 };
  const withBlueGreen = (change: Partial<RolloutPolicy['blueGreen']>) => ({
    ...blueGreen,
    blueGreen: { ...blueGreen.blueGreen!, ...change },
  });

  it('finds nothing when both analyses run the SLO thresholds and a person promotes', () => {
    expect(checkPolicyAgainstSlo(blueGreen, slo)).toEqual([]);
  });

  it('checks its thresholds against the SLO the same way as a canary', () => {
    const looser = {
      ...blueGreen,
      thresholds: [
        { ...policy.thresholds[0]!, value: 0.999 },
        { ...policy.thresholds[1]!, value: 0.1 },
      ],
    };
    expect(
      checkPolicyAgainstSlo(looser, slo).map(f => [f.severity, f.threshold]),
    ).toEqual([
      ['warning', 'order-service-success-rate/success-rate'],
      ['info', 'order-service-latency-p95/latency-p95'],
    ]);
    expect(checkPolicyAgainstSlo(looser, slo)[0]!.message).toBe(
      'order-service-success-rate/success-rate accepts a success rate of 0.999, looser than the availability objective 0.9995 (99.95 %): a new version that breaks the SLO is promoted',
    );
    expect(
      checkPolicyAgainstSlo({ ...blueGreen, thresholds: [] }, slo).map(
        f => f.message,
      ),
    ).toEqual([
      "nothing checks the new version's success rate against the availability objective 0.9995 (99.95 %)",
      "nothing checks the new version's latency against the objective of 0.15 s",
    ]);
  });

  it('flags a release not measured after promotion, when it takes the traffic', () => {
    expect(
      checkPolicyAgainstSlo(withBlueGreen({ postPromotionAnalysis: [] }), slo),
    ).toEqual([
      {
        severity: 'warning',
        message:
          'nothing measures order-service after promotion, when it takes all the traffic: a release that fails under load is only stopped by hand',
        fix: 'list the pre-promotion AnalysisTemplates under spec.strategy.blueGreen.postPromotionAnalysis.templates in rollout.yaml too',
      },
    ]);
    expect(
      checkPolicyAgainstSlo(withBlueGreen({ prePromotionAnalysis: [] }), slo),
    ).toEqual([
      expect.objectContaining({
        severity: 'info',
        message: 'order-service is promoted without an analysis of the preview',
      }),
    ]);
    expect(
      checkPolicyAgainstSlo(
        {
          ...withBlueGreen({
            prePromotionAnalysis: [],
            postPromotionAnalysis: [],
          }),
          thresholds: [],
        },
        {},
      ),
    ).toEqual([
      expect.objectContaining({
        severity: 'warning',
        message:
          'no analysis runs before or after order-service is promoted, so a bad release is only stopped by hand',
      }),
    ]);
  });

  it('says when no person promotes', () => {
    expect(
      checkPolicyAgainstSlo(withBlueGreen({ autoPromotionEnabled: true }), slo),
    ).toEqual([
      {
        severity: 'info',
        message:
          'order-service is promoted without a person, as soon as the preview is ready and its analysis passed',
        fix: 'set spec.strategy.blueGreen.autoPromotionEnabled: false in rollout.yaml to promote by hand (kubectl argo rollouts promote order-service)',
      },
    ]);
  });
});

describe('thresholdObjective', () => {
  it('holds floors to availability and ceilings to latency', () => {
    expect(thresholdObjective({ bound: 'min' })).toBe('availability');
    expect(thresholdObjective({ bound: 'max' })).toBe('latency');
  });
});
