import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import {
  scaffolderActionsExtensionPoint,
  scaffolderServiceRef,
} from '@backstage/plugin-scaffolder-node';
import { ScmIntegrations } from '@backstage/integration';
import { timeBoundUrlReader } from '@internal/plugin-catalog-files-node';
import { createAzureResourceGroupAction } from './actions/azure/createResourceGroup';
import { createAzureDeployAction } from './actions/azure/deployBicep';
import { createRegisterLocalAction } from './actions/catalog/registerLocal';
import { createRegisterRepositoryAction } from './actions/catalog/registerRepository';
import { createGithubEnvironmentVariablesAction } from './actions/github/environmentVariables';
import { createGithubRepositoryStateAction } from './actions/github/repositoryState';
import { createGitopsRegisterAction } from './actions/gitops/registerApplication';
import { createFetchInfraAction } from './actions/platform/fetchInfra';
import { createPlatformTargetsAction } from './actions/platform/platformTargets';
import { createPublishLocalAction } from './actions/publish/publishLocal';
import { createValidateServiceAction } from './actions/validateService';
import { startWorkspaceJanitor } from './workspaces/workspaceJanitor';

/**
 * Installs the commerce actions into the scaffolder, and the janitor that removes the
 * workspaces of tasks a killed backend left behind.
 */
export const scaffolderModuleCommerce = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'commerce',
  register(reg) {
    reg.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        catalog: catalogServiceRef,
        config: coreServices.rootConfig,
        reader: coreServices.urlReader,
        auth: coreServices.auth,
        userInfo: coreServices.userInfo,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
        lifecycle: coreServices.lifecycle,
        scaffolderService: scaffolderServiceRef,
      },
      async init({
        scaffolder,
        catalog,
        config,
        reader,
        auth,
        userInfo,
        logger,
        scheduler,
        lifecycle,
        scaffolderService,
      }) {
        const integrations = ScmIntegrations.fromConfig(config);
        // Every repository read of these actions fails after commerce.reading.timeoutSeconds.
        const boundReader = timeBoundUrlReader(reader, config);
        scaffolder.addActions(
          createValidateServiceAction({ catalog, auth, userInfo, config }),
          createPlatformTargetsAction({ config }),
          createPublishLocalAction({ config }),
          createGithubRepositoryStateAction({ config, integrations }),
          createGithubEnvironmentVariablesAction({ config, integrations }),
          createRegisterLocalAction({ config, catalog, auth, userInfo }),
          createRegisterRepositoryAction({
            catalog,
            auth,
            integrations,
            config,
            reader: boundReader,
            userInfo,
          }),
          createFetchInfraAction({ config, reader: boundReader }),
          createAzureResourceGroupAction({ config }),
          createAzureDeployAction({ config }),
          createGitopsRegisterAction({
            config,
            integrations,
            catalog,
          }),
        );
        await startWorkspaceJanitor({
          config,
          logger,
          scheduler,
          lifecycle,
          auth,
          scaffolder: scaffolderService,
        });
      },
    });
  },
});
