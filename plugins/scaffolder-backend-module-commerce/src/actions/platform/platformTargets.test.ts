import { ConfigReader } from '@backstage/config';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { createPlatformTargetsAction } from './platformTargets';

async function targets(config: object) {
  const ctx = createMockActionContext({ input: {} });
  await createPlatformTargetsAction({
    config: new ConfigReader(config),
  }).handler(ctx);
  const logged = (ctx.logger.info as unknown as jest.Mock | undefined)?.mock
    ?.calls;
  return {
    out: Object.fromEntries(
      (ctx.output as jest.Mock).mock.calls as Array<[string, unknown]>,
    ),
    logged,
  };
}

describe('commerce:platform:targets', () => {
  it('publishes locally and skips Azure and GitOps when nothing is configured', async () => {
    const { out } = await targets({});
    expect(out).toEqual({
      publishTarget: 'local',
      githubOwner: '',
      githubHost: 'github.com',
      azureConfigured: false,
      gitopsConfigured: false,
    });
  });

  it('publishes to GitHub and deploys when production config says so', async () => {
    const { out } = await targets({
      commerce: {
        publish: { target: 'github', github: { owner: 'commerce' } },
        azure: { subscriptionId: '00000000-0000-0000-0000-000000000000' },
        gitops: {
          github: { repoUrl: 'https://github.com/commerce/commerce-gitops' },
        },
      },
    });
    expect(out).toMatchObject({
      publishTarget: 'github',
      githubOwner: 'commerce',
      azureConfigured: true,
      gitopsConfigured: true,
    });
  });

  it('falls back to local publishing when GitHub has no owner', async () => {
    const { out } = await targets({
      commerce: { publish: { target: 'github' } },
    });
    expect(out.publishTarget).toBe('local');
  });
});
