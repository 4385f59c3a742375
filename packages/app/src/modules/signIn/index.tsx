import { SignInPageBlueprint } from '@backstage/plugin-app-react';
import { createFrontendModule } from '@backstage/frontend-plugin-api';
import {
  configApiRef,
  microsoftAuthApiRef,
  SignInPageProps,
  useApi,
} from '@backstage/core-plugin-api';
import { SignInPage, SignInProviderConfig } from '@backstage/core-components';

const microsoftProvider: SignInProviderConfig = {
  id: 'microsoft-auth-provider',
  title: 'Microsoft Entra ID',
  message: 'Sign in with your company account',
  apiRef: microsoftAuthApiRef,
};

/**
 * The providers offered on the sign-in page, from `portal.signIn.providers`: guest locally,
 * Microsoft Entra ID in production. Unknown names are ignored rather than breaking sign-in.
 */
export function signInProvidersFromConfig(
  names: string[] | undefined,
): Array<'guest' | SignInProviderConfig> {
  const providers: Array<'guest' | SignInProviderConfig> = [];
  for (const name of names ?? ['guest']) {
    if (name === 'guest') providers.push('guest');
    if (name === 'microsoft') providers.push(microsoftProvider);
  }
  return providers.length > 0 ? providers : ['guest'];
}

export function PortalSignInPage(props: SignInPageProps) {
  const config = useApi(configApiRef);
  const providers = signInProvidersFromConfig(
    config.getOptionalStringArray('portal.signIn.providers'),
  );
  return (
    <SignInPage
      {...props}
      title="Commerce Platform Portal"
      align="center"
      providers={providers}
    />
  );
}

const portalSignInPage = SignInPageBlueprint.make({
  params: {
    loader: async () => PortalSignInPage,
  },
});

/** Replaces the app's default guest-only sign-in page. */
export const signInModule = createFrontendModule({
  pluginId: 'app',
  extensions: [portalSignInPage],
});
