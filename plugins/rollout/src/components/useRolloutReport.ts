import { useEffect, useState } from 'react';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import type { EntityRolloutReport } from '@internal/plugin-rollout-common';
import { rolloutApiRef } from '../api';

/** The current entity's rollout report, fetched once per entity. */
export function useRolloutReport(): {
  loading: boolean;
  error?: Error;
  report?: EntityRolloutReport;
} {
  const { entity } = useEntity();
  const rolloutApi = useApi(rolloutApiRef);
  // A string dependency: the entity object may be a new instance on every render.
  const entityRef = stringifyEntityRef(entity);
  const [state, setState] = useState<{
    loading: boolean;
    error?: Error;
    report?: EntityRolloutReport;
  }>({ loading: true });

  useEffect(() => {
    let current = true;
    setState({ loading: true });
    rolloutApi.getEntityRolloutReport(parseEntityRef(entityRef)).then(
      report => current && setState({ loading: false, report }),
      error => current && setState({ loading: false, error }),
    );
    return () => {
      // A late answer for the previous entity must not replace this one's.
      current = false;
    };
  }, [rolloutApi, entityRef]);

  return state;
}
