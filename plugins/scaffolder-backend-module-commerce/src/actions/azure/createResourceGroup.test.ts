import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { createFakeArm, fakeCredential } from './__testUtils__/fakeArm';
import { createAzureResourceGroupAction } from './createResourceGroup';

const subscriptionId = '00000000-1111-2222-3333-444444444444';
const config = new ConfigReader({
  commerce: { azure: { subscriptionId, defaultLocation: 'northeurope' } },
});

const input = {
  name: 'rg-order-service',
  location: 'westeurope',
  tags: {
    owner: 'checkout-team',
    service: 'order-service',
    'cost-center': 'cc-4711',
    environment: 'dev',
  },
};

/** ARM's resource group PUT: echoes the group as created. */
function resourceGroupArm() {
  return createFakeArm(request => {
    const match = /^\/subscriptions\/([^/]+)\/resourcegroups\/([^/]+)$/.exec(
      request.path,
    );
    if (request.method === 'PUT' && match) {
      const [, sub, name] = match;
      return {
        status: 201,
        body: {
          id: `/subscriptions/${sub}/resourceGroups/${name}`,
          name,
          type: 'Microsoft.Resources/resourceGroups',
          location: request.body.location,
          tags: request.body.tags,
          properties: { provisioningState: 'Succeeded' },
        },
      };
    }
    return undefined;
  });
}

describe('commerce:azure:resource-group', () => {
  it('creates the group with one PUT carrying location and the four tags', async () => {
    const arm = resourceGroupArm();
    const action = createAzureResourceGroupAction({
      config,
      clients: { credential: fakeCredential, httpClient: arm.httpClient },
    });
    const ctx = createMockActionContext({ input });

    await action.handler(ctx);

    expect(arm.requests).toHaveLength(1);
    const [put] = arm.requests;
    expect(put.method).toBe('PUT');
    expect(put.url).toMatch(
      new RegExp(
        `^https://management\\.azure\\.com/subscriptions/${subscriptionId}/resourcegroups/rg-order-service\\?api-version=\\d{4}-\\d{2}-\\d{2}$`,
      ),
    );
    expect(put.authorization).toBe('Bearer fake-arm-token');
    expect(put.body).toEqual({
      location: 'westeurope',
      tags: {
        owner: 'checkout-team',
        service: 'order-service',
        'cost-center': 'cc-4711',
        environment: 'dev',
      },
    });
    expect(ctx.output).toHaveBeenCalledWith(
      'resourceGroupId',
      `/subscriptions/${subscriptionId}/resourceGroups/rg-order-service`,
    );
    expect(ctx.output).toHaveBeenCalledWith('provisioningState', 'Succeeded');
    expect(ctx.output).toHaveBeenCalledWith('skipped', false);
  });

  it('re-runs as the same PUT (idempotent) and defaults the region from config', async () => {
    const arm = resourceGroupArm();
    const action = createAzureResourceGroupAction({
      config,
      clients: { credential: fakeCredential, httpClient: arm.httpClient },
    });
    const withoutLocation = { ...input, location: undefined };

    await action.handler(createMockActionContext({ input: withoutLocation }));
    await action.handler(createMockActionContext({ input: withoutLocation }));

    expect(arm.requests.map(r => `${r.method} ${r.path}`)).toEqual([
      `PUT /subscriptions/${subscriptionId}/resourcegroups/rg-order-service`,
      `PUT /subscriptions/${subscriptionId}/resourcegroups/rg-order-service`,
    ]);
    expect(arm.requests[1].body).toEqual(arm.requests[0].body);
    expect(arm.requests[0].body.location).toBe('northeurope');
  });

  it('says "not configured" and skips without any request when commerce.azure is missing', async () => {
    const arm = resourceGroupArm();
    const action = createAzureResourceGroupAction({
      config: new ConfigReader({}),
      clients: { credential: fakeCredential, httpClient: arm.httpClient },
    });
    const logger = mockServices.logger.mock();
    const ctx = createMockActionContext({ input, logger });

    await action.handler(ctx);

    expect(arm.requests).toEqual([]);
    expect(logger.info).toHaveBeenCalledWith(
      'not configured: set commerce.azure.subscriptionId (and sign the backend in to Azure: workload identity in AKS, az login locally) to create resource group rg-order-service',
    );
    expect(ctx.output).toHaveBeenCalledWith('skipped', true);
    expect(ctx.output).toHaveBeenCalledWith(
      'skipReason',
      expect.stringMatching(/^not configured/),
    );
  });

  it('makes no request on a dry run and logs what it would create', async () => {
    const arm = resourceGroupArm();
    const action = createAzureResourceGroupAction({
      config,
      clients: { credential: fakeCredential, httpClient: arm.httpClient },
    });
    const logger = mockServices.logger.mock();
    const ctx = {
      ...createMockActionContext({ input, logger }),
      isDryRun: true,
    };

    await action.handler(ctx);

    expect(arm.requests).toEqual([]);
    expect(logger.info).toHaveBeenCalledWith(
      expect.stringContaining(
        'dry run: would create or update resource group rg-order-service in westeurope',
      ),
    );
    expect(ctx.output).toHaveBeenCalledWith('skipped', true);
  });

  it.each([
    'rg order service',
    'rg-order-service.',
    'rg/order',
    'x'.repeat(91),
  ])('rejects the name %j with the rule, before calling Azure', async name => {
    const arm = resourceGroupArm();
    const action = createAzureResourceGroupAction({
      config,
      clients: { credential: fakeCredential, httpClient: arm.httpClient },
    });

    const error = await action
      .handler(createMockActionContext({ input: { ...input, name } }))
      .catch(e => e);

    expect(error.name).toBe('InputError');
    expect(error.message).toContain(
      'use 1–90 letters, digits, underscores (_), hyphens (-), periods (.) or parentheses, and do not end with a period',
    );
    expect(arm.requests).toEqual([]);
  });

  it('accepts the other characters Azure allows', async () => {
    const arm = resourceGroupArm();
    const action = createAzureResourceGroupAction({
      config,
      clients: { credential: fakeCredential, httpClient: arm.httpClient },
    });
    await action.handler(
      createMockActionContext({
        input: { ...input, name: 'RG_order.service(dev)-1' },
      }),
    );
    expect(arm.requests[0].path).toBe(
      `/subscriptions/${subscriptionId}/resourcegroups/RG_order.service(dev)-1`,
    );
  });

  it('rejects an empty tag', async () => {
    const action = createAzureResourceGroupAction({ config });
    await expect(
      action.handler(
        createMockActionContext({
          input: { ...input, tags: { ...input.tags, 'cost-center': ' ' } },
        }),
      ),
    ).rejects.toThrow(/give a non-empty value for cost-center/);
  });

  it('reports ARM’s error code and message when Azure refuses', async () => {
    const arm = createFakeArm(() => ({
      status: 409,
      body: {
        error: {
          code: 'InvalidResourceGroupLocation',
          message:
            "Invalid resource group location 'westeurope'. The Resource group already exists in location 'northeurope'.",
        },
      },
    }));
    const action = createAzureResourceGroupAction({
      config,
      clients: { credential: fakeCredential, httpClient: arm.httpClient },
    });

    await expect(
      action.handler(createMockActionContext({ input })),
    ).rejects.toThrow(
      /Creating resource group rg-order-service .* failed: InvalidResourceGroupLocation: Invalid resource group location 'westeurope'/,
    );
  });
});
