import {
  registerMswTestHooks,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { IdentityApi } from '@backstage/core-plugin-api';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { Suspense } from 'react';
import {
  PortalSignInPage,
  signInProvidersFromConfig,
  TestPersonAuth,
  testPersonAuthApiRef,
} from './index';
import { TEST_PERSON_STORAGE_KEY } from './TestPersonAuth';

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

describe('PortalSignInPage with test people (local config)', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  const backend = 'http://localhost:7007';
  const config = {
    app: { title: 'Commerce Platform Portal' },
    backend: { baseUrl: backend },
    portal: { signIn: { providers: ['guest', 'test-person'] } },
  };
  // A token whose payload the app reads for its expiry (an hour from now).
  const token = `x.${btoa(
    JSON.stringify({ exp: Math.floor(Date.now() / 1000) + 3600 }),
  )}.y`;

  /** The backend's test-person provider: catalog Users are amara.okafor, nobody else. */
  const testPersonProvider = (seen: (string | null)[]) =>
    http.get(`${backend}/api/auth/test-person/refresh`, ({ request }) => {
      const name = request.headers.get('x-portal-test-person');
      seen.push(name);
      if (name !== 'amara.okafor') {
        return HttpResponse.json(
          {
            error: {
              name: 'NotFoundError',
              message: `User ${name} not found in the catalog`,
            },
            response: { statusCode: 404 },
          },
          { status: 404 },
        );
      }
      return HttpResponse.json({
        profile: { displayName: 'Amara Okafor' },
        backstageIdentity: {
          token,
          identity: {
            type: 'user',
            userEntityRef: 'user:default/amara.okafor',
            ownershipEntityRefs: [
              'user:default/amara.okafor',
              'group:default/checkout-team',
            ],
          },
        },
      });
    });

  const discoveryApi = {
    getBaseUrl: async (plugin: string) => `${backend}/api/${plugin}`,
  };

  beforeEach(() => localStorage.clear());

  async function renderPage(onSignInSuccess: (i: IdentityApi) => void) {
    await renderInTestApp(
      <Suspense fallback={null}>
        <PortalSignInPage onSignInSuccess={onSignInSuccess} />
      </Suspense>,
      {
        config,
        apis: [[testPersonAuthApiRef, new TestPersonAuth({ discoveryApi })]],
      },
    );
  }

  it('keeps the guest card and signs in as the catalog User picked, naming them in the header', async () => {
    const seen: (string | null)[] = [];
    server.use(testPersonProvider(seen));
    const onSignInSuccess = jest.fn();
    await renderPage(onSignInSuccess);

    // The guest (the platform engineer) is still offered.
    expect(await screen.findByText('Guest')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Enter' })).toBeInTheDocument();

    expect(screen.getByText('Test person')).toBeInTheDocument();
    // The guest card's button is Enter; Sign In is the test person's.
    await userEvent.click(screen.getByRole('button', { name: 'Sign In' }));
    const dialog = await screen.findByRole('dialog');
    const field = within(dialog).getByLabelText('Catalog User');
    await userEvent.clear(field);
    await userEvent.type(field, 'amara.okafor');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Sign in as amara.okafor' }),
    );

    await waitFor(() => expect(onSignInSuccess).toHaveBeenCalled());
    const identity: IdentityApi = onSignInSuccess.mock.calls[0][0];
    expect(await identity.getBackstageIdentity()).toEqual({
      type: 'user',
      userEntityRef: 'user:default/amara.okafor',
      ownershipEntityRefs: [
        'user:default/amara.okafor',
        'group:default/checkout-team',
      ],
    });
    expect(await identity.getCredentials()).toEqual({ token });
    expect(seen).toEqual(['amara.okafor']);
    // Remembered, so a reload signs Amara in again; signing out forgets her.
    expect(localStorage.getItem(TEST_PERSON_STORAGE_KEY)).toBe('amara.okafor');
    await identity.signOut();
    expect(localStorage.getItem(TEST_PERSON_STORAGE_KEY)).toBeNull();
  });

  it('says why when the catalog has no such User, and stays open to try again', async () => {
    const seen: (string | null)[] = [];
    server.use(testPersonProvider(seen));
    const onSignInSuccess = jest.fn();
    await renderPage(onSignInSuccess);

    await userEvent.click(
      await screen.findByRole('button', { name: 'Sign In' }),
    );
    const dialog = await screen.findByRole('dialog');
    const field = within(dialog).getByLabelText('Catalog User');
    await userEvent.clear(field);
    await userEvent.type(field, 'nobody');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Sign in as nobody' }),
    );

    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      'User nobody not found in the catalog',
    );
    expect(onSignInSuccess).not.toHaveBeenCalled();
    expect(localStorage.getItem(TEST_PERSON_STORAGE_KEY)).toBeNull();
  });

  it('signs the remembered person in again on reload, without the picker', async () => {
    const seen: (string | null)[] = [];
    server.use(testPersonProvider(seen));
    localStorage.setItem(TEST_PERSON_STORAGE_KEY, 'amara.okafor');
    localStorage.setItem('@backstage/core:SignInPage:provider', 'test-person');
    const onSignInSuccess = jest.fn();
    await renderPage(onSignInSuccess);

    await waitFor(() => expect(onSignInSuccess).toHaveBeenCalled());
    const identity: IdentityApi = onSignInSuccess.mock.calls[0][0];
    expect((await identity.getBackstageIdentity()).userEntityRef).toBe(
      'user:default/amara.okafor',
    );
    expect(seen).toEqual(['amara.okafor']);
  });

  it('is not offered when the config does not list it', () => {
    expect(signInProvidersFromConfig(['guest'])).toEqual(['guest']);
    expect(
      signInProvidersFromConfig(['guest', 'test-person'])[1],
    ).toMatchObject({ id: 'test-person', apiRef: testPersonAuthApiRef });
  });
});
