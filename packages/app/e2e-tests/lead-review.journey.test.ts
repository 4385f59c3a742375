import { expect, Page, test } from '@playwright/test';
import path from 'node:path';
import {
  ensurePlatformInstantiated,
  screenshots,
  sidebarLink,
  signInAsGuest,
} from './support';

// An engineering lead reviews the platform: from Home to the review page, where the ownership
// map shows the four services with their owners and data stores, the SLO section explains
// whether each objective is achievable, and the "not yet" list shows the deferred decisions.
// The four services come from the platform template, run here unless an earlier journey did.

/** The owner each service of the platform run gets, and the data store it owns. */
const services: Array<{ name: string; owner: RegExp; dataStore?: string }> = [
  {
    name: 'product-service',
    owner: /Catalog team|catalog-team/,
    dataStore: 'product-service-cosmos',
  },
  {
    name: 'order-service',
    owner: /Checkout team|checkout-team/,
    dataStore: 'order-service-db',
  },
  {
    name: 'cart-service',
    owner: /Checkout team|checkout-team/,
    dataStore: 'cart-service-cache',
  },
  // Its only dependency is the Stripe account (an external service), which the review may
  // or may not count as a data store; the owner is what matters here.
  { name: 'payment-service', owner: /Payments team|payments-team/ },
];

/**
 * A section of the review, scrolled to as a lead would: the sections below the ownership map
 * render their contents when a reader gets near them.
 */
const section = async (page: Page, name: string) => {
  const region = page.getByRole('region', { name, exact: true });
  await region.scrollIntoViewIfNeeded();
  return region;
};

/**
 * Scrolls through the whole review as a lead would (each section renders its rows on the way
 * there), then back to the top for the screenshot.
 */
const readWholeReview = async (page: Page) => {
  for (const name of [
    'Findings',
    'SLO achievability',
    'Spend against budget',
    'Not yet',
    'Template drift',
    'All decisions',
  ]) {
    const region = await section(page, name);
    await expect(region.getByRole('button', { name: /^Show / })).toHaveCount(0);
  }
  // Back to the top: the app scrolls its content area, not the window.
  await page
    .getByRole('heading', { name: 'Platform review' })
    .scrollIntoViewIfNeeded();
};

/** The ownership map's row of one service (its own link, not e.g. its data store's). */
const serviceRow = (page: Page, name: string) =>
  page
    .getByRole('table', { name: 'Ownership map' })
    .getByRole('row')
    .filter({ has: page.getByRole('link', { name, exact: true }) });

test('a lead reviews ownership, SLOs and the "not yet" decisions of the platform', async ({
  page,
}) => {
  test.setTimeout(300_000);
  await signInAsGuest(page);
  await ensurePlatformInstantiated(page);

  // Home → "Review the platform"; the sidebar has the same page as "Review".
  await page.goto('/');
  await expect(sidebarLink(page, 'Review')).toHaveAttribute(
    'href',
    /\/platform-review$/,
  );
  await page.getByRole('link', { name: /Review the platform/ }).click();
  await expect(page).toHaveURL(/\/platform-review$/);
  await expect(
    page.getByRole('heading', { name: 'Platform review' }),
  ).toBeVisible();

  // The review is a snapshot; if it was taken before (or while) the platform run registered
  // the services, Refresh rebuilds it, as a lead would after a run.
  await expect(async () => {
    for (const service of services) {
      if (!(await serviceRow(page, service.name).isVisible())) {
        await page.getByRole('button', { name: 'Refresh' }).click();
        break;
      }
    }
    for (const service of services) {
      await expect(serviceRow(page, service.name)).toBeVisible({
        timeout: 5_000,
      });
    }
  }).toPass({ timeout: 90_000 });

  // The ownership map: each service with its owner and its data store.
  for (const service of services) {
    const row = serviceRow(page, service.name);
    await expect(row).toContainText(service.owner);
    await expect(row).toContainText(/Commerce Platform|commerce-platform/);
    if (service.dataStore) {
      await expect(
        row.getByRole('link', { name: service.dataStore, exact: true }),
      ).toBeVisible();
    }
  }
  // (Findings may say "Error:" as their severity; an error panel says "could not be".)
  await expect(
    page.getByText(/could not be (loaded|rebuilt)|Something went wrong/),
  ).toHaveCount(0);
  await readWholeReview(page);
  await page.screenshot({
    path: path.join(screenshots, 'lead-platform-review.png'),
    fullPage: true,
  });

  // SLO achievability, explained in words.
  const sloRow = (await section(page, 'SLO achievability'))
    .getByRole('row')
    .filter({
      has: page.getByRole('link', { name: 'order-service', exact: true }),
    });
  await expect(sloRow).toContainText(/order-service declares 99\.99\s?%/);
  await expect(sloRow).toContainText(/OK|Not achievable|Cannot confirm/);

  // The "not yet" list: the deferred service mesh, with when it comes back.
  const notYet = await section(page, 'Not yet');
  const mesh = notYet
    .getByRole('listitem')
    .filter({ hasText: /Defer a service mesh/ })
    .first();
  await expect(mesh).toBeVisible();
  await expect(mesh).toContainText('Revisit by: 2027-03-31');
  await expect(mesh).toContainText(/Revisit when: more than 10 services/);
  await notYet.scrollIntoViewIfNeeded();
  await page.screenshot({
    path: path.join(screenshots, 'lead-platform-review-not-yet.png'),
    fullPage: true,
  });

  // The company-wide list of every record, the portal's and the services' (each generated
  // service records its own data-store decision).
  const allDecisions = await section(page, 'All decisions');
  await expect(
    allDecisions
      .getByRole('row')
      .filter({ hasText: /Record architecture decisions/i }),
  ).toContainText('Commerce Platform Portal');
  await expect(
    allDecisions.getByRole('row').filter({ hasText: 'order-service' }).first(),
  ).toBeVisible();

  // Filter by team: the URL carries it, so the view can be shared.
  await page
    .getByLabel('Team', { exact: true })
    .selectOption('group:default/payments-team');
  await expect(page).toHaveURL(/[?&]team=group%3Adefault%2Fpayments-team/);
  await expect(serviceRow(page, 'payment-service')).toBeVisible();
  await expect(serviceRow(page, 'order-service')).toHaveCount(0);
  const shared = page.url();
  await page.goto(shared);
  await expect(page.getByLabel('Team', { exact: true })).toHaveValue(
    'group:default/payments-team',
  );
  await expect(serviceRow(page, 'payment-service')).toBeVisible();
  await expect(serviceRow(page, 'order-service')).toHaveCount(0);
  await readWholeReview(page);
  await page.screenshot({
    path: path.join(screenshots, 'lead-platform-review-payments-team.png'),
    fullPage: true,
  });

  // The same records on the portal's own page, tab "Decisions".
  await page.goto('/catalog/default/component/commerce-platform-portal');
  await page.getByRole('link', { name: 'Decisions', exact: true }).click();
  await expect(page).toHaveURL(
    /\/catalog\/default\/component\/commerce-platform-portal\/decisions$/,
  );
  const records = page.getByRole('table', { name: 'Decision records' });
  await expect(
    records.getByRole('row').filter({ hasText: /Defer a service mesh/ }),
  ).toContainText('deferred');
  await expect(
    records
      .getByRole('row')
      .filter({ hasText: /Record architecture decisions/i }),
  ).toContainText('accepted');
  await page.screenshot({
    path: path.join(screenshots, 'lead-portal-decisions.png'),
    fullPage: true,
  });
});
