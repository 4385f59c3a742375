import { expect, Page, test } from '@playwright/test';
import path from 'node:path';
import {
  ensurePlatformInstantiated,
  screenshots,
  signInAsGuest,
} from './support';

// The platform engineer instantiates the platform (Create → Commerce platform), then the
// checkout team's owner opens order-service and sees how it is doing: its SLOs (objectives only:
// no Prometheus here, and the card says so), its cost (an estimate: no Azure here), its rollout
// policy read from its repository, and its Kubernetes tab (no cluster here, and no error).

/** An entity page's card, found by its title. */
const card = (page: Page, title: string) =>
  page
    .locator('.MuiCard-root')
    .filter({ has: page.getByText(title, { exact: true }) });

test('a service owner opens order-service and sees its SLOs, cost, rollout policy and Kubernetes tab', async ({
  page,
}) => {
  test.setTimeout(240_000);
  await signInAsGuest(page);

  // The platform run, as the platform engineer does it from the Create page (unless an earlier
  // journey of this run did it already); then the owner opens their service.
  await ensurePlatformInstantiated(page);
  await page.goto('/catalog/default/component/order-service');
  await expect(page.getByText('order-service').first()).toBeVisible();

  const slo = card(page, 'Service level objectives');
  await expect(slo).toBeVisible();
  await expect(slo.getByText(/99\.99\s?%/).first()).toBeVisible();
  await expect(slo.getByText(/not configured/i).first()).toBeVisible();

  const cost = card(page, 'Cost');
  await expect(cost).toBeVisible();
  await expect(cost.getByText('Estimate', { exact: true })).toBeVisible();
  await expect(cost.getByText(/\$\s?[0-9,]+/).first()).toBeVisible();

  const rollout = card(page, 'Rollout policy');
  await expect(rollout).toBeVisible();
  for (const weight of ['1 %', '5 %', '25 %', '50 %', '100 %']) {
    await expect(
      rollout.getByText(weight, { exact: true }).first(),
    ).toBeVisible();
  }
  await page.screenshot({
    path: path.join(screenshots, 'owner-order-service-overview.png'),
    fullPage: true,
  });

  // The tabs, none with an error: SLO (objectives, budget in words, history), Cost (every
  // priced line), Rollout (the steps as written), Kubernetes (no cluster configured here).
  const tabs: Array<[string, string, RegExp]> = [
    ['SLO', 'slo', /allows [0-9.]+ minutes of full outage/],
    ['Cost', 'cost', /PostgreSQL flexible server/],
    ['Rollout', 'rollout', /setWeight|1 %/],
    ['Kubernetes', 'kubernetes', /cluster|Kubernetes/i],
  ];
  for (const [title, tabPath, content] of tabs) {
    await page.getByRole('link', { name: title, exact: true }).click();
    await expect(page).toHaveURL(
      new RegExp(`/catalog/default/component/order-service/${tabPath}$`),
    );
    await expect(page.getByText(content).first()).toBeVisible();
    await expect(page.getByText(/Error:|Something went wrong/)).toHaveCount(0);
    await page.screenshot({
      path: path.join(screenshots, `owner-order-service-${tabPath}.png`),
      fullPage: true,
    });
  }

  // The system's page adds the services up against the platform's $3,000 a month.
  await page.goto('/catalog/default/system/commerce-platform');
  const systemCost = card(page, 'Cost');
  await expect(systemCost).toBeVisible();
  await expect(systemCost.getByText(/of \$3,000 budget/).first()).toBeVisible();
  // Roll-ups are recomputed every minute by the cost backend's scheduled task: a service
  // registered moments ago appears on a later view, as for an owner who reloads.
  await expect(async () => {
    if (!(await systemCost.getByText('order-service').first().isVisible())) {
      await page.reload();
    }
    await expect(systemCost.getByText('order-service').first()).toBeVisible({
      timeout: 10_000,
    });
  }).toPass({ timeout: 120_000 });
  await page.screenshot({
    path: path.join(screenshots, 'owner-commerce-platform-cost.png'),
    fullPage: true,
  });
});
