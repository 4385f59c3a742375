import { getCompoundEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import type { EntityCostReport } from '@internal/plugin-cost-common';
import { costApiRef } from '../../api';
import useAsync from 'react-use/esm/useAsync';
import type { AsyncState } from 'react-use/esm/useAsyncFn';

/** The current catalog entity's cost report. */
export function useEntityCostReport(): AsyncState<EntityCostReport> {
  const { entity } = useEntity();
  const costApi = useApi(costApiRef);
  const { kind, namespace, name } = getCompoundEntityRef(entity);
  return useAsync(
    () => costApi.getEntityCost({ kind, namespace, name }),
    [costApi, kind, namespace, name],
  );
}
