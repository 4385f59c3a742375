import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { readCommercePermissionsConfig } from './config';
import { CommercePermissionPolicy } from './policy';

/** Installs the portal's permission policy into the permission backend. */
export const permissionModuleCommercePolicy = createBackendModule({
  pluginId: 'permission',
  moduleId: 'commerce-policy',
  register(reg) {
    reg.registerInit({
      deps: {
        policy: policyExtensionPoint,
        config: coreServices.rootConfig,
        userInfo: coreServices.userInfo,
      },
      async init({ policy, config, userInfo }) {
        policy.setPolicy(
          new CommercePermissionPolicy({
            config: readCommercePermissionsConfig(config),
            userInfo,
          }),
        );
      },
    });
  },
});
