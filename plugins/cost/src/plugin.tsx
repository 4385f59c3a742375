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
import { FormFieldBlueprint } from '@backstage/plugin-scaffolder-react/alpha';
import { SERVICE_KIND_ANNOTATION } from '@internal/plugin-cost-common';
import { CostClient, costApiRef } from './api';

/**
 * Components that are commerce services (they carry the `commerce.platform/service-kind`
 * annotation every generated service has, and with it a cost model and a budget). A predicate
 * rather than a function, so an app can still override it in app-config.
 */
const commerceServiceFilter = {
  kind: 'component',
  [`metadata.annotations.${SERVICE_KIND_ANNOTATION}`]: { $exists: true },
};

const costApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: costApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new CostClient({ discoveryApi, fetchApi }),
    }),
});

export const costEntityCard = EntityCardBlueprint.make({
  name: 'service',
  params: {
    filter: commerceServiceFilter,
    loader: () =>
      import('./components/EntityCost/EntityCostCard').then(m => (
        <m.EntityCostCard />
      )),
  },
});

export const costEntityContent = EntityContentBlueprint.make({
  params: {
    path: 'cost',
    title: 'Cost',
    filter: commerceServiceFilter,
    loader: () =>
      import('./components/EntityCost/EntityCostContent').then(m => (
        <m.EntityCostContent />
      )),
  },
});

export const costSystemCard = EntityCardBlueprint.make({
  name: 'system',
  params: {
    filter: { kind: 'system' },
    loader: () =>
      import('./components/CostRollup/CostRollupCard').then(m => (
        <m.CostRollupCard scope="system" />
      )),
  },
});

export const costGroupCard = EntityCardBlueprint.make({
  name: 'group',
  params: {
    filter: { kind: 'group' },
    loader: () =>
      import('./components/CostRollup/CostRollupCard').then(m => (
        <m.CostRollupCard scope="group" />
      )),
  },
});

const commerceBudgetField = FormFieldBlueprint.make({
  name: 'commerce-budget',
  params: {
    field: () =>
      import('./components/CommerceBudgetField/commerceBudgetFormField').then(
        m => m.commerceBudgetFormField,
      ),
  },
});

/**
 * The cost feature's frontend: the "Cost" card and tab on commerce services, the roll-up cards
 * on systems and teams, and the `CommerceBudget` template form field.
 *
 * @public
 */
export const costPlugin = createFrontendPlugin({
  pluginId: 'cost',
  title: 'Cost',
  extensions: [
    costApi,
    costEntityCard,
    costEntityContent,
    costSystemCard,
    costGroupCard,
    commerceBudgetField,
  ],
});
