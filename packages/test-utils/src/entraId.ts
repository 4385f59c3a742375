import { http, HttpResponse } from 'msw';

const LOGIN = 'https://login.microsoftonline.com';

/**
 * msw handlers answering Entra ID as Azure Identity (MSAL) asks it for a client-credential or
 * authorization-code token: instance discovery, the tenant's OpenID configuration and the token
 * endpoint, in Entra's own response shapes. Each token request's `scope` is passed to `onToken`.
 */
export function entraIdHandlers(options: {
  tenant: string;
  accessToken: string;
  onToken?: (scope: string) => void;
}) {
  const { tenant, accessToken, onToken } = options;
  return [
    http.get(`${LOGIN}/common/discovery/instance`, () =>
      HttpResponse.json({
        tenant_discovery_endpoint: `${LOGIN}/${tenant}/v2.0/.well-known/openid-configuration`,
        'api-version': '1.1',
        metadata: [
          {
            preferred_network: 'login.microsoftonline.com',
            preferred_cache: 'login.windows.net',
            aliases: ['login.microsoftonline.com', 'login.windows.net'],
          },
        ],
      }),
    ),
    http.get(`${LOGIN}/:tenant/v2.0/.well-known/openid-configuration`, () =>
      HttpResponse.json({
        token_endpoint: `${LOGIN}/${tenant}/oauth2/v2.0/token`,
        authorization_endpoint: `${LOGIN}/${tenant}/oauth2/v2.0/authorize`,
        issuer: `${LOGIN}/${tenant}/v2.0`,
        end_session_endpoint: `${LOGIN}/${tenant}/oauth2/v2.0/logout`,
        jwks_uri: `${LOGIN}/${tenant}/discovery/v2.0/keys`,
        response_types_supported: ['code'],
      }),
    ),
    http.post(`${LOGIN}/:tenant/oauth2/v2.0/token`, async ({ request }) => {
      const scope =
        new URLSearchParams(await request.text()).get('scope') ?? '';
      onToken?.(scope);
      return HttpResponse.json({
        token_type: 'Bearer',
        expires_in: 3599,
        ext_expires_in: 3599,
        access_token: accessToken,
        scope,
      });
    }),
  ];
}
