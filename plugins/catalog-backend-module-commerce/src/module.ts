import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { microsoftGraphOrgEntityProviderTransformExtensionPoint } from '@backstage/plugin-catalog-backend-module-msgraph';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import {
  catalogProcessingExtensionPoint,
  catalogServiceRef,
} from '@backstage/plugin-catalog-node';
import {
  ENTRA_GROUP_ID_ANNOTATION,
  EntraTeamMembershipProcessor,
  EntraTeams,
} from './entraTeams';
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

/**
 * Entra ID decides who is in each portal team: a team of catalog/org.yaml names its Entra group
 * (`commerce.platform/entra-group-id`); the Microsoft Graph org provider reads only those groups,
 * as `entra-<team>` children of their teams, and their members become the teams' members; the
 * tenant is not read as a root Group. Installed beside
 * `@backstage/plugin-catalog-backend-module-msgraph`, whose transform extension point it uses.
 */
export const catalogModuleCommerceEntraTeams = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'commerce-entra-teams',
  register(reg) {
    reg.registerInit({
      deps: {
        catalogProcessing: catalogProcessingExtensionPoint,
        msgraph: microsoftGraphOrgEntityProviderTransformExtensionPoint,
        catalog: catalogServiceRef,
        auth: coreServices.auth,
        logger: coreServices.logger,
      },
      async init({ catalogProcessing, msgraph, catalog, auth, logger }) {
        const teams = new EntraTeams({
          logger,
          teams: async () => {
            const { items } = await catalog.getEntities(
              {
                filter: {
                  kind: 'Group',
                  [`metadata.annotations.${ENTRA_GROUP_ID_ANNOTATION}`]:
                    CATALOG_FILTER_EXISTS,
                },
                fields: ['metadata.name', 'metadata.annotations'],
              },
              { credentials: await auth.getOwnServiceCredentials() },
            );
            return items.map(team => ({
              name: team.metadata.name,
              groupId: team.metadata.annotations?.[ENTRA_GROUP_ID_ANNOTATION],
            }));
          },
        });
        msgraph.setGroupTransformer(teams.groupTransformer());
        // The org's shape is catalog/org.yaml's (commerce-engineering and its teams): the
        // tenant does not become a second root Group.
        msgraph.setOrganizationTransformer(async () => undefined);
        catalogProcessing.addProcessor(new EntraTeamMembershipProcessor());
      },
    });
  },
});
