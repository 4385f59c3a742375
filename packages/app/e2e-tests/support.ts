import { expect, Page } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';

/** Where the journeys leave their screenshots. */
export const screenshots = path.resolve(
  __dirname,
  '../../../test-results/screenshots',
);
fs.mkdirSync(screenshots, { recursive: true });

export const sidebarLink = (page: Page, name: string) =>
  page
    .getByRole('navigation', { name: 'sidebar nav' })
    .getByRole('link', { name, exact: true });

/** Signs in on the guest card, as a new user does. */
export async function signInAsGuest(page: Page) {
  await page.goto('/');
  await expect(
    page.getByText('Commerce Platform Portal').first(),
  ).toBeVisible();
  await page.getByRole('button', { name: 'Enter' }).click();
  await expect(sidebarLink(page, 'Catalog')).toBeVisible();
}

const platformServices = [
  'product-service',
  'order-service',
  'cart-service',
  'payment-service',
];

/**
 * GET from the portal's API as the signed-in guest: the token is obtained the way the sign-in
 * page obtains it, so the API answers as it does for the page.
 */
export async function apiGet(page: Page, apiPath: string) {
  const identity = await page.request.get('/api/auth/guest/refresh', {
    headers: { 'X-Requested-With': 'XMLHttpRequest' },
  });
  expect(identity.ok()).toBeTruthy();
  const token: string = (await identity.json()).backstageIdentity.token;
  return page.request.get(apiPath, {
    headers: { Authorization: `Bearer ${token}` },
  });
}

/**
 * Makes sure the four commerce services exist, running the platform template through the UI
 * (Create → Commerce platform → Review → Create) as a platform engineer does, unless an earlier
 * journey of this run already did: the journeys share one backend, whose catalog lives in
 * memory, so "order-service is in the catalog" means "the platform ran in this run". Expects a
 * signed-in page; leaves it on the task page after a run, where it was otherwise.
 * `repositoriesDir` (relative to the repository) is where that backend publishes.
 */
export async function ensurePlatformInstantiated(
  page: Page,
  repositoriesDir = '.data/e2e-repositories',
) {
  const orderService = await apiGet(
    page,
    '/api/catalog/entities/by-name/component/default/order-service',
  );
  if (orderService.ok()) {
    return;
  }
  expect(orderService.status()).toBe(404);

  // A fresh catalog: repositories left by an earlier run's platform template would only be
  // overwritten; remove them so this run's are what the services' pages read.
  const repositories = path.resolve(__dirname, '../../..', repositoriesDir);
  for (const name of platformServices) {
    fs.rmSync(path.join(repositories, name), { recursive: true, force: true });
  }

  await page.goto('/create');
  await page
    .locator('.MuiCard-root')
    .filter({ has: page.getByRole('heading', { name: /^Commerce platform/ }) })
    .getByRole('button', { name: 'Choose' })
    .click();
  await page.getByRole('button', { name: 'Review' }).click();
  await page.getByRole('button', { name: 'Create' }).click();
  await expect(page).toHaveURL(/\/create\/tasks\//);
  await expect(page.getByRole('link', { name: 'order-service' })).toBeVisible({
    timeout: 180_000,
  });
}
