import {
  costReportPeriod,
  parseServiceSpend,
  parseSpendByTag,
} from './costQuery';
import { InvalidCostQueryResultError } from './errors';

const period = costReportPeriod(new Date('2026-11-21T10:30:00Z'));

// The shape Cost Management answers a Monthly query grouped by ResourceId with (PAYG/EA
// subscriptions name the cost PreTaxCost; BillingMonth is a date-time text).
const rg = '/subscriptions/0000/resourcegroups/rg-cart-service/providers';
const serviceAnswer = {
  columns: [
    { name: 'PreTaxCost', type: 'Number' },
    { name: 'BillingMonth', type: 'Datetime' },
    { name: 'ResourceId', type: 'String' },
    { name: 'Currency', type: 'String' },
  ],
  rows: [
    [
      430.1234,
      '2026-09-01T00:00:00',
      `${rg}/microsoft.cache/redis/redis-cart`,
      'USD',
    ],
    [
      440.5,
      '2026-10-01T00:00:00',
      `${rg}/microsoft.cache/redis/redis-cart`,
      'USD',
    ],
    [
      0.01,
      '2026-10-01T00:00:00',
      `${rg}/microsoft.managedidentity/userassignedidentities/id-cart`,
      'USD',
    ],
    [
      300.004,
      '2026-11-01T00:00:00',
      `${rg}/microsoft.cache/redis/redis-cart`,
      'USD',
    ],
    [
      2.5,
      '2026-11-01T00:00:00',
      `${rg}/microsoft.insights/diagnosticsettings/x`,
      'USD',
    ],
    [
      0.5,
      '2026-11-01T00:00:00',
      `${rg}/microsoft.cache/redis/redis-cart`,
      'USD',
    ],
  ],
};

describe('costReportPeriod', () => {
  it('covers the six complete months before the current one, in UTC', () => {
    expect(period).toEqual({
      month: '2026-11',
      trendMonths: [
        '2026-05',
        '2026-06',
        '2026-07',
        '2026-08',
        '2026-09',
        '2026-10',
      ],
      from: new Date('2026-05-01T00:00:00Z'),
      to: new Date('2026-11-21T10:30:00Z'),
    });
  });

  it('crosses the year boundary', () => {
    const january = costReportPeriod(new Date('2027-01-01T00:00:00Z'), 2);
    expect(january.trendMonths).toEqual(['2026-11', '2026-12']);
    expect(january.from.toISOString()).toBe('2026-11-01T00:00:00.000Z');
  });
});

describe('parseServiceSpend', () => {
  it('sums the month to date, the trend and the current top resources', () => {
    expect(
      parseServiceSpend(serviceAnswer, { period, what: 'cart-service' }),
    ).toEqual({
      month: '2026-11',
      // 300.004 + 2.5 + 0.5
      monthToDateUsd: 303,
      trend: [
        { month: '2026-05', usd: 0 },
        { month: '2026-06', usd: 0 },
        { month: '2026-07', usd: 0 },
        { month: '2026-08', usd: 0 },
        { month: '2026-09', usd: 430.12 },
        { month: '2026-10', usd: 440.51 },
      ],
      topResources: [
        {
          name: 'redis-cart',
          monthlyUsd: 300.5,
          detail: `${rg}/microsoft.cache/redis/redis-cart`,
        },
        {
          name: 'x',
          monthlyUsd: 2.5,
          detail: `${rg}/microsoft.insights/diagnosticsettings/x`,
        },
      ],
      rowCount: 6,
    });
  });

  it('reads MCA answers (Cost, UsageDate as a number) and keeps the top N', () => {
    const spend = parseServiceSpend(
      {
        columns: [
          { name: 'Cost' },
          { name: 'UsageDate' },
          { name: 'ResourceId' },
        ],
        rows: [
          [1, 20261101, '/a'],
          [2, 20261102, '/b'],
          [3, 20261015, '/c'],
        ],
      },
      { period, what: 'cart-service', topResources: 1 },
    );
    expect(spend.monthToDateUsd).toBe(3);
    expect(spend.trend[5]).toEqual({ month: '2026-10', usd: 3 });
    expect(spend.topResources).toEqual([
      { name: 'b', monthlyUsd: 2, detail: '/b' },
    ]);
  });

  it('is zero with no rows or no content: nothing carries the tag yet', () => {
    for (const empty of [{ columns: serviceAnswer.columns, rows: [] }, {}]) {
      const spend = parseServiceSpend(empty, { period, what: 'cart-service' });
      expect(spend).toMatchObject({ monthToDateUsd: 0, rowCount: 0 });
      expect(spend.trend).toHaveLength(6);
    }
    expect(
      parseSpendByTag({}, { tagName: 'service', what: 'the overview' }).size,
    ).toBe(0);
  });

  it('says which column is missing, and refuses another currency', () => {
    expect(() =>
      parseServiceSpend(
        { columns: [{ name: 'BillingMonth' }], rows: [['2026-11-01']] },
        { period, what: 'cart-service' },
      ),
    ).toThrow(
      'the Cost Management answer for cart-service has no cost column (looked for PreTaxCost, Cost, CostUSD, PreTaxCostUSD, totalCost; it has billingmonth)',
    );
    expect(() =>
      parseServiceSpend({ rows: [[1]] }, { period, what: 'cart-service' }),
    ).toThrow(InvalidCostQueryResultError);
    expect(() =>
      parseServiceSpend(
        {
          columns: serviceAnswer.columns,
          rows: [[1, '2026-11-01T00:00:00', '/a', 'EUR']],
        },
        { period, what: 'cart-service' },
      ),
    ).toThrow(
      'Cost Management reports cart-service in EUR, but budgets are in USD; query the CostUSD column (cost.azure.costColumn: CostUSD) instead',
    );
    expect(() =>
      parseServiceSpend(
        { columns: serviceAnswer.columns, rows: [['n/a', 'x', '/a', 'USD']] },
        { period, what: 'cart-service' },
      ),
    ).toThrow('has a cost that is not a number: "n/a"');
  });
});

describe('parseSpendByTag', () => {
  it('totals cost per tag value, case-insensitively, leaving untagged cost out', () => {
    const totals = parseSpendByTag(
      {
        columns: [
          { name: 'PreTaxCost' },
          { name: 'TagKey' },
          { name: 'TagValue' },
          { name: 'Currency' },
        ],
        rows: [
          [1500.111, 'service', 'commerce-platform', 'USD'],
          [10, 'Service', 'Cart-Service', 'USD'],
          [5.555, 'service', 'cart-service', 'USD'],
          [99, 'service', '', 'USD'],
          [42, 'owner', 'platform-team', 'USD'],
        ],
      },
      { tagName: 'service', what: 'the overview' },
    );
    expect([...totals.entries()]).toEqual([
      ['commerce-platform', 1500.11],
      ['cart-service', 15.56],
    ]);
  });

  it('needs the tag columns', () => {
    expect(() =>
      parseSpendByTag(
        { columns: [{ name: 'Cost' }], rows: [[1]] },
        { tagName: 'service', what: 'the overview' },
      ),
    ).toThrow('has no TagKey column');
  });
});
