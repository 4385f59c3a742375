import { expect, Page, test } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { screenshots, sidebarLink } from './support';

// A member of a team other than the platform team: Amara Okafor of checkout-team
// (catalog/org.yaml), signed in through the test-person sign-in. What she meets: the platform
// template refused, no "Register existing component", a service for another team refused at its
// first step, and a service for her own team past that step.
//
// The test-person provider answers only on a development backend, so this journey runs against
// its own backend (playwright.config.ts): the same production build, in development mode. No
// platform run is needed: the service templates' first step only reads the catalog.
test.use({
  baseURL: `http://127.0.0.1:${process.env.PORTAL_E2E_PEOPLE_PORT}`,
});

const repositories = path.resolve(__dirname, '../../../.data/e2e-repositories');
const ownService = 'amara-basket';

test.beforeAll(() => {
  fs.rmSync(path.join(repositories, ownService), {
    recursive: true,
    force: true,
  });
});

const shot = (page: Page, name: string) =>
  page.screenshot({
    path: path.join(screenshots, `team-member-${name}.png`),
    fullPage: true,
  });

/** Signs in on the "Test person" card as the named catalog User, as a person does locally. */
async function signInAsTestPerson(page: Page, name: string) {
  await page.goto('/');
  // The guest card stays: the guest is the platform engineer.
  await expect(page.getByRole('button', { name: 'Enter' })).toBeVisible();
  await expect(page.getByText('Test person', { exact: true })).toBeVisible();
  await page.getByRole('button', { name: 'Sign In' }).click();
  const dialog = page.getByRole('dialog', { name: 'Sign in as a test person' });
  await dialog.getByLabel('Catalog User').fill(name);
  await shot(page, 'sign-in');
  await dialog.getByRole('button', { name: `Sign in as ${name}` }).click();
  await expect(sidebarLink(page, 'Catalog')).toBeVisible();
}

/** Opens Create → the template whose card heading matches. */
async function chooseTemplate(page: Page, heading: RegExp) {
  await page.goto('/create');
  await page
    .locator('.MuiCard-root')
    .filter({ has: page.getByRole('heading', { name: heading }) })
    .getByRole('button', { name: 'Choose' })
    .click();
}

/** Fills the service form's first page and goes to Review, then Create. */
async function createService(
  page: Page,
  options: { name: string; team: RegExp },
) {
  await page.getByLabel(/^Name/).first().fill(options.name);
  await page
    .getByLabel(/^Description/)
    .first()
    .fill('A basket service from the team-member journey.');
  const owner = page.getByLabel(/^Owner/).first();
  await owner.click();
  await owner.fill(options.team.source.split(' ')[0].toLowerCase());
  await page.getByRole('option', { name: options.team }).click();
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('button', { name: 'Review' }).click();
  await page.getByRole('button', { name: 'Create' }).click();
  await expect(page).toHaveURL(/\/create\/tasks\//);
}

test('a checkout-team engineer meets the denials a person would, and creates for their own team', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await signInAsTestPerson(page, 'amara.okafor');

  // Signed in as Amara, not the guest.
  await page.goto('/settings');
  await expect(page.getByText('Amara Okafor').first()).toBeVisible();

  // "Register existing component" is the platform team's: not offered on Create...
  await page.goto('/create');
  await expect(
    page.getByRole('heading', { name: 'Order service' }),
  ).toBeVisible();
  await expect(page.getByText(/Register existing component/i)).toHaveCount(0);
  await shot(page, 'create');
  // ...nor in the catalog.
  await page.goto('/catalog');
  await expect(page.getByText('order-service').first()).toBeVisible();
  await expect(page.getByText(/Register existing component/i)).toHaveCount(0);

  // The platform template is the platform team's.
  await chooseTemplate(page, /^Commerce platform/);
  await shot(page, 'platform-template');

  // A service for another team stops at its first step, before anything is published.
  await chooseTemplate(page, /^Cart service/);
  await createService(page, { name: 'catalog-basket', team: /Catalog team/ });
  await shot(page, 'other-team');

  // Her own team: the first step passes.
  await chooseTemplate(page, /^Cart service/);
  await createService(page, { name: ownService, team: /Checkout team/ });
  await shot(page, 'own-team');
});
