import { getCompoundEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import type { EntityCostReport } from '@internal/plugin-cost-common';
import { costApiRef } from '../../api';
import { AsyncValue, useAsyncValue } from '../useAsyncValue';

/** The current catalog entity's cost report. */
export function useEntityCostReport(): AsyncValue<EntityCostReport> {
  const { entity } = useEntity();
  const costApi = useApi(costApiRef);
  const { kind, namespace, name } = getCompoundEntityRef(entity);
  return useAsyncValue(
    () => costApi.getEntityCost({ kind, namespace, name }),
    [costApi, kind, namespace, name],
  );
}
