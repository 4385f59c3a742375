import { expect, test } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { screenshots, signInAsGuest } from './support';

// The engineer's journey: Create → the order-service form → the task log → the new service's
// page. The backend publishes to .data/e2e-repositories (app-config.e2e.yaml) and registers the
// repository in the catalog; Azure and GitOps are not configured and say so.
const repoRoot = path.resolve(__dirname, '../../..');
const repositories = path.join(repoRoot, '.data/e2e-repositories');
const serviceName = 'checkout-orders';

test.beforeAll(() => {
  fs.rmSync(path.join(repositories, serviceName), {
    recursive: true,
    force: true,
  });
});

test('an engineer creates an order service and lands on its page', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await signInAsGuest(page);

  await page.goto('/create');
  // The card whose heading is "Order service" (every card has a Choose button).
  const card = page
    .locator('.MuiCard-root')
    .filter({ has: page.getByRole('heading', { name: 'Order service' }) });
  await card.getByRole('button', { name: 'Choose' }).click();

  // Page 1: the service.
  await page.getByLabel(/^Name/).first().fill(serviceName);
  await page
    .getByLabel(/^Description/)
    .first()
    .fill('Orders placed from the browser journey.');
  const owner = page.getByLabel(/^Owner/).first();
  await owner.click();
  await owner.fill('checkout');
  await page.getByRole('option', { name: /Checkout team/ }).click();
  await page.screenshot({
    path: path.join(screenshots, 'create-order-service-form.png'),
    fullPage: true,
  });
  await page.getByRole('button', { name: 'Next' }).click();

  // Page 2: objectives, region and budget keep their defaults; the budget field shows what an
  // order service costs a month before anything is created (an estimate from the price sheet).
  await expect(page.getByText(/Availability objective/).first()).toBeVisible();
  await expect(
    page.getByText(/Estimated monthly cost: \$[0-9,]+/).first(),
  ).toBeVisible();
  // Below the estimate, the form warns; above it, it does not.
  const budget = page.getByLabel(/^Monthly budget/).first();
  await budget.fill('50');
  await expect(page.getByText(/over the \$50 budget/).first()).toBeVisible();
  await budget.fill('300');
  await expect(page.getByText(/over the \$300 budget/)).toHaveCount(0);
  await page.screenshot({
    path: path.join(screenshots, 'create-order-service-budget.png'),
    fullPage: true,
  });
  await page.getByRole('button', { name: 'Review' }).click();
  await expect(page.getByText(serviceName).first()).toBeVisible();
  await page.getByRole('button', { name: 'Create' }).click();

  // The task page: every step, and the links once it is done.
  await expect(page).toHaveURL(/\/create\/tasks\//);
  await expect(page.getByText('Publish the repository').first()).toBeVisible();
  const open = page.getByRole('link', {
    name: `Open ${serviceName} in the catalog`,
  });
  await expect(open).toBeVisible({ timeout: 120_000 });
  // What was done, and what was skipped because this portal has no Azure or GitOps config.
  await expect(
    page.getByText(/Azure resource groups: not configured/),
  ).toBeVisible();
  await expect(page.getByText(/Argo CD \(dev\): not configured/)).toBeVisible();
  await expect(
    page.getByText(/Argo CD \(prod\): not configured/),
  ).toBeVisible();
  await page.screenshot({
    path: path.join(screenshots, 'create-order-service-task.png'),
    fullPage: true,
  });

  await open.click();
  await expect(page).toHaveURL(
    new RegExp(`/catalog/default/component/${serviceName}`),
  );
  await expect(page.getByText(serviceName).first()).toBeVisible();
  await expect(page.getByText('Checkout team').first()).toBeVisible();
  // Its API was registered with it (read from the repository's openapi.yaml).
  await expect(
    page.getByRole('heading', { name: 'Provided APIs' }),
  ).toBeVisible();
  await expect(
    page.getByRole('link', { name: `${serviceName}-api` }),
  ).toBeVisible();
  await page.screenshot({
    path: path.join(screenshots, 'create-order-service-entity.png'),
    fullPage: true,
  });

  // The repository the engineer clones exists.
  expect(
    fs.existsSync(path.join(repositories, serviceName, '.git')),
  ).toBeTruthy();
});
