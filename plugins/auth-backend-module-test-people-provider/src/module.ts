import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotAllowedError } from '@backstage/errors';
import {
  authProvidersExtensionPoint,
  createProxyAuthenticator,
  createProxyAuthProviderFactory,
} from '@backstage/plugin-auth-node';

/** The request header naming the catalog User to sign in as, e.g. `amara.okafor`. */
export const TEST_PERSON_HEADER = 'x-portal-test-person';

/**
 * Whether test people may sign in: only a development backend (NODE_ENV=development, what
 * `./portal start` and the journeys' local backend run) with `auth.environment: development`.
 * Unlike the guest provider there is no switch to allow it elsewhere.
 */
function isDevelopment(authEnvironment: string | undefined): boolean {
  return (
    process.env.NODE_ENV === 'development' && authEnvironment === 'development'
  );
}

const USER_NAME = /^[a-z0-9][a-z0-9._-]{0,62}$/;

/**
 * Sign-in as a chosen catalog User (`test-person` provider): the browser sends the User's name
 * in the `x-portal-test-person` header to `/api/auth/test-person/refresh`, and gets that User's
 * identity with the groups the catalog says they belong to, so the permission policy treats
 * them exactly as the person signed in through Entra ID. For trying the portal, and its
 * browser journeys, as someone outside the platform team; the guest stays the platform
 * engineer. Refused outside development, whatever the config says.
 */
export const authModuleTestPeopleProvider = createBackendModule({
  pluginId: 'auth',
  moduleId: 'test-people-provider',
  register(reg) {
    reg.registerInit({
      deps: {
        providers: authProvidersExtensionPoint,
        config: coreServices.rootConfig,
      },
      async init({ providers, config }) {
        const development = isDevelopment(
          config.getOptionalString('auth.environment'),
        );
        providers.registerProvider({
          providerId: 'test-person',
          factory: createProxyAuthProviderFactory({
            authenticator: createProxyAuthenticator({
              defaultProfileTransform: async (result: { name: string }) => ({
                profile: { displayName: result.name },
              }),
              initialize: () => undefined,
              async authenticate({ req }) {
                if (!development) {
                  throw new NotAllowedError(
                    'Test people sign in only on a development backend (NODE_ENV=development and auth.environment development); sign in with your organisation account.',
                  );
                }
                const name = req.header(TEST_PERSON_HEADER) ?? '';
                if (!USER_NAME.test(name)) {
                  throw new InputError(
                    `Say who to sign in as in the ${TEST_PERSON_HEADER} header: the name of a User in the catalog, e.g. amara.okafor (catalog/org.yaml).`,
                  );
                }
                return { result: { name } };
              },
            }),
            async signInResolver({ result }, ctx) {
              // Only people the catalog knows: their groups come from it.
              return ctx.signInWithCatalogUser({
                entityRef: stringifyEntityRef({
                  kind: 'user',
                  namespace: 'default',
                  name: result.name,
                }),
              });
            },
          }),
        });
      },
    });
  },
});
