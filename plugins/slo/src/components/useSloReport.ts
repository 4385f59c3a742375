import {
  type Entity,
  getCompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { useApi } from '@backstage/frontend-plugin-api';
import type { EntitySloReport } from '@internal/plugin-slo-common';
import { sloApiRef } from '../api/SloApi';
import useAsync from 'react-use/esm/useAsync';
import type { AsyncState } from 'react-use/esm/useAsyncFn';

/** The SLO report of `entity`, reloaded when the entity changes. */
export function useSloReport(entity: Entity): AsyncState<EntitySloReport> {
  const sloApi = useApi(sloApiRef);
  return useAsync(
    () => sloApi.getEntityReport(getCompoundEntityRef(entity)),
    [sloApi, stringifyEntityRef(entity)],
  );
}
