import type { EntityRolloutReport } from '@internal/plugin-rollout-common';

const repo = 'https://git.example.test/order-service';

/** What the rollout backend answers for the blueprint's order-service (99.95 %, p95 ≤ 150 ms). */
export const matchingReport: EntityRolloutReport = {
  entityRef: 'component:default/order-service',
  policyUrl: `${repo}/deploy/`,
  policyFiles: {
    rollout: `${repo}/deploy/rollout.yaml`,
    analysisTemplates: `${repo}/deploy/analysis-templates.yaml`,
  },
  policy: {
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
  },
  slo: {
    availability: 0.9995,
    availabilitySlo: 'order-service-availability',
    latencySeconds: 0.15,
    latencySlo: 'order-service-latency',
    sloFileUrl: `${repo}/openslo.yaml`,
  },
  findings: [],
  problems: [],
};

/** The same service after someone loosened the success-rate floor to 0.999. */
export const looserReport: EntityRolloutReport = {
  ...matchingReport,
  policy: {
    ...matchingReport.policy!,
    thresholds: [
      { ...matchingReport.policy!.thresholds[0]!, value: 0.999 },
      matchingReport.policy!.thresholds[1]!,
    ],
  },
  findings: [
    {
      severity: 'warning',
      threshold: 'order-service-success-rate/success-rate',
      message:
        'order-service-success-rate/success-rate accepts a success rate of 0.999, looser than the availability objective 0.9995 (99.95 %): a canary that breaks the SLO is promoted',
      fix: 'raise its successCondition to result[0] >= 0.9995 in analysis-templates.yaml; in a generated service, run `npm run slo:generate`, which renders it from openslo.yaml',
    },
  ],
};

/** A repository without rollout.yaml and without an SLO file. */
export const brokenReport: EntityRolloutReport = {
  entityRef: 'component:default/order-service',
  policyUrl: `${repo}/deploy/`,
  policyFiles: matchingReport.policyFiles,
  findings: [],
  problems: [
    `deploy/rollout.yaml does not exist (looked for ${repo}/deploy/rollout.yaml); add it, or point commerce.platform/rollout-policy at the directory that holds it`,
    "component:default/order-service has no commerce.platform/slo-file annotation, so the thresholds are not checked against an SLO; add one naming the service's OpenSLO file, e.g. openslo.yaml",
  ],
};

/**
 * The same service generated with rolloutStrategy blueGreen: one analysis before and after
 * promotion, on the same templates, and a person promotes.
 */
export const blueGreenReport: EntityRolloutReport = {
  ...matchingReport,
  policy: {
    name: 'order-service',
    strategy: 'blueGreen',
    steps: [],
    argoSteps: [],
    thresholds: matchingReport.policy!.thresholds,
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
  },
};
