import type { Entity } from '@backstage/catalog-model';
import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { SLO_FILE_ANNOTATION } from '@internal/plugin-slo-common';
import { sloApiRef } from './api/SloApi';
import { SloClient } from './api/SloClient';

/** Components that name an OpenSLO file get the SLO card and tab. */
export function hasSloFile(entity: Entity): boolean {
  return (
    entity.kind.toLocaleLowerCase('en-US') === 'component' &&
    Boolean(entity.metadata.annotations?.[SLO_FILE_ANNOTATION]?.trim())
  );
}

const sloApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: sloApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new SloClient({ discoveryApi, fetchApi }),
    }),
});

/** The overview card "Service level objectives". */
export const sloEntityCard = EntityCardBlueprint.make({
  params: {
    filter: hasSloFile,
    loader: () => import('./components/SloCard').then(m => <m.SloCard />),
  },
});

/** The entity tab "SLO" at `/slo`. */
export const sloEntityContent = EntityContentBlueprint.make({
  params: {
    path: '/slo',
    title: 'SLO',
    filter: hasSloFile,
    loader: () => import('./components/SloContent').then(m => <m.SloContent />),
  },
});

/**
 * The SLO feature's frontend: an entity card and an `SLO` tab on components that carry
 * `commerce.platform/slo-file`.
 *
 * @public
 */
export const sloPlugin = createFrontendPlugin({
  pluginId: 'slo',
  title: 'SLO',
  extensions: [sloApi, sloEntityCard, sloEntityContent],
});
