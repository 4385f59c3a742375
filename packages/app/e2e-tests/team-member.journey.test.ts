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

/** Fills the service form for the given team and creates it; returns the task's id. */
async function createService(
  page: Page,
  options: { name: string; search: string; team: RegExp; warned: boolean },
): Promise<string> {
  await page.getByLabel(/^Name/).first().fill(options.name);
  await page
    .getByLabel(/^Description/)
    .first()
    .fill('A basket service from the team-member journey.');
  const owner = page.getByLabel(/^Owner/).first();
  await owner.click();
  await owner.fill(options.search);
  await page.getByRole('option', { name: options.team }).click();
  // Another team's owner is warned about under the field; her own team is not.
  const hint = page.getByText(/^You are not a member of /);
  if (options.warned) {
    await expect(hint).toBeVisible();
    await shot(page, 'other-team-form');
  } else {
    await expect(hint).toHaveCount(0);
  }
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('button', { name: 'Review' }).click();
  await page.getByRole('button', { name: 'Create' }).click();
  await expect(page).toHaveURL(/\/create\/tasks\//);
  return page.url().split('/create/tasks/')[1];
}

/**
 * Each step's status as the task page reads it (the task's event stream), asked with the
 * signed-in person's own token, obtained the way the sign-in page obtains it.
 */
async function stepStatuses(
  page: Page,
  person: string,
  taskId: string,
): Promise<Record<string, string>> {
  const identity = await page.request.get('/api/auth/test-person/refresh', {
    headers: {
      'X-Requested-With': 'XMLHttpRequest',
      'x-portal-test-person': person,
    },
  });
  const token: string = (await identity.json()).backstageIdentity.token;
  const events = await page.request.get(
    `/api/scaffolder/v2/tasks/${taskId}/events`,
    { headers: { Authorization: `Bearer ${token}` } },
  );
  expect(events.ok()).toBeTruthy();
  const statuses: Record<string, string> = {};
  for (const event of await events.json()) {
    if (event.body?.stepId && event.body?.status) {
      statuses[event.body.stepId] = event.body.status;
    }
  }
  return statuses;
}

test('a checkout-team engineer meets the denials a person would, and creates for their own team', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const person = 'amara.okafor';
  await signInAsTestPerson(page, person);

  // Signed in as Amara, not the guest.
  await page.goto('/settings');
  await expect(page.getByText('Amara Okafor').first()).toBeVisible();

  // "Register existing component" is the platform team's: offered neither on Create (nor in
  // its sidebar)...
  await page.goto('/create');
  await expect(
    page.getByRole('heading', { name: 'Order service' }),
  ).toBeVisible();
  await expect(page.getByText(/Register existing component/i)).toHaveCount(0);
  await shot(page, 'create');
  // ...nor in the catalog.
  await page.goto('/catalog');
  await expect(
    page.getByRole('heading', { name: 'Commerce Catalog' }),
  ).toBeVisible();
  await expect(page.getByRole('table').first()).toBeVisible();
  await expect(page.getByText(/Register existing component/i)).toHaveCount(0);

  // The platform template is the platform team's: its form says so on its first page, and
  // does not go on.
  await chooseTemplate(page, /^Commerce platform/);
  const refusal = page.getByText(
    /Only the platform team \(platform-team\) may run this template.*You are signed in as amara\.okafor \(checkout-team\)/,
  );
  await expect(refusal).toBeVisible();
  await page.getByRole('button', { name: 'Review' }).click();
  await expect(page.getByRole('button', { name: 'Create' })).toHaveCount(0);
  await expect(refusal.first()).toBeVisible();
  await shot(page, 'platform-template');

  // A service for another team: the form warns under the owner, and the run stops at its check
  // step (commerce:service:validate), before anything is generated or published.
  await chooseTemplate(page, /^Cart service/);
  const otherTask = await createService(page, {
    name: 'catalog-basket',
    search: 'catalog',
    team: /Catalog team/,
    warned: true,
  });
  await expect(
    page
      .getByText(
        /are not a member of group:default\/catalog-team.*Choose your team as the owner \(checkout-team\)/,
      )
      .first(),
  ).toBeVisible();
  await shot(page, 'other-team');
  const other = await stepStatuses(page, person, otherTask);
  expect(other.validate).toBe('failed');
  // The steps after it never ran (the task marks them skipped).
  for (const step of ['generate', 'publish-local', 'register-local']) {
    expect([undefined, 'skipped']).toContain(other[step]);
  }

  // Her own team: the check passes and the run goes on.
  await chooseTemplate(page, /^Cart service/);
  const ownTask = await createService(page, {
    name: ownService,
    search: 'checkout',
    team: /Checkout team/,
    warned: false,
  });
  await expect
    .poll(
      // The backend is busy generating the service meanwhile: a dropped connection is asked again.
      () =>
        stepStatuses(page, person, ownTask).then(
          s => s.validate,
          () => 'unreachable',
        ),
      { timeout: 60_000 },
    )
    .toBe('completed');
  // The task page's event stream may have stalled while the backend generated the service:
  // reload, so the screenshot shows the first two steps done (each with its duration).
  await page.reload();
  // The step's label in the stepper (the log, open once the task has finished, names it too).
  await expect(
    page.getByText('Check the choices', { exact: true }).first(),
  ).toBeVisible();
  await expect(page.getByText(/^\d+ seconds?$/).nth(1)).toBeVisible({
    timeout: 60_000,
  });
  await shot(page, 'own-team');
});
