import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createValidateServiceAction } from './actions/validateService';

/** Installs the commerce actions into the scaffolder. */
export const scaffolderModuleCommerce = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'commerce',
  register(reg) {
    reg.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        catalog: catalogServiceRef,
        logger: coreServices.logger,
      },
      async init({ scaffolder, catalog }) {
        scaffolder.addActions(createValidateServiceAction({ catalog }));
      },
    });
  },
});
