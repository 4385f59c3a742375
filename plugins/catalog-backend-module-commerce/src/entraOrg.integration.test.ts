import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import msgraphModule from '@backstage/plugin-catalog-backend-module-msgraph';
import authPlugin from '@backstage/plugin-auth-backend';
import microsoftAuthModule from '@backstage/plugin-auth-backend-module-microsoft-provider';
import type { Entity } from '@backstage/catalog-model';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import request from 'supertest';
import YAML from 'yaml';
import { entraIdHandlers } from '@internal/test-utils';
import commerceRules, { catalogModuleCommerceEntraTeams } from './index';

/*
 * Issue #17 item 1: people and teams from Entra ID. The real Microsoft Graph org provider
 * (@backstage/plugin-catalog-backend-module-msgraph, configured as app-config.production.yaml
 * configures it) reads users, groups and members from Microsoft Graph — answered here by msw
 * in Graph's own response shapes, paging by @odata.nextLink — into the real catalog, past the
 * portal's catalog rules; then a person signs in through the real Microsoft auth provider with
 * the production sign-in resolvers and becomes that User.
 */

// Test-only code that is never bundled, so __dirname is the source folder.
// eslint-disable-next-line no-restricted-syntax
const repoRoot = path.resolve(__dirname, '../../..');
const TENANT = '72f988bf-0000-4000-8000-00000000c0de';
const GRAPH = 'https://graph.microsoft.com/v1.0';

/** app-config.production.yaml, its environment variables given. */
function productionConfig() {
  const text = fs
    .readFileSync(path.join(repoRoot, 'app-config.production.yaml'), 'utf8')
    .replace(/\$\{([A-Z_]+)(:-[^}]*)?\}/g, (_, name) =>
      name === 'AUTH_MICROSOFT_TENANT_ID' ? TENANT : `\${${name}}`,
    );
  return YAML.parse(text);
}
const production = productionConfig();
const entraProvider = production.catalog.providers.microsoftGraphOrg.entra;
const appConfig = YAML.parse(
  fs.readFileSync(path.join(repoRoot, 'app-config.yaml'), 'utf8'),
);

const user = (id: string, name: string, mail: string) => ({
  id,
  displayName: name,
  givenName: name.split(' ')[0],
  surname: name.split(' ')[1],
  mail,
  userPrincipalName: mail,
  accountEnabled: true,
});
const amara = user(
  '0b5a1c4e-1111-4aaa-8000-000000000001',
  'Amara Okafor',
  'amara.okafor@commerce.example',
);
const jonas = user(
  '0b5a1c4e-2222-4aaa-8000-000000000002',
  'Jonas Berg',
  'jonas.berg@commerce.example',
);
const priya = user(
  '0b5a1c4e-3333-4aaa-8000-000000000003',
  'Priya Nair',
  'priya.nair@commerce.example',
);
const checkout = {
  id: '5e7d0000-aaaa-4bbb-8ccc-000000000010',
  displayName: 'Commerce checkout team',
  description: 'Orders and carts',
  mail: 'commerce-checkout@commerce.example',
  mailNickname: 'commerce-checkout',
  securityEnabled: true,
};
/** A security group someone created and named like a team's: it must not make anyone a member. */
const selfMade = {
  id: '5e7d0000-aaaa-4bbb-8ccc-000000000099',
  displayName: 'entra-platform-team',
  description: 'Made by a tenant member',
  mail: 'commerce-platform-team@commerce.example',
  mailNickname: 'commerce-platform-team',
  securityEnabled: true,
};
const payments = {
  id: '5e7d0000-aaaa-4bbb-8ccc-000000000020',
  displayName: 'Commerce payments team',
  description: 'Payments',
  mail: 'commerce-payments@commerce.example',
  mailNickname: 'commerce-payments',
  securityEnabled: true,
};

/** The person signing in, as Graph's /me describes them. */
let signingIn: Record<string, unknown> = amara;

/** What Graph was asked, to check the filters the production config sends. */
const graphRequests: URL[] = [];
const member = (u: { id: string; displayName: string }) => ({
  '@odata.type': '#microsoft.graph.user',
  id: u.id,
  displayName: u.displayName,
});

const server = setupServer(
  // Azure Identity's client-credential and authorization-code token requests (MSAL).
  ...entraIdHandlers({ tenant: TENANT, accessToken: 'graph-access-token' }),
  // Microsoft Graph, as https://learn.microsoft.com/graph/api/user-list and group-list answer.
  http.get(`${GRAPH}/organization/:tenant`, ({ request: req }) => {
    graphRequests.push(new URL(req.url));
    return HttpResponse.json({
      id: TENANT,
      displayName: 'Commerce',
    });
  }),
  http.get(`${GRAPH}/users`, ({ request: req }) => {
    const url = new URL(req.url);
    graphRequests.push(url);
    if (req.headers.get('authorization') !== 'Bearer graph-access-token') {
      return HttpResponse.json(
        { error: { code: 'InvalidAuthenticationToken' } },
        { status: 401 },
      );
    }
    // Two pages: the second is reached only by following @odata.nextLink.
    if (url.searchParams.get('$skiptoken') === 'page2') {
      return HttpResponse.json({
        '@odata.context': `${GRAPH}/$metadata#users`,
        value: [priya],
      });
    }
    return HttpResponse.json({
      '@odata.context': `${GRAPH}/$metadata#users`,
      '@odata.nextLink': `${GRAPH}/users?$top=999&$skiptoken=page2`,
      value: [amara, jonas],
    });
  }),
  http.get(`${GRAPH}/groups`, ({ request: req }) => {
    graphRequests.push(new URL(req.url));
    return HttpResponse.json({
      '@odata.context': `${GRAPH}/$metadata#groups`,
      value: [checkout, payments, selfMade],
    });
  }),
  http.get(`${GRAPH}/groups/:id/members`, ({ params }) => {
    const members =
      params.id === checkout.id || params.id === selfMade.id
        ? [member(amara), member(jonas)]
        : [];
    return HttpResponse.json({
      '@odata.context': `${GRAPH}/$metadata#directoryObjects`,
      value: params.id === payments.id ? [member(priya)] : members,
    });
  }),
  // The sign-in's profile (passport-microsoft) and photo: whoever `signingIn` is.
  http.get(`${GRAPH}/me/`, () => HttpResponse.json(signingIn)),
  http.get(
    `${GRAPH}/me/photos/:size/$value`,
    () => new HttpResponse(null, { status: 404 }),
  ),
);

const teamsFile = path.join(
  fs.mkdtempSync(path.join(os.tmpdir(), 'entra-teams-')),
  'org.yaml',
);
const orgTeam = (name: string, groupId?: string) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: {
    name,
    ...(groupId && {
      annotations: { 'commerce.platform/entra-group-id': groupId },
    }),
  },
  spec: { type: 'team', children: [] },
});
fs.writeFileSync(
  teamsFile,
  [
    orgTeam('checkout-team', checkout.id),
    // Entra shows object ids in lower case; a pasted upper-case one still matches.
    orgTeam('payments-team', payments.id.toUpperCase()),
    // No Entra group: the self-made group named like it must not fill it.
    orgTeam('platform-team'),
  ]
    .map(t => YAML.stringify(t))
    .join('---\n'),
);

describe('people and teams from Entra ID', () => {
  let backend: Parameters<typeof request>[0];
  let stopBackend: (() => Promise<void>) | undefined;

  async function eventually<T>(
    check: () => Promise<T | undefined>,
    what: string,
  ): Promise<T> {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const value = await check();
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
      await new Promise(r => setTimeout(r, 200));
    }
  }

  const get = async (ref: string): Promise<Entity | undefined> => {
    const response = await request(backend).get(
      `/api/catalog/entities/by-name/${ref}`,
    );
    return response.status === 200 ? response.body : undefined;
  };

  beforeAll(async () => {
    server.listen({
      // Local requests (supertest to the test backend) pass; anything else is a defect.
      onUnhandledRequest: (req, print) => {
        const { hostname } = new URL(req.url);
        if (hostname !== '127.0.0.1' && hostname !== 'localhost') print.error();
      },
    });
    const started = await startTestBackend({
      features: [
        catalogPlugin,
        msgraphModule,
        commerceRules,
        catalogModuleCommerceEntraTeams,
        // The real scheduler: the provider's first run starts in the background while the
        // catalog is still processing the teams' file, as on a new portal.
        schedulerServiceFactory,
        authPlugin,
        microsoftAuthModule,
        mockServices.rootConfig.factory({
          data: {
            app: { baseUrl: 'http://localhost:3000' },
            backend: { baseUrl: 'http://localhost:7007' },
            auth: {
              environment: 'production',
              session: { secret: 'test-only-session-secret' },
              providers: {
                microsoft: {
                  production: {
                    ...production.auth.providers.microsoft.production,
                    clientId: 'portal-client-id',
                    clientSecret: 'test-only-client-secret',
                    tenantId: TENANT,
                    domainHint: TENANT,
                  },
                },
              },
            },
            catalog: {
              rules: appConfig.catalog.rules,
              processingInterval: { seconds: 1 },
              // The portal's own teams, naming their Entra groups as catalog/org.yaml does.
              locations: [{ type: 'file', target: teamsFile }],
              providers: {
                microsoftGraphOrg: {
                  entra: {
                    ...entraProvider,
                    // A client secret stands in for the workload identity; both end in a
                    // token request to Entra, answered above.
                    clientId: 'portal-client-id',
                    clientSecret: 'test-only-client-secret',
                    schedule: {
                      frequency: { minutes: 30 },
                      timeout: { minutes: 2 },
                      initialDelay: { seconds: 1 },
                    },
                  },
                },
              },
            },
          },
        }),
      ],
    });
    backend = started.server;
    stopBackend = () => started.stop();
  }, 60_000);

  afterAll(async () => {
    await stopBackend?.();
    server.close();
  });

  it('reads every page of users and the filtered groups into Users and Groups', async () => {
    const priyaUser = await eventually(
      () => get('user/default/priya.nair_commerce.example'),
      'the user on the second page',
    );
    expect(priyaUser.metadata.annotations).toMatchObject({
      'graph.microsoft.com/user-id': priya.id,
      'microsoft.com/email': priya.mail,
      'backstage.io/managed-by-origin-location': `msgraph:entra/${priya.id}`,
    });
    // A member of a team's Entra group is a member of the team (catalog/org.yaml's Group).
    expect(priyaUser.spec).toMatchObject({
      profile: { displayName: 'Priya Nair', email: priya.mail },
      memberOf: [
        'group:default/entra-payments-team',
        'group:default/payments-team',
      ],
    });

    const amaraUser = await eventually(
      () => get('user/default/amara.okafor_commerce.example'),
      'amara',
    );
    // Not platform-team: the self-made group is not a configured team's, whatever its name.
    expect(amaraUser.spec?.memberOf).toEqual([
      'group:default/entra-checkout-team',
      'group:default/checkout-team',
    ]);
    expect(
      (amaraUser.relations ?? [])
        .filter(r => r.type === 'memberOf')
        .map(r => r.targetRef)
        .sort(),
    ).toEqual([
      'group:default/checkout-team',
      'group:default/entra-checkout-team',
    ]);

    const team = await eventually(
      () => get('group/default/entra-checkout-team'),
      'the checkout group',
    );
    expect(team.spec).toMatchObject({
      type: 'team',
      profile: {
        displayName: 'Commerce checkout team',
        email: checkout.mail,
      },
      parent: 'group:default/checkout-team',
    });
    // Neither the self-made group nor the tenant (a second root) is read.
    expect(await get('group/default/entra-platform-team')).toBeUndefined();
    expect(await get('group/default/commerce')).toBeUndefined();
    expect(team.metadata.annotations?.['graph.microsoft.com/group-id']).toBe(
      checkout.id,
    );
    // The relations the catalog derives: the team has its two members.
    const members = (team.relations ?? [])
      .filter(r => r.type === 'hasMember')
      .map(r => r.targetRef)
      .sort();
    expect(members).toEqual([
      'user:default/amara.okafor_commerce.example',
      'user:default/jonas.berg_commerce.example',
    ]);

    // The production filters reached Graph as written.
    const users = graphRequests.find(u => u.pathname.endsWith('/users'));
    expect(users?.searchParams.get('$filter')).toBe(entraProvider.user.filter);
    const groups = graphRequests.find(u => u.pathname.endsWith('/groups'));
    expect(groups?.searchParams.get('$filter')).toBe(
      entraProvider.group.filter,
    );
  }, 90_000);

  /** Signs in through the Microsoft provider's redirect flow, as the browser's popup does. */
  async function signIn(): Promise<string> {
    const start = await request(backend).get(
      '/api/auth/microsoft/start?env=production&origin=http://localhost:3000',
    );
    expect(start.status).toBe(302);
    const state = new URL(start.headers.location).searchParams.get('state');
    // The nonce cookie the browser would keep (the other Set-Cookie clears an old one).
    const cookies = ([] as string[])
      .concat(start.headers['set-cookie'] ?? [])
      .filter(c => !c.includes('Max-Age=0'));
    const frame = await request(backend)
      .get(
        `/api/auth/microsoft/handler/frame?code=authorization-code&state=${encodeURIComponent(
          state!,
        )}`,
      )
      .set('cookie', cookies.map(c => c.split(';')[0]).join('; '));
    return decodeURIComponent(frame.text);
  }

  it('signs a person in as the User the provider read, by their Entra object id, also after their email changed', async () => {
    await eventually(
      () => get('user/default/amara.okafor_commerce.example'),
      'amara',
    );
    // Renamed in Entra since the last read: the email no longer matches the User, the id does.
    signingIn = { ...amara, mail: 'amara.okafor-berg@commerce.example' };
    const identity = await signIn();
    expect(identity).toContain(
      '"userEntityRef":"user:default/amara.okafor_commerce.example"',
    );
    // Signed in, they own what their team owns.
    const ownership = JSON.parse(
      /"ownershipEntityRefs":(\[[^\]]*\])/.exec(identity)![1],
    );
    expect(ownership.sort()).toEqual([
      'group:default/checkout-team',
      'group:default/entra-checkout-team',
      'user:default/amara.okafor_commerce.example',
    ]);
  }, 60_000);

  it('refuses a person Entra knows but the catalog does not, saying so', async () => {
    signingIn = user(
      '0b5a1c4e-9999-4aaa-8000-000000000009',
      'Guest Person',
      'guest.person@elsewhere.example',
    );
    const response = await signIn();
    expect(response).toContain('"error"');
    expect(response).not.toContain('userEntityRef');
  }, 60_000);
});
