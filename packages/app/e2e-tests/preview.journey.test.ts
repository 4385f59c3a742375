import { expect, Locator, Page, test } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import {
  ensurePlatformInstantiated,
  screenshots,
  signInAsGuest,
} from './support';

// Live health on a developer's machine (docs/preview.md): after the platform run, the owner
// starts `./portal preview` (here cart-service only: the preview e2e runs all four), opens
// cart-service and sees its SLO card measured — attainment and burn rate, not "—" — from the
// preview's Prometheus; then cuts the service's store and sees the page alert on the card.
//
// This journey's backend (playwright.config.ts) reads the SLOs from the Prometheus port the
// preview is started on here, and publishes to its own directory.
//
// `./portal test` (and so CI) runs it (scripts/test-all.sh sets PORTAL_E2E_PREVIEW=1); a bare
// `yarn test:e2e` leaves it out unless PORTAL_E2E_PREVIEW=1: it adds about 3 minutes (its
// own backend and platform run, the preview) and a first run installs cart-service. Its earlier
// failure ("could not be reached (fetch failed)" on the card for 90 s) was the card's answer from
// before Prometheus listened, never asked again: the page's reloads outran the card's request on
// a busy machine. It now waits for cart-service's first scrape, then for the card's own request.
test.skip(
  process.env.PORTAL_E2E_PREVIEW !== '1',
  'live-health journey is opt-in: set PORTAL_E2E_PREVIEW=1',
);
test.use({
  baseURL: `http://127.0.0.1:${process.env.PORTAL_E2E_PREVIEW_PORT}`,
});

const repoRoot = path.resolve(__dirname, '../../..');
const repositoriesDir = '.data/e2e-preview-repositories';
const ports = {
  prometheus: Number(process.env.PORTAL_E2E_PREVIEW_PROMETHEUS_PORT),
  alertmanager: Number(process.env.PORTAL_E2E_PREVIEW_PROMETHEUS_PORT) + 3,
  control: Number(process.env.PORTAL_E2E_PREVIEW_PROMETHEUS_PORT) + 5,
};
const controlUrl = `http://127.0.0.1:${ports.control}`;

/** `./portal preview` as a developer starts it (the wrapper's command, with this run's places). */
function startPreview(): { child: ChildProcess; output(): string } {
  let output = '';
  const child = spawn(
    process.execPath,
    [
      'packages/generator-commerce-service/src/preview/cli.ts',
      '--service',
      'cart-service',
      '--repositories',
      repositoriesDir,
      '--work-dir',
      '.data/e2e-preview',
      '--prometheus-port',
      String(ports.prometheus),
      '--alertmanager-port',
      String(ports.alertmanager),
      '--control-port',
      String(ports.control),
    ],
    { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout!.on('data', chunk => (output += String(chunk)));
  child.stderr!.on('data', chunk => (output += String(chunk)));
  return { child, output: () => output };
}

/** An entity page's card, found by its title. */
const card = (page: Page, title: string) =>
  page
    .locator('.MuiCard-root')
    .filter({ has: page.getByText(title, { exact: true }) });

/** A stat of the SLO card (SloSummary's Stat: its label, then its value). */
const stat = (slo: Locator, label: string) =>
  slo.locator('.MuiGrid-item').filter({ hasText: label }).first();

test('an owner sees cart-service measured by the local preview, then its page alert', async ({
  page,
}) => {
  // A first build of cart-service (npm ci, npm run build) takes minutes; later runs reuse it.
  test.setTimeout(600_000);
  await signInAsGuest(page);
  await ensurePlatformInstantiated(page, repositoriesDir);

  const startedAt = Date.now();
  const preview = startPreview();
  const exited = new Promise<number | null>(resolve =>
    preview.child.once('exit', code => resolve(code)),
  );
  try {
    await expect
      .poll(
        () => {
          if (preview.child.exitCode !== null) {
            throw new Error(`preview exited:\n${preview.output()}`);
          }
          return /\[preview\] ready: 1 services/.test(preview.output());
        },
        { timeout: 480_000, intervals: [1000] },
      )
      .toBe(true);
    const readyAt = Date.now();

    // Prometheus must hold cart-service's first scrapes before the card asks: an answer the
    // card got earlier (Prometheus not up yet) says "could not be reached" until it asks again.
    await expect
      .poll(
        async () => {
          const answer = await fetch(
            `http://127.0.0.1:${
              ports.prometheus
            }/api/v1/query?query=${encodeURIComponent(
              'sum(http_requests_total{service="cart-service"})',
            )}`,
          ).catch(() => undefined);
          const body = (await answer?.json().catch(() => undefined)) as
            | { data?: { result?: unknown[] } }
            | undefined;
          return body?.data?.result?.length ?? 0;
        },
        { timeout: 60_000, intervals: [1000] },
      )
      .toBeGreaterThan(0);

    const slo = card(page, 'Service level objectives');
    const availability = slo.locator('[data-testid$="-availability"]').first();
    const sloAnswer = () =>
      page.waitForResponse(
        response =>
          response
            .url()
            .endsWith('/api/slo/v1/entities/component/default/cart-service'),
        { timeout: 60_000 },
      );
    // Each load waits for the card's own request to the SLO backend (a busy machine renders
    // the entity page slowly), then for the measured values.
    await expect(async () => {
      expect(preview.child.exitCode, preview.output()).toBeNull();
      const answered = sloAnswer();
      await page.goto('/catalog/default/component/cart-service');
      expect((await answered).status()).toBe(200);
      await expect(stat(availability, 'Attained')).toHaveText(
        /^Attained( \(partial\))?[0-9.]+\s?%$/,
        { timeout: 10_000 },
      );
      await expect(stat(availability, 'Burn rate 1 h')).toHaveText(
        /[0-9.]+× \/ [0-9.]+×$/,
        { timeout: 10_000 },
      );
      // Measured, and past the first windows: the absent-events rule can be pending until the
      // latency histogram's first window fills, so this too is waited for, page load by load.
      await expect(slo.getByText('No alerts firing')).toBeVisible({
        timeout: 10_000,
      });
    }).toPass({ timeout: 180_000, intervals: [2_000] });
    await expect(slo.getByText('No alerts firing')).toBeVisible();
    await page.screenshot({
      path: path.join(screenshots, 'preview-cart-service-measured.png'),
      fullPage: true,
    });
    const measuredAt = Date.now();

    // The page alert needs traffic over its long window (a minimum-traffic guard): wait until
    // the preview's load loop has sent that much, then cut the store.
    await expect
      .poll(
        async () => {
          const status = (await (
            await fetch(`${controlUrl}/status`)
          ).json()) as {
            services: Array<{ load: { ok: number } }>;
          };
          return status.services[0]?.load.ok ?? 0;
        },
        { timeout: 60_000, intervals: [1000] },
      )
      .toBeGreaterThan(150);
    const cut = await fetch(`${controlUrl}/fault/cart-service/cut`, {
      method: 'POST',
    });
    expect(cut.status).toBe(200);
    const cutAt = Date.now();

    const alert = slo.locator('[data-testid^="slo-alert-SLOErrorBudgetBurn"]');
    await expect(async () => {
      await page.reload();
      await expect(alert.filter({ hasText: 'firing' }).first()).toBeVisible({
        timeout: 5_000,
      });
    }).toPass({ timeout: 120_000, intervals: [2_000] });
    await expect(alert.first()).toContainText('page');
    await page.screenshot({
      path: path.join(screenshots, 'preview-cart-service-alert.png'),
      fullPage: true,
    });
    const alertAt = Date.now();
    // eslint-disable-next-line no-console
    console.log(
      `preview journey: ready in ${((readyAt - startedAt) / 1000).toFixed(
        1,
      )} s, measured after ${((measuredAt - readyAt) / 1000).toFixed(
        1,
      )} s, alert on the card ${((alertAt - cutAt) / 1000).toFixed(
        1,
      )} s after the cut`,
    );
  } catch (error) {
    // eslint-disable-next-line no-console
    console.log(`preview output:\n${preview.output()}`);
    throw error;
  } finally {
    // Ctrl-C's path: the preview stops everything it started and exits 0.
    preview.child.kill('SIGTERM');
    await exited;
  }
  expect(await exited, preview.output()).toBe(0);
  expect(preview.output()).toContain('[preview] stopped');
});
