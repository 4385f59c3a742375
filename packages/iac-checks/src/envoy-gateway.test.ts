import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  envoyGatewayProblems,
  routePolicyCoverageProblems,
} from './envoy-gateway.ts';
import { schemaProblems, type KubernetesObject } from './kubernetes.ts';

const route = {
  group: 'gateway.networking.k8s.io',
  kind: 'HTTPRoute',
  name: 'api',
};

const securityPolicy = {
  apiVersion: 'gateway.envoyproxy.io/v1alpha1',
  kind: 'SecurityPolicy',
  metadata: { name: 'api-admin' },
  spec: {
    targetRefs: [{ ...route, sectionName: 'roles-admin' }],
    jwt: {
      providers: [
        {
          name: 'entra',
          issuer: 'https://login.microsoftonline.com/tenant/v2.0',
          audiences: ['api://api'],
          remoteJWKS: {
            uri: 'https://login.microsoftonline.com/tenant/discovery/v2.0/keys',
          },
          claimToHeaders: [{ header: 'x-sub', claim: 'sub' }],
        },
      ],
    },
    authorization: {
      defaultAction: 'Deny',
      rules: [
        {
          action: 'Allow',
          principal: {
            jwt: {
              provider: 'entra',
              claims: [
                { name: 'roles', valueType: 'StringArray', values: ['Admin'] },
              ],
            },
          },
        },
      ],
    },
  },
};

const backendTrafficPolicy = {
  apiVersion: 'gateway.envoyproxy.io/v1alpha1',
  kind: 'BackendTrafficPolicy',
  metadata: { name: 'api' },
  spec: {
    targetRefs: [route],
    rateLimit: {
      local: {
        rules: [
          {
            clientSelectors: [
              { sourceCIDR: { type: 'Distinct', value: '0.0.0.0/0' } },
            ],
            limit: { requests: 10, unit: 'Second' },
          },
          {
            clientSelectors: [
              { headers: [{ name: 'x-sub', type: 'Distinct' }] },
            ],
            limit: { requests: 5, unit: 'Second' },
          },
        ],
      },
    },
  },
};

const clone = <T>(o: T): any => structuredClone(o);

describe("the project's Envoy Gateway schemas", () => {
  it('accept valid policies through schemaProblems (no "no schema" for these kinds)', async () => {
    assert.deepEqual(
      await schemaProblems([
        { file: 'sp.yaml', object: securityPolicy as KubernetesObject },
        { file: 'btp.yaml', object: backendTrafficPolicy as KubernetesObject },
      ]),
      [],
    );
  });

  it('reject a misspelt field (an unknown key), naming where it is', () => {
    const typo = clone(securityPolicy);
    typo.spec.jwt.providers[0].isuer = typo.spec.jwt.providers[0].issuer;
    delete typo.spec.jwt.providers[0].issuer;
    const [problem, ...rest] = envoyGatewayProblems(typo)!;
    assert.equal(rest.length, 0);
    assert.match(problem!, /^spec\.jwt\.providers\.0: .*"isuer"/);
  });

  it('reject wrong types and values outside an enum', () => {
    const wrong = clone(backendTrafficPolicy);
    wrong.spec.rateLimit.local.rules[0].limit.requests = 'ten';
    wrong.spec.rateLimit.local.rules[1].limit.unit = 'Minutes';
    const problems = envoyGatewayProblems(wrong)!;
    assert.equal(problems.length, 2, problems.join('\n'));
    assert.match(
      problems[0]!,
      /^spec\.rateLimit\.local\.rules\.0\.limit\.requests: .*number/,
    );
    assert.match(
      problems[1]!,
      /^spec\.rateLimit\.local\.rules\.1\.limit\.unit: /,
    );
  });

  it('reject what the controller would: a value on a Distinct match, a JWKS over http, an unknown provider, a global rate limit', () => {
    const distinct = clone(backendTrafficPolicy);
    distinct.spec.rateLimit.local.rules[1].clientSelectors[0].headers[0].value =
      'x';
    assert.match(
      envoyGatewayProblems(distinct)!.join(),
      /Distinct header match takes neither value/,
    );

    const http = clone(securityPolicy);
    http.spec.jwt.providers[0].remoteJWKS.uri = 'http://login.example.com/keys';
    assert.match(envoyGatewayProblems(http)!.join(), /remoteJWKS\.uri/);

    const provider = clone(securityPolicy);
    provider.spec.authorization.rules[0].principal.jwt.provider = 'entra-id';
    assert.match(
      envoyGatewayProblems(provider)!.join(),
      /provider: names JWT provider "entra-id", which spec\.jwt\.providers does not define/,
    );

    const global = clone(backendTrafficPolicy);
    global.spec.rateLimit.global = global.spec.rateLimit.local;
    assert.match(
      envoyGatewayProblems(global)!.join(),
      /spec\.rateLimit: .*"global"/,
    );
  });

  it('report the object and file through schemaProblems', async () => {
    const wrong = clone(securityPolicy);
    wrong.spec.targetRefs[0].kind = 'Service';
    const [problem] = await schemaProblems([
      { file: 'sp.yaml', object: wrong },
    ]);
    assert.match(
      problem!,
      /^sp\.yaml: SecurityPolicy\/api-admin: spec\.targetRefs\.0\.kind: /,
    );
  });
});

describe('route policy coverage', () => {
  const httpRoute = (name: string, rules: Array<{ name?: string }>) => ({
    file: `${name}.yaml`,
    object: {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: { name },
      spec: { rules },
    } as KubernetesObject,
  });
  const policy = (targets: object[], namespace?: string) => ({
    file: 'policy.yaml',
    object: {
      apiVersion: 'gateway.envoyproxy.io/v1alpha1',
      kind: 'SecurityPolicy',
      metadata: { name: 'p', ...(namespace ? { namespace } : {}) },
      spec: { targetRefs: targets },
    } as KubernetesObject,
  });

  it('accepts a route targeted whole, or rule by rule', () => {
    assert.deepEqual(
      routePolicyCoverageProblems(
        [
          httpRoute('a', [{}]),
          policy([{ ...route, name: 'a' }]),
          httpRoute('b', [{ name: 'x' }, { name: 'y' }]),
          policy([
            { ...route, name: 'b', sectionName: 'x' },
            { ...route, name: 'b', sectionName: 'y' },
          ]),
        ],
        'SecurityPolicy',
      ),
      [],
    );
  });

  it('reports a route no policy names, one only partly covered, one covered from another namespace, and a rule name that does not exist', () => {
    const problems = routePolicyCoverageProblems(
      [
        httpRoute('a', [{}]),
        httpRoute('b', [{ name: 'x' }, { name: 'y' }]),
        policy([{ ...route, name: 'b', sectionName: 'x' }]),
        httpRoute('c', [{}]),
        policy([{ ...route, name: 'c' }], 'elsewhere'),
        httpRoute('d', [{ name: 'x' }]),
        policy([
          { ...route, name: 'd' },
          { ...route, name: 'd', sectionName: 'z' },
        ]),
      ],
      'SecurityPolicy',
    );
    assert.equal(problems.length, 4, problems.join('\n'));
    assert.match(
      problems[0]!,
      /^HTTPRoute \/a \(a\.yaml\) is not covered by a SecurityPolicy: add one whose targetRefs name it/,
    );
    assert.match(problems[1]!, /^HTTPRoute \/b \(b\.yaml\) is not covered/);
    assert.match(problems[2]!, /^HTTPRoute \/c \(c\.yaml\) is not covered/);
    assert.match(
      problems[3]!,
      /^SecurityPolicy for HTTPRoute \/d targets rule "z", which the route does not have \(rules: x\)$/,
    );
  });
});
