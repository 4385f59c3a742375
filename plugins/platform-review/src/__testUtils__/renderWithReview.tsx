import type { Entity } from '@backstage/catalog-model';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import type { ReactElement } from 'react';
import { useLocation } from 'react-router-dom';
import { SWRConfig } from 'swr';
import { platformReviewApiRef } from '../api/PlatformReviewApi';
import { PlatformReviewClient } from '../api/PlatformReviewClient';

/** Shows the router's current query string, so a test can read what a lead would share. */
function LocationProbe() {
  const location = useLocation();
  return <output aria-label="Current URL">{location.search}</output>;
}

/**
 * Renders `element` in a test app whose platform review API is the real client, talking to
 * whatever msw answers at `http://localhost:7007/api/platform-review`, at `url`, optionally
 * inside an entity page's context.
 */
export function renderWithReview(
  element: ReactElement,
  options: {
    url?: string;
    entity?: Entity;
    /** What the permission backend answers the signed-in person (default: allowed). */
    permission?: AuthorizeResult.ALLOW | AuthorizeResult.DENY;
  } = {},
) {
  const client = new PlatformReviewClient({
    discoveryApi: mockApis.discovery({ baseUrl: 'http://localhost:7007' }),
    fetchApi: mockApis.fetch(),
  });
  const content = options.entity ? (
    <EntityProvider entity={options.entity}>{element}</EntityProvider>
  ) : (
    element
  );
  const page = (
    <>
      {content}
      <LocationProbe />
    </>
  );
  return renderInTestApp(
    // usePermission keeps answers in SWR's cache, shared across renders: a test that sets the
    // permission starts with an empty one, so an earlier test's answer does not leak into it.
    options.permission ? (
      <SWRConfig value={{ provider: () => new Map() }}>{page}</SWRConfig>
    ) : (
      page
    ),
    {
      apis: [
        [platformReviewApiRef, client],
        [
          permissionApiRef,
          mockApis.permission({
            authorize: options.permission ?? AuthorizeResult.ALLOW,
          }),
        ],
      ],
      initialRouteEntries: [options.url ?? '/platform-review'],
      // EntityRefLink resolves links to entity pages through this route.
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
}
