import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { NotFoundError } from '@backstage/errors';
import { ScmIntegrations } from '@backstage/integration';
import { timeBoundUrlReader } from '@internal/plugin-catalog-files-node';
import { DefaultPriceData } from './DefaultPriceData';

const repo = path.resolve(__dirname, '../../../../..');
const realSheet = path.join(repo, 'infra/pricing/azure-prices.yaml');
const sheetFile = (file: string) => ({
  file,
  setting: 'cost.pricing.priceSheetFile',
});

describe('DefaultPriceData', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'cost-prices-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads the sheet and prices the platform from the infra folder', async () => {
    const data = new DefaultPriceData({
      priceSheet: sheetFile(realSheet),
      infra: {
        file: path.join(repo, 'infra'),
        setting: 'commerce.platform.infraDirectory',
      },
    });
    const sheet = await data.priceSheet();
    expect('sheet' in sheet && sheet.sheet.region).toBe('westeurope');
    const platform = await data.platformEstimate('dev');
    expect('estimate' in platform && platform.estimate.monthlyUsd).toBe(473.87);
    expect(await data.platformEstimate('staging')).toEqual({
      problem: expect.stringMatching(
        /^the shared platform's cost cannot be estimated: .*main\.staging\.bicepparam does not exist; check commerce\.platform\.infraDirectory/,
      ),
    });
  });

  it('reads both from the portal repository through the UrlReader', async () => {
    const base = 'https://github.com/commerce/portal/tree/main/infra';
    const requested: string[] = [];
    const urlReader = mockServices.urlReader.mock({
      readUrl: async (url: string) => {
        requested.push(url);
        const relative = url.slice(`${base}/`.length);
        if (!url.startsWith(`${base}/`) || relative.includes('staging')) {
          throw new NotFoundError(url);
        }
        const text = await readFile(path.join(repo, 'infra', relative));
        return { buffer: async () => text } as any;
      },
    });
    const data = new DefaultPriceData({
      priceSheet: {
        url: `${base}/pricing/azure-prices.yaml`,
        setting: 'cost.pricing.priceSheetUrl',
      },
      infra: { url: base, setting: 'commerce.platform.infraUrl' },
      urlReader,
      integrations: ScmIntegrations.fromConfig(new ConfigReader({})),
    });
    const platform = await data.platformEstimate('prod');
    expect('estimate' in platform && platform.estimate.monthlyUsd).toBe(
      1954.88,
    );
    expect(requested).toEqual([
      `${base}/pricing/azure-prices.yaml`,
      `${base}/main.prod.bicepparam`,
      `${base}/pricing/usage.yaml`,
    ]);
    expect(await data.platformEstimate('staging')).toEqual({
      problem: `the shared platform's cost cannot be estimated: ${base}/main.staging.bicepparam does not exist; check commerce.platform.infraUrl`,
    });
  });

  it('reports a broken sheet as a problem and sees the fix once the cache expires', async () => {
    const file = path.join(dir, 'prices.yaml');
    writeFileSync(file, 'currency: EUR\nprices: []\n');
    let now = 0;
    const data = new DefaultPriceData({
      priceSheet: sheetFile(file),
      ttlMs: 60_000,
      now: () => now,
    });
    const broken = await data.priceSheet();
    expect(broken).toEqual({
      problem: expect.stringContaining(
        `the price sheet cannot be used: ${file}: The price sheet is not valid:\n- currency: currency must be USD`,
      ),
    });
    copyFileSync(realSheet, file);
    now = 59_000;
    expect(await data.priceSheet()).toBe(broken);
    now = 61_000;
    expect(await data.priceSheet()).toMatchObject({ file });
  });

  it('reports a sheet read that hangs as a problem within the timeout, and reads again on the next request', async () => {
    const url =
      'https://github.com/commerce/portal/tree/main/infra/pricing/azure-prices.yaml';
    let hang = true;
    let reads = 0;
    const backendReader = mockServices.urlReader.mock({
      readUrl: async () => {
        reads += 1;
        if (hang) return new Promise(() => {});
        const text = await readFile(realSheet);
        return { buffer: async () => text } as any;
      },
    });
    const data = new DefaultPriceData({
      priceSheet: { url, setting: 'cost.pricing.priceSheetUrl' },
      urlReader: timeBoundUrlReader(
        backendReader,
        new ConfigReader({ commerce: { reading: { timeoutSeconds: 0.05 } } }),
      ),
      integrations: ScmIntegrations.fromConfig(new ConfigReader({})),
      ttlMs: 60_000,
      now: () => 0,
    });

    expect(await data.priceSheet()).toEqual({
      problem: `the price sheet cannot be used: ${url}: github.com did not answer within 0.05 s (reading ${url}). Try again later, or raise commerce.reading.timeoutSeconds if github.com is only slow.`,
    });
    // Within the cache's minute, yet the timed-out read was not kept: the sheet is read again.
    hang = false;
    expect(await data.priceSheet()).toMatchObject({ file: url });
    expect(reads).toBe(2);
  });

  it('says the platform is not configured without an infra folder', async () => {
    const data = new DefaultPriceData({ priceSheet: sheetFile(realSheet) });
    expect(await data.platformEstimate('prod')).toEqual({
      problem:
        "not configured: set commerce.platform.infraDirectory or commerce.platform.infraUrl (this repository's infra/ folder) to estimate the shared platform's cost",
    });
  });

  it('names a missing sheet and a YAML syntax error', async () => {
    const missing = path.join(dir, 'none.yaml');
    expect(
      await new DefaultPriceData({
        priceSheet: sheetFile(missing),
      }).priceSheet(),
    ).toEqual({
      problem: `the price sheet cannot be used: ${missing} does not exist; check cost.pricing.priceSheetFile (a relative path starts at the backend's working directory)`,
    });
    const file = path.join(dir, 'prices.yaml');
    writeFileSync(file, 'prices: [\n');
    expect(
      await new DefaultPriceData({ priceSheet: sheetFile(file) }).priceSheet(),
    ).toEqual({
      problem: expect.stringMatching(
        /^the price sheet cannot be used: .*prices\.yaml: /,
      ),
    });
  });
});
