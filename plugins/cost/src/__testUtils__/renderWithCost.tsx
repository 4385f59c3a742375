import type { Entity } from '@backstage/catalog-model';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { ReactElement } from 'react';
import { CostClient, costApiRef } from '../api';

/**
 * Renders `element` in a test app whose cost API is the real client, talking to whatever msw
 * answers at {@link costBaseUrl}, optionally inside an entity page's context.
 */
export function renderWithCost(element: ReactElement, entity?: Entity) {
  const client = new CostClient({
    discoveryApi: mockApis.discovery(),
    fetchApi: mockApis.fetch(),
  });
  return renderInTestApp(
    entity ? (
      <EntityProvider entity={entity}>{element}</EntityProvider>
    ) : (
      element
    ),
    {
      apis: [[costApiRef, client]],
      // EntityRefLink resolves links to entity pages through this route.
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
}
