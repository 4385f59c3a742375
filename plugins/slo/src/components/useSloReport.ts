import {
  type Entity,
  getCompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { useApi } from '@backstage/frontend-plugin-api';
import type { EntitySloReport } from '@internal/plugin-slo-common';
import { sloApiRef } from '../api/SloApi';
import { type AsyncValue, useAsyncValue } from './useAsyncValue';

/** The SLO report of `entity`, reloaded when the entity changes. */
export function useSloReport(entity: Entity): AsyncValue<EntitySloReport> {
  const sloApi = useApi(sloApiRef);
  return useAsyncValue(
    () => sloApi.getEntityReport(getCompoundEntityRef(entity)),
    [sloApi, stringifyEntityRef(entity)],
  );
}
