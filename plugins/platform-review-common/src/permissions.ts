import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Rebuilding the review now (`POST /api/platform-review/v1/refresh`, the page's Refresh
 * button). A rebuild reads the whole catalog, every service's repository files (spending the
 * GitHub App's rate limit) and the cost backend, so the commerce policy gives it to the
 * platform team only; everyone else reads the snapshot the schedule rebuilds every few minutes.
 *
 * @public
 */
export const platformReviewRefreshPermission = createPermission({
  name: 'platformReview.snapshot.refresh',
  attributes: { action: 'update' },
});

/**
 * Every permission the platform review defines, for the permission backend's list.
 *
 * @public
 */
export const platformReviewPermissions = [platformReviewRefreshPermission];
