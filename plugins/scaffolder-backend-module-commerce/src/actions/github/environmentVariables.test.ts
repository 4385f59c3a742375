import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { createFakeGithub } from './__testUtils__/fakeGithub';
import { createGithubEnvironmentVariablesAction } from './environmentVariables';

const server = setupServer();
const SLUG = 'commerce/order-service';
const VARIABLES = `/repos/${SLUG}/environments/dev/variables`;

describe('commerce:github:environment-variables', () => {
  const config = new ConfigReader({
    integrations: { github: [{ host: 'github.com', token: 'test-token' }] },
  });
  const action = createGithubEnvironmentVariablesAction({
    config,
    integrations: ScmIntegrations.fromConfig(config),
  });
  let github: ReturnType<typeof createFakeGithub>;

  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterAll(() => server.close());
  beforeEach(() => {
    github = createFakeGithub(server);
    github.addRepository(SLUG, { 'catalog-info.yaml': 'kind: Component\n' });
  });
  afterEach(() => server.resetHandlers());

  async function run(
    input: Record<string, unknown> = {},
    options: { isDryRun?: boolean } = {},
  ) {
    const logger = mockServices.logger.mock();
    const ctx = {
      ...createMockActionContext({
        input: {
          repoUrl: `github.com?owner=commerce&repo=order-service`,
          environment: 'dev',
          variables: {
            AZURE_CLIENT_ID: 'client-1',
            AZURE_RESOURCE_GROUP: 'rg-order-service-dev',
          },
          ...input,
        } as never,
        logger,
      }),
      isDryRun: options.isDryRun ?? false,
    };
    await action.handler(ctx);
    const logged = [
      ...(logger.info as jest.Mock).mock.calls,
      ...(logger.warn as jest.Mock).mock.calls,
    ]
      .map(args => String(args[0]))
      .join('\n');
    return {
      output: Object.fromEntries((ctx.output as jest.Mock).mock.calls),
      logged,
    };
  }

  it('creates the variables of a new environment: one read, then one create, each', async () => {
    github.addEnvironment(SLUG, 'dev');
    const { output } = await run();
    expect(output).toEqual({
      created: ['AZURE_CLIENT_ID', 'AZURE_RESOURCE_GROUP'],
      updated: [],
      unchanged: [],
      leftOut: [],
    });
    expect(github.variables(SLUG, 'dev')).toEqual({
      AZURE_CLIENT_ID: 'client-1',
      AZURE_RESOURCE_GROUP: 'rg-order-service-dev',
    });
    expect(github.calls()).toEqual([
      `GET /repos/${SLUG}/environments/dev`,
      `GET ${VARIABLES}/AZURE_CLIENT_ID`,
      `POST ${VARIABLES}`,
      `GET ${VARIABLES}/AZURE_RESOURCE_GROUP`,
      `POST ${VARIABLES}`,
    ]);
    expect(github.requests[2].body).toEqual({
      name: 'AZURE_CLIENT_ID',
      value: 'client-1',
    });
    expect(github.requests[0].authorization).toBe('token test-token');
  });

  it('on a re-run updates what changed and leaves what holds the value (no POST, so no 409)', async () => {
    github.addEnvironment(SLUG, 'dev', {
      AZURE_CLIENT_ID: 'client-old',
      AZURE_RESOURCE_GROUP: 'rg-order-service-dev',
      KEPT_BY_HAND: 'x',
    });
    const { output } = await run();
    expect(output).toEqual({
      created: [],
      updated: ['AZURE_CLIENT_ID'],
      unchanged: ['AZURE_RESOURCE_GROUP'],
      leftOut: [],
    });
    // A variable the template does not name is not touched.
    expect(github.variables(SLUG, 'dev')).toEqual({
      AZURE_CLIENT_ID: 'client-1',
      AZURE_RESOURCE_GROUP: 'rg-order-service-dev',
      KEPT_BY_HAND: 'x',
    });
    expect(github.calls()).toEqual([
      `GET /repos/${SLUG}/environments/dev`,
      `GET ${VARIABLES}/AZURE_CLIENT_ID`,
      `PATCH ${VARIABLES}/AZURE_CLIENT_ID`,
      `GET ${VARIABLES}/AZURE_RESOURCE_GROUP`,
    ]);
    // The name is in the path: Octokit sends only the value.
    expect(github.requests[2].body).toEqual({ value: 'client-1' });
  });

  it('updates a variable created by someone else between its read and its create (409)', async () => {
    github.addEnvironment(SLUG, 'dev', { AZURE_CLIENT_ID: 'by-hand' });
    // GitHub says absent once, as it would just before another writer's create lands.
    server.use(
      http.get(
        `https://api.github.com${VARIABLES}/AZURE_CLIENT_ID`,
        () => HttpResponse.json({ message: 'Not Found' }, { status: 404 }),
        { once: true },
      ),
    );
    const { output } = await run({
      variables: { AZURE_CLIENT_ID: 'client-1' },
    });
    expect(output.updated).toEqual(['AZURE_CLIENT_ID']);
    expect(github.variables(SLUG, 'dev')).toEqual({
      AZURE_CLIENT_ID: 'client-1',
    });
    expect(github.calls()).toEqual([
      `GET /repos/${SLUG}/environments/dev`,
      `POST ${VARIABLES}`,
      `PATCH ${VARIABLES}/AZURE_CLIENT_ID`,
    ]);
  });

  it('leaves out a variable given no value, neither writing nor deleting it', async () => {
    github.addEnvironment(SLUG, 'dev', { SERVICE_URL: 'https://by-hand/' });
    const { output, logged } = await run({
      variables: { AZURE_CLIENT_ID: 'client-1', SERVICE_URL: '' },
    });
    expect(output).toEqual({
      created: ['AZURE_CLIENT_ID'],
      updated: [],
      unchanged: [],
      leftOut: ['SERVICE_URL'],
    });
    expect(github.variables(SLUG, 'dev')).toEqual({
      AZURE_CLIENT_ID: 'client-1',
      SERVICE_URL: 'https://by-hand/',
    });
    expect(logged).toContain(
      `SERVICE_URL: no value given, left as they are in ${SLUG} environment dev`,
    );
  });

  it('logs the names and never the values', async () => {
    github.addEnvironment(SLUG, 'dev', { AZURE_CLIENT_ID: 'client-old' });
    const { logged } = await run({
      variables: {
        AZURE_CLIENT_ID: 'value-one-1234',
        AZURE_RESOURCE_GROUP: 'value-two-5678',
      },
    });
    expect(logged).toContain(
      `${SLUG} environment dev: created AZURE_RESOURCE_GROUP; updated AZURE_CLIENT_ID`,
    );
    expect(logged).not.toMatch(/value-one|value-two|client-old/);
  });

  it('says to run the environment step first when the environment does not exist', async () => {
    await expect(run()).rejects.toThrow(
      `${SLUG} has no environment dev: run the step that creates it (github:environment:create with name dev) before this one, then re-run the task.`,
    );
    expect(github.calls()).toEqual([`GET /repos/${SLUG}/environments/dev`]);
  });

  it('names the GitHub App permission when GitHub answers 403', async () => {
    github.addEnvironment(SLUG, 'dev');
    github.failWith(403, 'Resource not accessible by integration');
    const error = await run().catch(e => e);
    expect(error.message).toMatch(
      /^GitHub refused to read the environment dev of commerce\/order-service \(commerce\/order-service environment dev\): 403 Resource not accessible by integration\. The GitHub App of integrations\.github \(host github\.com\) needs the repository permission "Environments: read and write"/,
    );
    expect(github.requests.map(r => r.method)).toEqual(['GET']);
  });

  it('refuses a name GitHub would refuse, before calling GitHub', async () => {
    await expect(
      run({ variables: { GITHUB_TOKEN: 'x', '1ST': 'y', OK_NAME: 'z' } }),
    ).rejects.toThrow(
      'variables of environment dev: "GITHUB_TOKEN", "1ST" cannot be a GitHub variable name; use letters, digits and underscores, not starting with a digit or GITHUB_ (e.g. AZURE_CLIENT_ID).',
    );
    expect(github.requests).toEqual([]);
  });

  it('refuses a repoUrl without an owner, before calling GitHub', async () => {
    const error = await run({ repoUrl: 'github.com?repo=order-service' }).catch(
      e => e,
    );
    expect({ name: error.name, message: error.message }).toEqual({
      name: 'InputError',
      message: expect.stringContaining('missing owner'),
    });
    expect(github.requests).toEqual([]);
  });

  it('in a dry run says what it would write and calls no one', async () => {
    const { output, logged } = await run({}, { isDryRun: true });
    expect(output).toEqual({
      created: [],
      updated: [],
      unchanged: [],
      leftOut: [],
    });
    expect(logged).toContain(
      `dry run: would create or update AZURE_CLIENT_ID, AZURE_RESOURCE_GROUP in ${SLUG} environment dev`,
    );
    expect(github.requests).toEqual([]);
  });
});
