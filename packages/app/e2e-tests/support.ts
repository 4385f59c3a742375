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
