import {
  type AuthService,
  type BackstageCredentials,
  type BackstageUserPrincipal,
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';

/*
 * Who signs in to the integration tests that run the real permission, catalog and scaffolder
 * backends with this policy, and how their tokens look.
 */

/** The four people, with the ownership refs sign-in gives them from catalog/org.yaml. */
export const people = {
  // As in production, where the guest is a member of nothing (locally it is in the platform team).
  guest: ['user:default/guest'],
  nonOwner: ['user:default/tomas.berg', 'group:default/catalog-team'],
  owner: ['user:default/amara.okafor', 'group:default/checkout-team'],
  platformEngineer: ['user:default/priya.nair', 'group:default/platform-team'],
};
export type Person = keyof typeof people;

/** What sign-in would put in each person's token: their ownership refs. */
export const signedInUserInfo = createServiceFactory({
  service: coreServices.userInfo,
  deps: {},
  factory: () => ({
    async getUserInfo(credentials: BackstageCredentials) {
      const { userEntityRef } = (
        credentials as BackstageCredentials<BackstageUserPrincipal>
      ).principal;
      const refs = Object.values(people).find(p => p[0] === userEntityRef);
      if (!refs) {
        throw new Error(`${userEntityRef} has not signed in in this test`);
      }
      return { userEntityRef, ownershipEntityRefs: refs };
    },
  }),
});

/**
 * The mock auth service, except that a plugin calling another on a user's behalf sends a token
 * naming itself as the actor, as the real auth service does. @backstage/backend-test-utils
 * 1.11.7 drops the actor, and the permission backend then takes the catalog's own checks for a
 * browser asking directly and refuses them ("Resource permissions require a resourceRef").
 */
export const authWithActors = createServiceFactory({
  service: coreServices.auth,
  deps: { plugin: coreServices.pluginMetadata },
  factory({ plugin }): AuthService {
    const pluginId = plugin.getId();
    const auth = mockServices.auth({ pluginId });
    return {
      authenticate: (token, options) => auth.authenticate(token, options),
      isPrincipal: auth.isPrincipal.bind(auth) as AuthService['isPrincipal'],
      getNoneCredentials: () => auth.getNoneCredentials(),
      getOwnServiceCredentials: () => auth.getOwnServiceCredentials(),
      getLimitedUserToken: credentials => auth.getLimitedUserToken(credentials),
      listPublicServiceKeys: () => auth.listPublicServiceKeys(),
      async getPluginRequestToken(options) {
        if (auth.isPrincipal(options.onBehalfOf, 'user')) {
          const { userEntityRef } = options.onBehalfOf.principal;
          return {
            token: mockCredentials.user.token(userEntityRef, {
              actor: { subject: `plugin:${pluginId}` },
            }),
          };
        }
        return auth.getPluginRequestToken(options);
      },
    };
  },
});
