import type { ReviewFinding } from '@internal/plugin-platform-review-common';
import { findingsOfEntity } from './entityFindings';

function finding(
  rule: ReviewFinding['rule'],
  severity: ReviewFinding['severity'],
  entityRefs: string[],
): ReviewFinding {
  return {
    rule,
    severity,
    message: `${rule} about ${entityRefs.join(', ')}`,
    fix: 'fix it',
    entityRefs,
    systems: ['system:default/commerce-platform'],
    teams: ['group:default/checkout-team'],
  };
}

const findings = [
  finding('template-drift', 'info', ['component:default/order-service']),
  finding('over-budget', 'warning', ['group:default/checkout-team']),
  finding('foreign-data-store', 'error', [
    'component:default/order-reports',
    'resource:default/order-service-db',
  ]),
  finding('slo-not-achievable', 'warning', ['component:default/order-service']),
  finding('shared-data-store', 'error', [
    'resource:default/order-service-db',
    'component:default/order-service',
    'component:default/order-reports',
  ]),
  finding('decision-due', 'warning', [
    'component:default/commerce-platform-portal',
  ]),
];

describe('findingsOfEntity', () => {
  it("keeps the findings naming the entity, errors first, and none of its team's or its neighbours'", () => {
    expect(
      findingsOfEntity(findings, 'component:default/order-service').map(
        f => f.rule,
      ),
    ).toEqual(['shared-data-store', 'slo-not-achievable', 'template-drift']);
  });

  it('matches a ref written without kind case or namespace as the catalog would', () => {
    expect(
      findingsOfEntity(findings, 'Component:order-reports').map(f => f.rule),
    ).toEqual(['foreign-data-store', 'shared-data-store']);
  });

  it('gives a team its own findings (its budget), and a decisions holder its due decisions', () => {
    expect(
      findingsOfEntity(findings, 'group:default/checkout-team').map(
        f => f.rule,
      ),
    ).toEqual(['over-budget']);
    expect(
      findingsOfEntity(
        findings,
        'component:default/commerce-platform-portal',
      ).map(f => f.rule),
    ).toEqual(['decision-due']);
  });

  it('answers no findings for an entity none names', () => {
    expect(
      findingsOfEntity(findings, 'component:default/cart-service'),
    ).toEqual([]);
  });
});
