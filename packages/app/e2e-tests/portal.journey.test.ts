import { expect, test } from '@playwright/test';
import path from 'node:path';
import { screenshots, sidebarLink, signInAsGuest } from './support';

test('a new user signs in as guest and finds the commerce platform in the catalog', async ({
  page,
}) => {
  await signInAsGuest(page);

  // Home tells each kind of user where to go.
  await expect(
    page.getByRole('heading', { name: 'Where to start' }),
  ).toBeVisible();
  await expect(page.getByRole('link', { name: /Open Create/ })).toBeVisible();
  await expect(page.getByRole('link', { name: /My services/ })).toBeVisible();

  // Open the catalog from the sidebar and narrow it to systems.
  await sidebarLink(page, 'Catalog').click();
  await expect(page).toHaveURL(/\/catalog/);
  await page
    .locator('[aria-haspopup=listbox]')
    .filter({ hasText: 'Component' })
    .click();
  await page.getByRole('option', { name: 'System' }).click();
  await page.getByRole('menuitem', { name: /^All/ }).click();
  const row = page.getByRole('link', {
    name: 'Commerce Platform',
    exact: true,
  });
  await expect(row).toBeVisible();
  await row.click();

  // The system's own page.
  await expect(page).toHaveURL(/\/catalog\/default\/system\/commerce-platform/);
  await expect(
    page.getByText('Commerce Platform', { exact: true }).first(),
  ).toBeVisible();
  await expect(page.getByText('Has resources')).toBeVisible();
  await expect(page.getByRole('link', { name: 'AKS cluster' })).toBeVisible();
  await expect(
    page.getByRole('link', { name: 'Commerce Platform Portal' }),
  ).toBeVisible();

  await page.screenshot({
    path: path.join(screenshots, 'commerce-platform.png'),
    fullPage: true,
  });
});

test('the Create page, API docs and search open for a signed-in user', async ({
  page,
}) => {
  await signInAsGuest(page);

  await page.goto('/create');
  await expect(page.getByRole('tab', { name: 'Templates' })).toBeVisible();
  await expect(page.getByRole('tab', { name: 'Tasks' })).toBeVisible();
  // An engineer picks the cart template and sees its form.
  await expect(page.getByText('Cart service').first()).toBeVisible();
  await page.getByRole('button', { name: 'Choose' }).first().click();
  await expect(page.getByLabel(/^Name/).first()).toBeVisible();
  await expect(page.getByText(/Lowercase letters, digits and/)).toBeVisible();
  await page.screenshot({
    path: path.join(screenshots, 'cart-template-form.png'),
    fullPage: true,
  });

  await page.goto('/api-docs');
  await expect(page.getByText(/APIs/).first()).toBeVisible();
  await expect(page.getByText('Failed to fetch')).toHaveCount(0);

  await page.goto('/search?query=key%20vault');
  await expect(page.getByText('Key Vault').first()).toBeVisible();
  await page.screenshot({ path: path.join(screenshots, 'search.png') });
});
