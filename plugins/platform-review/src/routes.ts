import { createRouteRef } from '@backstage/frontend-plugin-api';

/** The review page (`/platform-review`). */
export const rootRouteRef = createRouteRef();
