import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  NOT_EVALUABLE,
  catalogFacts,
  evaluateRevisitTrigger,
  splitTriggerClauses,
} from './triggers';
import {
  api,
  component,
  platformCatalog,
  platformObjectives,
} from './__testUtils__/reviewCatalog';

const decisionsDir = path.resolve(__dirname, '../../../docs/decisions');

/** The platform today: four services in westeurope, at most 99.99 %, $2,880 a month (estimate). */
const todayFacts = catalogFacts({
  entities: platformCatalog(),
  objectives: platformObjectives(),
  costOverview: {
    platform: { kind: 'estimate', totalUsd: 2880, budgetUsd: 3000 },
    systems: [],
    groups: [],
  },
});

/** The platform grown past every catalog trigger. */
const grownFacts = catalogFacts({
  entities: platformCatalog(
    ...[
      'search-service',
      'inventory-service',
      'user-service',
      'notification-service',
      'review-service',
      'shipping-service',
      'tax-service',
    ].map(name =>
      component(name, {
        owner: 'platform-team',
        annotations:
          name === 'shipping-service'
            ? { 'commerce.platform/azure-region': 'northeurope' }
            : undefined,
      }),
    ),
    api('partner-orders-api', { owner: 'checkout-team', tags: ['external'] }),
  ),
  objectives: {
    ...platformObjectives(),
    'component:default/order-service': 0.99995,
  },
  costOverview: {
    platform: { kind: 'actual', totalUsd: 3120.4, budgetUsd: 3000 },
    systems: [],
    groups: [],
  },
});

type Expected = [
  clause: string,
  today: boolean | 'person',
  grown: boolean | 'person',
];

/** Every revisit-trigger in docs/decisions, clause by clause: fired today, fired when grown. */
const realTriggers: Record<string, Expected[]> = {
  'more than 10 services in the catalog, or service-to-service mTLS required by a compliance audit':
    [
      ['more than 10 services in the catalog', false, true],
      [
        'service-to-service mTLS required by a compliance audit',
        'person',
        'person',
      ],
    ],
  'more than 10 services in the catalog, or a template run that takes longer than 10 minutes':
    [
      ['more than 10 services in the catalog', false, true],
      ['a template run that takes longer than 10 minutes', 'person', 'person'],
    ],
  'more than 1 distinct commerce.platform/azure-region value in the catalog, or an SLO objective above 99.99 %':
    [
      [
        'more than 1 distinct commerce.platform/azure-region value in the catalog',
        false,
        true,
      ],
      ['an SLO objective above 99.99 %', false, true],
    ],
  'monthly platform spend over $3,000, or the AKS node pool at its 10-node maximum during a checkout peak':
    [
      ['monthly platform spend over $3,000', false, true],
      [
        'the AKS node pool at its 10-node maximum during a checkout peak',
        'person',
        'person',
      ],
    ],
  'a Component named search-service in the catalog, or more than 100,000 orders a month':
    [
      ['a Component named search-service in the catalog', false, true],
      ['more than 100,000 orders a month', 'person', 'person'],
    ],
  'more than 6 services in the catalog, or an SLO breach caused by a single-zone or single-dependency failure':
    [
      ['more than 6 services in the catalog', false, true],
      [
        'an SLO breach caused by a single-zone or single-dependency failure',
        'person',
        'person',
      ],
    ],
  "a Component named inventory-service in the catalog, or more than 1 % of a month's orders cancelled for lack of stock":
    [
      ['a Component named inventory-service in the catalog', false, true],
      [
        "more than 1 % of a month's orders cancelled for lack of stock",
        'person',
        'person',
      ],
    ],
  'more than 50,000 monthly active customers, or a Component named user-service in the catalog':
    [
      ['more than 50,000 monthly active customers', 'person', 'person'],
      ['a Component named user-service in the catalog', false, true],
    ],
  'a second Component in the catalog needing to send customer email or SMS, or a Component named notification-service in the catalog':
    [
      [
        'a second Component in the catalog needing to send customer email or SMS',
        'person',
        'person',
      ],
      ['a Component named notification-service in the catalog', false, true],
    ],
  'more than 20,000 products in the product service, or a product-search latency SLO declared in the catalog':
    [
      ['more than 20,000 products in the product service', 'person', 'person'],
      [
        'a product-search latency SLO declared in the catalog',
        'person',
        'person',
      ],
    ],
  'an API entity in the catalog tagged external, meaning it is consumed outside the company':
    [
      [
        'an API entity in the catalog tagged external, meaning it is consumed outside the company',
        false,
        true,
      ],
    ],
};

describe('evaluateRevisitTrigger', () => {
  it('covers every revisit-trigger in docs/decisions', () => {
    const triggers = readdirSync(decisionsDir)
      .filter(file => /^\d{4}-.*\.md$/.test(file))
      .flatMap(file =>
        readFileSync(path.join(decisionsDir, file), 'utf8')
          .split('\n')
          .filter(line => line.startsWith('revisit-trigger:'))
          .map(line => line.slice('revisit-trigger:'.length).trim()),
      );
    expect(triggers.sort()).toEqual(Object.keys(realTriggers).sort());
  });

  describe.each(Object.entries(realTriggers))('%s', (trigger, clauses) => {
    const expected = (column: 1 | 2) =>
      clauses.map(clause =>
        clause[column] === 'person'
          ? { clause: clause[0], evaluable: false, detail: NOT_EVALUABLE }
          : {
              clause: clause[0],
              evaluable: true,
              fired: clause[column],
              detail: expect.any(String),
            },
      );
    it('against the platform today', () => {
      expect(evaluateRevisitTrigger(trigger, todayFacts)).toEqual(expected(1));
    });
    it('against the platform grown past it', () => {
      expect(evaluateRevisitTrigger(trigger, grownFacts)).toEqual(expected(2));
    });
  });

  it('says which facts decided', () => {
    const details = (trigger: string, facts = grownFacts) =>
      evaluateRevisitTrigger(trigger, facts).map(e => e.detail);
    expect(details('more than 10 services in the catalog', todayFacts)).toEqual(
      ['4 Components of type service in the catalog: not more than 10'],
    );
    expect(details('more than 10 services in the catalog')).toEqual([
      '11 Components of type service in the catalog: more than 10',
    ]);
    expect(
      details(
        'more than 1 distinct commerce.platform/azure-region value in the catalog',
      ),
    ).toEqual([
      '2 distinct commerce.platform/azure-region values (northeurope, westeurope): more than 1',
    ]);
    expect(details('an SLO objective above 99.99 %', todayFacts)).toEqual([
      'no objective above 99.99 % (the highest: order-service 99.99 %)',
    ]);
    expect(details('an SLO objective above 99.99 %')).toEqual([
      'order-service declares 99.995 %: above 99.99 %',
    ]);
    expect(details('monthly platform spend over $3,000')).toEqual([
      'platform spend $3,120 a month (actual): over $3,000',
    ]);
    expect(details('a Component named search-service in the catalog')).toEqual([
      'search-service is in the catalog',
    ]);
    expect(
      details('a Component named search-service in the catalog', todayFacts),
    ).toEqual(['no Component named search-service in the catalog']);
    expect(details('an API entity in the catalog tagged external')).toEqual([
      'api:partner-orders-api is tagged external',
    ]);
  });

  it('does not call spend or SLO clauses "not fired" when the figures are missing', () => {
    const catalogOnly = catalogFacts(platformCatalog());
    expect(
      evaluateRevisitTrigger(
        'monthly platform spend over $3,000, or an SLO objective above 99.99 %, or more than 3 services in the catalog',
        catalogOnly,
      ),
    ).toEqual([
      {
        clause: 'monthly platform spend over $3,000',
        evaluable: false,
        detail:
          'not evaluable now: no cost overview (the cost feature is unreachable or not configured)',
      },
      {
        clause: 'an SLO objective above 99.99 %',
        evaluable: false,
        detail:
          'not evaluable now: the services\u2019 availability objectives were not given',
      },
      {
        clause: 'more than 3 services in the catalog',
        evaluable: true,
        fired: true,
        detail: '4 Components of type service in the catalog: more than 3',
      },
    ]);
    expect(
      evaluateRevisitTrigger(
        'more than 3 services in the catalog',
        undefined,
      )[0],
    ).toMatchObject({ evaluable: false });
  });

  it('reads the other comparisons and nouns of the grammar', () => {
    const fired = (clause: string) =>
      evaluateRevisitTrigger(clause, todayFacts)[0].fired;
    expect(fired('fewer than 5 services in the catalog')).toBe(true);
    expect(fired('at least 4 services in the catalog')).toBe(true);
    expect(fired('at most 3 services in the catalog')).toBe(false);
    expect(fired('more than 4 Components in the catalog')).toBe(true); // the portal is one
    expect(fired('more than 5 teams in the catalog')).toBe(false); // 5 Groups
    expect(fired('at least 5 groups in the catalog')).toBe(true);
    expect(fired('a Resource named order-service-db in the catalog')).toBe(
      true,
    );
    expect(fired('a Resource in the catalog tagged waf')).toBe(true);
    expect(fired('A COMPONENT NAMED ORDER-SERVICE IN THE CATALOG.')).toBe(true);
    expect(fired('an SLO objective below 99.95 %')).toBe(false);
    expect(fired('platform spend under $3,000 a month')).toBe(true);
  });
});

describe('splitTriggerClauses', () => {
  it('splits on ", or " only', () => {
    expect(
      splitTriggerClauses(
        'email or SMS needed, or a Component named x in the catalog.',
      ),
    ).toEqual(['email or SMS needed', 'a Component named x in the catalog']);
    expect(splitTriggerClauses('  ')).toEqual([]);
  });
});
