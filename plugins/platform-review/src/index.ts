/**
 * The platform review's frontend: the review page for engineering leads (`/platform-review`)
 * and the "Decisions" tab of entities that carry `backstage.io/adr-location`.
 *
 * @packageDocumentation
 */

export { platformReviewPlugin as default } from './plugin';
export {
  platformReviewApiRef,
  type PlatformReviewApi,
  type PlatformReviewFilters,
} from './api/PlatformReviewApi';
export { PlatformReviewClient } from './api/PlatformReviewClient';
