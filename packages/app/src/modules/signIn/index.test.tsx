import { renderInTestApp } from '@backstage/frontend-test-utils';
import { screen } from '@testing-library/react';
import { Suspense } from 'react';
import { PortalSignInPage, signInProvidersFromConfig } from './index';

describe('signInProvidersFromConfig', () => {
  it('offers guest when nothing is configured', () => {
    expect(signInProvidersFromConfig(undefined)).toEqual(['guest']);
  });

  it('offers Microsoft Entra ID for production config', () => {
    const providers = signInProvidersFromConfig(['microsoft']);
    expect(providers).toHaveLength(1);
    expect(providers[0]).toMatchObject({
      id: 'microsoft-auth-provider',
      title: 'Microsoft Entra ID',
    });
  });

  it('keeps the configured order and ignores unknown names', () => {
    const providers = signInProvidersFromConfig(['microsoft', 'okta', 'guest']);
    expect(providers).toHaveLength(2);
    expect(providers[1]).toBe('guest');
  });

  it('falls back to guest rather than an empty sign-in page', () => {
    expect(signInProvidersFromConfig(['okta'])).toEqual(['guest']);
  });
});

describe('PortalSignInPage', () => {
  it('offers Microsoft Entra ID, and not guest, with production config', async () => {
    await renderInTestApp(
      <Suspense fallback={null}>
        <PortalSignInPage onSignInSuccess={jest.fn()} />
      </Suspense>,
      {
        config: {
          app: { title: 'Commerce Platform Portal' },
          backend: { baseUrl: 'http://localhost:7007' },
          portal: { signIn: { providers: ['microsoft'] } },
        },
      },
    );
    expect(await screen.findByText('Microsoft Entra ID')).toBeInTheDocument();
    expect(
      screen.getByText('Sign in with your company account'),
    ).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Enter' })).toBeNull();
  });
});
