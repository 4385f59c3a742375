import { SignInPageBlueprint } from '@backstage/plugin-app-react';
import {
  ApiBlueprint,
  createFrontendModule,
} from '@backstage/frontend-plugin-api';
import {
  configApiRef,
  discoveryApiRef,
  microsoftAuthApiRef,
  SignInPageProps,
  useApi,
} from '@backstage/core-plugin-api';
import { SignInPage, SignInProviderConfig } from '@backstage/core-components';
import { TestPersonAuth, testPersonAuthApiRef } from './TestPersonAuth';
import { TestPersonDialog } from './TestPersonDialog';

export { TestPersonAuth, testPersonAuthApiRef } from './TestPersonAuth';

const microsoftProvider: SignInProviderConfig = {
  id: 'microsoft-auth-provider',
  title: 'Microsoft Entra ID',
  message: 'Sign in with your company account',
  apiRef: microsoftAuthApiRef,
};

/**
 * Sign-in as a catalog User through the backend's `test-person` provider, which answers only
 * on a development backend: the guest stays the platform engineer, this shows the portal as a
 * member of another team sees it. Who is asked in {@link TestPersonDialog}.
 */
const testPersonProvider: SignInProviderConfig = {
  id: 'test-person',
  title: 'Test person',
  message:
    'Sign in as someone from catalog/org.yaml, e.g. amara.okafor of checkout-team, to see what they may and may not do. Local development only.',
  apiRef: testPersonAuthApiRef,
};

/**
 * The providers offered on the sign-in page, from `portal.signIn.providers`: guest (and test
 * people) locally, Microsoft Entra ID in production. Unknown names are ignored rather than
 * breaking sign-in.
 */
export function signInProvidersFromConfig(
  names: string[] | undefined,
): Array<'guest' | SignInProviderConfig> {
  const providers: Array<'guest' | SignInProviderConfig> = [];
  for (const name of names ?? ['guest']) {
    if (name === 'guest') providers.push('guest');
    if (name === 'microsoft') providers.push(microsoftProvider);
    if (name === 'test-person') providers.push(testPersonProvider);
  }
  return providers.length > 0 ? providers : ['guest'];
}

export function PortalSignInPage(props: SignInPageProps) {
  const config = useApi(configApiRef);
  const providers = signInProvidersFromConfig(
    config.getOptionalStringArray('portal.signIn.providers'),
  );
  return (
    <>
      <SignInPage
        {...props}
        title="Commerce Platform Portal"
        align="center"
        providers={providers}
      />
      {providers.includes(testPersonProvider) && <TestPersonDialog />}
    </>
  );
}

/** The test-person sign-in's session, offered when `portal.signIn.providers` lists it. */
const testPersonAuthApi = ApiBlueprint.make({
  name: 'test-person-auth',
  params: defineParams =>
    defineParams({
      api: testPersonAuthApiRef,
      deps: { discoveryApi: discoveryApiRef },
      factory: ({ discoveryApi }) => new TestPersonAuth({ discoveryApi }),
    }),
});

const portalSignInPage = SignInPageBlueprint.make({
  params: {
    loader: async () => PortalSignInPage,
  },
});

/** Replaces the app's default guest-only sign-in page. */
export const signInModule = createFrontendModule({
  pluginId: 'app',
  extensions: [portalSignInPage, testPersonAuthApi],
});
