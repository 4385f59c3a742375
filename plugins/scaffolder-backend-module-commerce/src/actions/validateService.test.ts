import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { createValidateServiceAction } from './validateService';

const catalog = catalogServiceMock({
  entities: [
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name: 'checkout-team' },
      spec: { type: 'team', children: [] },
    },
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'System',
      metadata: { name: 'commerce-platform' },
      spec: { owner: 'platform-team' },
    },
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'User',
      metadata: { name: 'li.wei' },
      spec: { memberOf: [] },
    },
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'payment-service' },
      spec: {
        type: 'service',
        owner: 'group:default/payments-team',
        lifecycle: 'production',
      },
    },
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'cart-service' },
      spec: {
        type: 'service',
        owner: 'checkout-team',
        lifecycle: 'production',
      },
    },
  ],
});

const good = {
  name: 'basket-service',
  owner: 'checkout-team',
  monthlyBudgetUsd: 250,
  availability: 99.95,
  latencyP95Ms: 100,
};

describe('commerce:service:validate', () => {
  const action = createValidateServiceAction({ catalog });

  it('accepts a new service owned by a catalog group', async () => {
    const ctx = createMockActionContext({ input: good });
    await action.handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith(
      'ownerRef',
      'group:default/checkout-team',
    );
    expect(ctx.output).toHaveBeenCalledWith('isUpdate', false);
  });

  it('derives dev’s URL from commerce.platform.edgeUrl and the blueprint’s dev route prefix, or none', async () => {
    const devUrl = async (edgeUrl?: string) => {
      const ctx = createMockActionContext({ input: good });
      await createValidateServiceAction({
        catalog,
        config: new ConfigReader(
          edgeUrl ? { commerce: { platform: { edgeUrl } } } : {},
        ),
      }).handler(ctx);
      return (ctx.output as jest.Mock).mock.calls.find(
        ([key]) => key === 'devServiceUrl',
      )?.[1];
    };
    expect(await devUrl('https://fde-commerce-abc.z01.azurefd.net')).toBe(
      'https://fde-commerce-abc.z01.azurefd.net/dev/basket/',
    );
    expect(await devUrl('https://api.commerce.example.com/')).toBe(
      'https://api.commerce.example.com/dev/basket/',
    );
    expect(await devUrl()).toBe('');
    await expect(devUrl('fde-commerce-abc.z01.azurefd.net')).rejects.toThrow(
      'commerce.platform.edgeUrl is "fde-commerce-abc.z01.azurefd.net": set the platform edge\'s public https base URL',
    );
  });

  it('treats a re-run by the same owner as an update', async () => {
    const ctx = createMockActionContext({
      input: { ...good, name: 'cart-service' },
    });
    await action.handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith('isUpdate', true);
  });

  it('rejects an unknown owner, and a user as owner', async () => {
    await expect(
      action.handler(
        createMockActionContext({ input: { ...good, owner: 'ghost-team' } }),
      ),
    ).rejects.toThrow(/Owner "ghost-team" is not a group in the catalog/);
    await expect(
      action.handler(
        createMockActionContext({ input: { ...good, owner: 'user:li.wei' } }),
      ),
    ).rejects.toThrow(/is not a group in the catalog/);
  });

  it('refuses an owner team whose dev namespace would pass Kubernetes’ 63 characters, and accepts 59', async () => {
    const team = (length: number) => `t${'e'.repeat(length - 1)}`;
    const teams = catalogServiceMock({
      entities: [60, 63, 59].map(length => ({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Group',
        metadata: { name: team(length) },
        spec: { type: 'team', children: [] },
      })),
    });
    const withTeams = createValidateServiceAction({ catalog: teams });
    for (const length of [60, 63]) {
      const run = withTeams.handler(
        createMockActionContext({ input: { ...good, owner: team(length) } }),
      );
      await expect(run).rejects.toThrow(
        `its namespace "${team(length)}-dev" would have ${
          length + 4
        } characters, and Kubernetes allows at most 63. The team's name must be at most 59 characters`,
      );
    }
    const ctx = createMockActionContext({
      input: { ...good, owner: team(59) },
    });
    await withTeams.handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith('ownerName', team(59));
  });

  it('accepts the form’s system ref, and rejects a system that is not one in the catalog', async () => {
    await action.handler(
      createMockActionContext({
        input: { ...good, system: 'system:default/commerce-platform' },
      }),
    );
    // A request that skipped the form: a newline would reach the generated catalog-info.yaml.
    await expect(
      action.handler(
        createMockActionContext({
          input: {
            ...good,
            system: 'system:default/commerce-platform\nmalicious: true',
          },
        }),
      ),
    ).rejects.toThrow(
      /System "system:default\/commerce-platform\\nmalicious: true" is not a system name or system reference/,
    );
    await expect(
      action.handler(
        createMockActionContext({
          input: { ...good, system: 'checkout-team' },
        }),
      ),
    ).rejects.toThrow(/"checkout-team" is not a system in the catalog/);
  });

  it('rejects a name another team already uses', async () => {
    await expect(
      action.handler(
        createMockActionContext({
          input: { ...good, name: 'payment-service' },
        }),
      ),
    ).rejects.toThrow(
      /taken by a component owned by group:default\/payments-team/,
    );
  });

  it.each([
    [
      'commerce-platform',
      /the shared platform’s System and its resource group rg-commerce-platform/,
    ],
    ['commerce-platform-aks-nodes', /rg-commerce-platform-aks-nodes/],
    ['commerce-services', /Argo CD app-of-apps/],
    ['commerce-gitops', /GitOps repository/],
    ['commerce-platform-portal', /portal’s repository/],
    ['argocd', /Argo CD’s namespace/],
    ['default', /default namespace/],
    ['platform', /platform’s Argo CD project/],
  ])(
    'refuses the platform’s own name %s, saying whose it is',
    async (name, reason) => {
      // No component of that name exists, so only the reservation can refuse it.
      const error = await action
        .handler(createMockActionContext({ input: { ...good, name } }))
        .catch(e => e);
      expect(error.name).toBe('InputError');
      expect(error.message).toMatch(
        new RegExp(`Name "${name}" is reserved for the platform`),
      );
      expect(error.message).toMatch(reason);
      expect(error.message).toMatch(/Choose another name/);
    },
  );

  it('accepts either rollout strategy, and none or empty (the blueprint then releases as a canary)', async () => {
    for (const rolloutStrategy of ['canary', 'blueGreen', '', undefined]) {
      const ctx = createMockActionContext({
        input: { ...good, rolloutStrategy },
      });
      await action.handler(ctx);
      expect(ctx.output).toHaveBeenCalledWith(
        'ownerRef',
        'group:default/checkout-team',
      );
    }
  });

  it('rejects a rollout strategy the blueprint does not offer, saying which it does', async () => {
    for (const rolloutStrategy of ['bluegreen', 'linear', 'blue-green']) {
      const error = await action
        .handler(
          createMockActionContext({ input: { ...good, rolloutStrategy } }),
        )
        .catch(e => e);
      expect(error.name).toBe('InputError');
      expect(error.message).toBe(
        `This service cannot be created yet:\n- Rollout strategy "${rolloutStrategy}" is not one the blueprint offers: choose canary (traffic moves step by step, analysed at every step) or blueGreen (a preview a person promotes; all traffic switches at once).`,
      );
    }
  });

  it('lists every problem of bad input at once', async () => {
    const error = await action
      .handler(
        createMockActionContext({
          input: {
            ...good,
            name: 'Bad_Name',
            monthlyBudgetUsd: -5,
            availability: 100,
          },
        }),
      )
      .catch(e => e);
    expect(error.name).toBe('InputError');
    expect(error.message).toMatch(/Name "Bad_Name": use lowercase letters/);
    expect(error.message).toMatch(
      /Monthly budget -5 USD: enter a positive amount/,
    );
    expect(error.message).toMatch(/Availability 100 %/);
  });
});

describe('commerce:service:validate, run by a person', () => {
  /** The action as the module installs it, the initiator holding `ownership` in their token. */
  const runAs = (ownership: string[], owner: string) => {
    const action = createValidateServiceAction({
      catalog,
      auth: mockServices.auth({ pluginId: 'scaffolder' }),
      userInfo: mockServices.userInfo({
        userEntityRef: ownership[0],
        ownershipEntityRefs: ownership,
      }),
      config: new ConfigReader({}),
    });
    const ctx = {
      ...createMockActionContext({ input: { ...good, owner } }),
      getInitiatorCredentials: async () => mockCredentials.user(ownership[0]),
    };
    return action.handler(ctx).then(() => ctx);
  };

  it('stops a run for a team the person is not in, naming their own team', async () => {
    const error = await runAs(
      ['user:default/amara.okafor', 'group:default/checkout-team'],
      'catalog-team',
    ).catch(e => e);
    expect(error.name).toBe('NotAllowedError');
    expect(error.message).toBe(
      "You (user:default/amara.okafor) are not a member of group:default/catalog-team: a service template creates services for its runner's own team, so nothing was created. Choose your team as the owner (checkout-team), or ask a member of catalog-team to run the template.",
    );
  });

  it('lets a member create for their team, and the platform team for any team', async () => {
    const member = await runAs(
      ['user:default/amara.okafor', 'group:default/Checkout-Team'],
      'checkout-team',
    );
    expect(member.output).toHaveBeenCalledWith(
      'ownerRef',
      'group:default/checkout-team',
    );
    const platform = await runAs(
      ['user:default/priya.nair', 'group:default/platform-team'],
      'checkout-team',
    );
    expect(platform.output).toHaveBeenCalledWith(
      'ownerRef',
      'group:default/checkout-team',
    );
  });

  it('lets the platform’s automation (a service principal) create for any team', async () => {
    const action = createValidateServiceAction({
      catalog,
      auth: mockServices.auth({ pluginId: 'scaffolder' }),
      userInfo: mockServices.userInfo(),
      config: new ConfigReader({}),
    });
    const ctx = {
      ...createMockActionContext({ input: good }),
      getInitiatorCredentials: async () =>
        mockCredentials.service('external:local-cli'),
    };
    await action.handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith(
      'ownerRef',
      'group:default/checkout-team',
    );
  });
});
