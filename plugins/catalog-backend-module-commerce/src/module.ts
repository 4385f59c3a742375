import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { PortalKindsProcessor } from './PortalKindsProcessor';

/** Installs the portal's catalog rules (PortalKindsProcessor) into the catalog. */
export const catalogModuleCommerceRules = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'commerce-rules',
  register(reg) {
    reg.registerInit({
      deps: {
        catalog: catalogProcessingExtensionPoint,
        config: coreServices.rootConfig,
      },
      async init({ catalog, config }) {
        catalog.addProcessor(PortalKindsProcessor.fromConfig(config));
      },
    });
  },
});
