import type { DecisionRecord } from '@internal/plugin-platform-review-common';
import { parseDecisionRecord } from './decisions';
import {
  buildPlatformReview,
  filterReview,
  type PlatformReviewInput,
} from './review';
import {
  component,
  group,
  platformCatalog,
  platformObjectives,
  resource,
  system,
} from './__testUtils__/reviewCatalog';

const portal = 'component:default/commerce-platform-portal';

const deferred = (
  file: string,
  trigger: string,
  revisitBy: string,
): DecisionRecord =>
  parseDecisionRecord({
    entityRef: portal,
    file,
    text: `---
status: deferred
date: 2026-11-21
decision-makers: [platform-team, engineering-leads]
revisit-trigger: ${trigger}
revisit-by: ${revisitBy}
---

# ${file}
`,
    // Parsed long ago: the review judges them again against its own today and catalog.
    today: new Date('2026-11-21T00:00:00Z'),
  });

const costOverview: PlatformReviewInput['costOverview'] = {
  platform: { kind: 'estimate', totalUsd: 2880, budgetUsd: 3000 },
  systems: [
    {
      entityRef: 'system:default/commerce-platform',
      kind: 'estimate',
      monthlyUsd: 2880,
      budgetUsd: 3000,
    },
    {
      entityRef: 'system:default/marketing',
      kind: 'estimate',
      monthlyUsd: 400,
      budgetUsd: 300,
    },
  ],
  groups: [
    {
      entityRef: 'group:default/checkout-team',
      kind: 'estimate',
      monthlyUsd: 920,
      budgetUsd: 920,
    },
    {
      entityRef: 'group:default/growth-team',
      kind: 'estimate',
      monthlyUsd: 400,
      budgetUsd: 300,
    },
  ],
};

const input = (
  overrides: Partial<PlatformReviewInput> = {},
): PlatformReviewInput => ({
  entities: platformCatalog(),
  objectives: platformObjectives(),
  costOverview,
  decisions: [
    deferred(
      '0009-defer-service-mesh.md',
      'more than 10 services in the catalog',
      '2027-03-31',
    ),
    deferred(
      '0011-defer-serverless-checkout.md',
      'monthly platform spend over $3,000',
      '2027-02-28',
    ),
    deferred(
      '0017-defer-search-service.md',
      'a Component named search-service in the catalog',
      '2027-08-31',
    ),
  ],
  currentBlueprintVersion: '0.1.0',
  today: new Date('2027-03-10T08:00:00Z'),
  ...overrides,
});

describe('buildPlatformReview', () => {
  it('reviews the four-service platform: no boundary or SLO finding; the overdue decision first', () => {
    const review = buildPlatformReview(input());
    expect(review.generatedAt).toBe('2027-03-10T08:00:00.000Z');
    expect(review.filters).toEqual({});
    expect(review.findings.map(f => [f.rule, f.entityRefs])).toEqual([
      ['decision-due', [portal]],
      // From the cost overview, which also speaks of a system and a team not in this catalog.
      ['over-budget', ['group:default/growth-team']],
      ['over-budget', ['system:default/marketing']],
    ]);
    expect(review.findings[0].message).toMatch(
      /it was to be revisited by 2027-02-28/,
    );
    expect(review.notYet.map(r => [r.file, r.overdue, r.triggerFired])).toEqual(
      [
        ['0011-defer-serverless-checkout.md', true, false],
        ['0009-defer-service-mesh.md', false, false],
        ['0017-defer-search-service.md', false, false],
      ],
    );
    expect(review.slo.every(row => row.achievableOk)).toBe(true);
    expect(review.ownership).toHaveLength(5);
    expect(review.drift.every(row => !row.behind)).toBe(true);
    expect(review.systems).toEqual([
      { entityRef: 'system:default/commerce-platform', title: undefined },
    ]);
    expect(review.teams.map(t => t.entityRef)).toContain(
      'group:default/checkout-team',
    );
    expect(review.problems).toEqual([]);
  });

  it('orders findings errors first and passes on what it could not compute', () => {
    const review = buildPlatformReview(
      input({
        entities: platformCatalog(
          group('growth-team'),
          system('marketing', 'growth-team'),
          component('search-service', {
            owner: 'growth-team',
            system: 'marketing',
          }),
          component('reporting-service', {
            owner: 'growth-team',
            system: 'marketing',
            dependsOn: ['resource:order-service-db'],
          }),
        ),
        costOverview: undefined,
        currentBlueprintVersion: '0.2.0',
        problems: ['payment-service: openslo.yaml not found'],
      }),
    );
    expect(review.findings.map(f => f.severity)).toEqual(
      [...review.findings.map(f => f.severity)].sort(
        (a, b) =>
          ['error', 'warning', 'info'].indexOf(a) -
          ['error', 'warning', 'info'].indexOf(b),
      ),
    );
    expect(review.findings[0].rule).toBe('foreign-data-store');
    // The search-service decision fired against this catalog; spend is not evaluable without cost.
    const search = review.notYet.find(
      r => r.file === '0017-defer-search-service.md',
    )!;
    expect(search.triggerFired).toBe(true);
    const serverless = review.notYet.find(r => r.file.startsWith('0011'))!;
    expect(serverless.triggerEvaluation[0].evaluable).toBe(false);
    expect(review.problems).toEqual([
      'payment-service: openslo.yaml not found',
      'spend: no cost overview was given (the cost feature is unreachable or not configured), so spend is not reviewed',
    ]);
    expect(review.drift.filter(row => row.behind)).toHaveLength(4);
  });
});

describe('filterReview', () => {
  const review = buildPlatformReview(
    input({
      entities: platformCatalog(
        group('growth-team'),
        system('marketing', 'growth-team'),
        component('campaign-service', {
          owner: 'growth-team',
          system: 'marketing',
          dependsOn: ['component:order-service'],
        }),
        resource('campaign-db', { type: 'database', system: 'marketing' }),
      ),
    }),
  );

  it('narrows every list to a system', () => {
    const marketing = filterReview(review, { system: 'marketing' });
    expect(marketing.filters).toEqual({ system: 'system:default/marketing' });
    expect(marketing.ownership.map(r => r.service)).toEqual([
      'component:default/campaign-service',
    ]);
    expect(marketing.findings.map(f => f.rule).sort()).toEqual([
      'missing-owner',
      'over-budget',
      'template-drift',
      'undeclared-api-consumption',
    ]);
    expect(marketing.spend.map(r => r.entityRef)).toEqual([
      'system:default/marketing',
    ]);
    expect(marketing.slo.map(r => r.service)).toEqual([
      'component:default/campaign-service',
    ]);
    expect(marketing.drift.map(r => r.service)).toEqual([
      'component:default/campaign-service',
    ]);
    // The decisions were found under the portal, in commerce-platform.
    expect(marketing.notYet).toEqual([]);
    expect(marketing.systems).toEqual(review.systems);
  });

  it('narrows every list to a team, and to both', () => {
    const checkout = filterReview(review, {
      team: 'group:default/checkout-team',
    });
    expect(checkout.ownership.map(r => r.service)).toEqual([
      'component:default/cart-service',
      'component:default/order-service',
    ]);
    // The cross-system finding involves order-service, so checkout-team sees it too.
    expect(checkout.findings.map(f => f.rule)).toEqual([
      'undeclared-api-consumption',
    ]);
    expect(checkout.spend.map(r => r.entityRef)).toEqual([
      'group:default/checkout-team',
    ]);
    expect(checkout.notYet).toEqual([]);

    const platformTeam = filterReview(review, { team: 'platform-team' });
    expect(platformTeam.notYet).toHaveLength(3);
    expect(platformTeam.spend).toEqual([]);

    const both = filterReview(review, {
      system: 'commerce-platform',
      team: 'checkout-team',
    });
    expect(both.ownership).toHaveLength(2);
    expect(both.spend.map(r => r.entityRef)).toEqual([
      'system:default/commerce-platform',
      'group:default/checkout-team',
    ]);
    expect(both.findings.map(f => f.rule)).toEqual([
      'undeclared-api-consumption',
    ]);
  });

  it('returns the review unfiltered without filters', () => {
    expect(filterReview(review, {})).toEqual(review);
  });
});
