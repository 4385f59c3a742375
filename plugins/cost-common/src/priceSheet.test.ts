import { monthlyCost, parsePriceSheet } from './priceSheet';
import { InvalidPriceSheetError } from './errors';

const sheet = {
  currency: 'USD',
  region: 'westeurope',
  asOf: '2026-11-21',
  hoursPerMonth: 730,
  prices: [
    {
      id: 'vm.Standard_D4ds_v5',
      meter: 'VM',
      unit: 'vm-hour',
      usd: 0.264,
      source:
        'https://azure.microsoft.com/pricing/details/virtual-machines/linux/',
    },
    {
      id: 'acr.Premium',
      meter: 'ACR',
      unit: 'registry-day',
      usd: 1.667,
      source: 'https://azure.microsoft.com/pricing/details/container-registry/',
    },
    {
      id: 'privatedns.zone',
      meter: 'zone',
      unit: 'zone-month',
      usd: 0.5,
      source: 'https://azure.microsoft.com/pricing/details/dns/',
    },
    {
      id: 'loganalytics.analytics.ingestion',
      meter: 'GB',
      unit: 'GB',
      usd: 2.99,
      source: 'https://azure.microsoft.com/pricing/details/monitor/',
    },
  ],
};

describe('parsePriceSheet', () => {
  it('accepts a valid sheet', () => {
    expect(parsePriceSheet(sheet).prices).toHaveLength(4);
  });

  it('lists every problem with its place in the sheet', () => {
    const broken = {
      ...sheet,
      asOf: 'last week',
      prices: [
        { ...sheet.prices[0], usd: -1 },
        { ...sheet.prices[1], unit: 'per-fortnight' },
        { ...sheet.prices[2], source: 'my head' },
      ],
    };
    let error: InvalidPriceSheetError | undefined;
    try {
      parsePriceSheet(broken);
    } catch (e) {
      error = e as InvalidPriceSheetError;
    }
    expect(error).toBeInstanceOf(InvalidPriceSheetError);
    expect(error!.name).toBe('InputError');
    expect(error!.problems).toEqual([
      'asOf: asOf must be a date written YYYY-MM-DD',
      'prices[0] (vm.Standard_D4ds_v5).usd: usd must not be negative',
      expect.stringMatching(
        /^prices\[1\] \(acr\.Premium\)\.unit: unit must be one of cluster-hour, /,
      ),
      'prices[2] (privatedns.zone).source: source must be the URL the price was read at',
    ]);
  });

  it('refuses a meter listed twice', () => {
    expect(() =>
      parsePriceSheet({ ...sheet, prices: [sheet.prices[0], sheet.prices[0]] }),
    ).toThrow(
      'prices[1] (vm.Standard_D4ds_v5): the id is listed twice; keep one price per meter',
    );
  });

  it('refuses something that is not a sheet at all', () => {
    expect(() => parsePriceSheet('prices: nope')).toThrow(
      InvalidPriceSheetError,
    );
    expect(() => parsePriceSheet(undefined)).toThrow(InvalidPriceSheetError);
  });
});

describe('monthlyCost', () => {
  const parsed = parsePriceSheet(sheet);

  it('bills hourly meters for 730 hours', () => {
    expect(monthlyCost(parsed, 'vm.Standard_D4ds_v5', 3)).toBeCloseTo(
      578.16,
      6,
    );
  });

  it('bills daily meters for 730 / 24 days', () => {
    expect(monthlyCost(parsed, 'acr.Premium', 1)).toBeCloseTo(50.7046, 4);
  });

  it('bills monthly meters and usage meters per unit', () => {
    expect(monthlyCost(parsed, 'privatedns.zone', 4)).toBe(2);
    expect(
      monthlyCost(parsed, 'loganalytics.analytics.ingestion', 10),
    ).toBeCloseTo(29.9, 6);
  });

  it('says which price is missing and how to add it', () => {
    expect(() => monthlyCost(parsed, 'vm.Standard_E64s_v5', 1)).toThrow(
      'no price for "vm.Standard_E64s_v5": add it to the price sheet',
    );
  });
});
