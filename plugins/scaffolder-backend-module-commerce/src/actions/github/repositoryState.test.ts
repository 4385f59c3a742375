import {
  createMockDirectory,
  mockServices,
} from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { setupServer } from 'msw/node';
import { createFakeGithub } from './__testUtils__/fakeGithub';
import { createGithubRepositoryStateAction } from './repositoryState';

/** The parts of a blueprint catalog-info.yaml that say whose a repository is. */
function catalogInfo({
  name = 'order-service',
  type = 'service',
  owner = 'group:default/checkout-team',
  kind = 'order',
  blueprintVersion = '1.4.0',
} = {}) {
  return `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: ${name}
  annotations:
    commerce.platform/service-kind: ${kind}
    commerce.platform/blueprint-version: ${blueprintVersion}
spec:
  type: ${type}
  owner: ${owner}
`;
}

const server = setupServer();

describe('commerce:github:repository-state', () => {
  const workspace = createMockDirectory();
  const config = new ConfigReader({
    integrations: { github: [{ host: 'github.com', token: 'test-token' }] },
  });
  const action = createGithubRepositoryStateAction({
    config,
    integrations: ScmIntegrations.fromConfig(config),
  });
  let github: ReturnType<typeof createFakeGithub>;

  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterAll(() => server.close());
  beforeEach(() => {
    workspace.setContent({ 'order-service/catalog-info.yaml': catalogInfo() });
    github = createFakeGithub(server);
  });
  afterEach(() => server.resetHandlers());

  async function run(input: Record<string, unknown> = {}) {
    const ctx = createMockActionContext({
      input: {
        repoUrl: 'github.com?owner=commerce&repo=order-service',
        sourcePath: 'order-service',
        ...input,
      } as never,
      workspacePath: workspace.path,
      logger: mockServices.logger.mock(),
    });
    await action.handler(ctx);
    return Object.fromEntries((ctx.output as jest.Mock).mock.calls);
  }

  it('reports absent when GitHub has no such repository, after one request', async () => {
    expect(await run()).toEqual({
      state: 'absent',
      repoContentsUrl: '',
      defaultBranch: '',
    });
    expect(github.calls()).toEqual(['GET /repos/commerce/order-service']);
    expect(github.requests[0].authorization).toBe('token test-token');
  });

  it('reports same-service for the repository an earlier run published, newer blueprint or not', async () => {
    github.addRepository(
      'commerce/order-service',
      { 'catalog-info.yaml': catalogInfo({ blueprintVersion: '1.3.0' }) },
      'trunk',
    );
    expect(await run()).toEqual({
      state: 'same-service',
      repoContentsUrl: 'https://github.com/commerce/order-service/blob/trunk',
      defaultBranch: 'trunk',
    });
    expect(github.calls()).toEqual([
      'GET /repos/commerce/order-service',
      'GET /repos/commerce/order-service/contents/catalog-info.yaml?ref=trunk',
    ]);
  });

  it.each([
    [
      'another service',
      catalogInfo({ name: 'cart-service', kind: 'cart' }),
      'holds component:default/cart-service (type service, owner group:default/checkout-team, blueprint kind cart), not this service (its Component is cart-service, not order-service; it is a cart service, not a order one)',
    ],
    [
      'another team’s service',
      catalogInfo({ owner: 'payments-team' }),
      'its owner is group:default/payments-team, not group:default/checkout-team',
    ],
    [
      'a website',
      catalogInfo({ type: 'website' }),
      'its spec.type is website, not service',
    ],
  ])('refuses a repository holding %s', async (_what, text, message) => {
    github.addRepository('commerce/order-service', {
      'catalog-info.yaml': text,
    });
    const error = await run().catch(e => e);
    expect(error.name).toBe('ConflictError');
    expect(error.message).toContain(message);
    expect(error.message).toMatch(
      /^Repository commerce\/order-service exists and holds .*Choose another name than order-service for this service, or, if commerce\/order-service is no longer wanted, archive or rename it on GitHub and re-run the template\.$/,
    );
    // Read only: nothing was written.
    expect(github.requests.map(r => r.method)).toEqual(['GET', 'GET']);
  });

  it('refuses a repository without a catalog-info.yaml, and an empty one', async () => {
    github.addRepository('commerce/order-service', { 'README.md': '# hi' });
    await expect(run()).rejects.toThrow(
      'Repository commerce/order-service exists and holds no catalog-info.yaml with a Component, not this service (it has no catalog-info.yaml declaring a Component).',
    );
    github.addEmptyRepository('commerce/order-service');
    await expect(run()).rejects.toThrow(
      'Repository commerce/order-service exists but has no commit (a publish that failed before its first push?)',
    );
  });

  it('needs the generated service in the workspace, before asking GitHub', async () => {
    await expect(run({ sourcePath: 'cart-service' })).rejects.toThrow(
      "The workspace's catalog-info.yaml (in cart-service) declares no Component, so commerce/order-service cannot be checked against it",
    );
    expect(github.requests).toEqual([]);
  });

  it('says what to check when GitHub refuses', async () => {
    github.failWith(403, 'Resource not accessible by integration');
    await expect(run()).rejects.toThrow(
      /GitHub refused to read the repository commerce\/order-service: 403 Resource not accessible by integration.*installed on commerce and may read commerce\/order-service/,
    );
  });
});
