import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import type { HttpClient, PipelineRequest } from '@azure/core-rest-pipeline';
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

    // First a read of the group (who owns it), then the PUT.
    expect(arm.requests.map(r => r.method)).toEqual(['GET', 'PUT']);
    const [, put] = arm.requests;
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

    const puts = arm.requests.filter(r => r.method === 'PUT');
    expect(puts.map(r => `${r.method} ${r.path}`)).toEqual([
      `PUT /subscriptions/${subscriptionId}/resourcegroups/rg-order-service`,
      `PUT /subscriptions/${subscriptionId}/resourcegroups/rg-order-service`,
    ]);
    expect(puts[1].body).toEqual(puts[0].body);
    expect(puts[0].body.location).toBe('northeurope');
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

  it('only reads the group on a dry run and logs what it would create', async () => {
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

    expect(arm.requests.map(r => r.method)).toEqual(['GET']);
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
    expect(arm.requests[1].path).toBe(
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
    const arm = createFakeArm(request => ({
      status: request.method === 'GET' ? 404 : 409,
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

  describe('an ARM that does not answer', () => {
    const slowConfig = new ConfigReader({
      commerce: { azure: { subscriptionId, requestTimeoutSeconds: 0.05 } },
    });
    const timeoutMessage = (method: string) =>
      `Azure Resource Manager did not answer within 0.05 s (${method} /subscriptions/${subscriptionId}/resourcegroups/rg-order-service). Try again later, or raise commerce.azure.requestTimeoutSeconds if Azure Resource Manager is only slow.`;

    it('fails the step with an error naming ARM, the wait and the key when the PUT never answers, and sends it again on a re-run', async () => {
      const arm = resourceGroupArm();
      let hang = true;
      const hung: PipelineRequest[] = [];
      // The SDK's transport: reads answer, the first PUT never settles, whatever its signal says.
      const httpClient: HttpClient = {
        sendRequest(request) {
          if (request.method === 'PUT' && hang) {
            hung.push(request);
            return new Promise(() => {});
          }
          if (request.method === 'GET') {
            return createFakeArm(() => ({
              status: 404,
              body: { error: { code: 'ResourceGroupNotFound' } },
            })).httpClient.sendRequest(request);
          }
          return arm.httpClient.sendRequest(request);
        },
      };
      const action = createAzureResourceGroupAction({
        config: slowConfig,
        clients: { credential: fakeCredential, httpClient },
      });

      const started = Date.now();
      await expect(
        action.handler(createMockActionContext({ input })),
      ).rejects.toThrow(
        `Creating resource group rg-order-service in subscription ${subscriptionId} failed: ${timeoutMessage(
          'PUT',
        )}`,
      );
      expect(Date.now() - started).toBeLessThan(3_000);
      // The transport was handed the deadline's signal, and it fired.
      expect(hung).toHaveLength(1);
      expect(hung[0].abortSignal?.aborted).toBe(true);

      hang = false;
      const ctx = createMockActionContext({ input });
      await action.handler(ctx);
      expect(ctx.output).toHaveBeenCalledWith('skipped', false);
      expect(arm.requests.map(r => r.method)).toEqual(['PUT']);
    });

    it('fails the same way when signing in to Azure hangs', async () => {
      const arm = resourceGroupArm();
      const action = createAzureResourceGroupAction({
        config: slowConfig,
        clients: {
          credential: { getToken: () => new Promise(() => {}) },
          httpClient: arm.httpClient,
        },
      });
      await expect(
        action.handler(createMockActionContext({ input })),
      ).rejects.toThrow(timeoutMessage('GET'));
      expect(arm.requests).toEqual([]);
    });

    it('refuses a timeout that is not positive', () => {
      expect(() =>
        createAzureResourceGroupAction({
          config: new ConfigReader({
            commerce: { azure: { subscriptionId, requestTimeoutSeconds: -1 } },
          }),
        }),
      ).toThrow(
        'commerce.azure.requestTimeoutSeconds is -1; set a positive number of seconds (default 60)',
      );
    });
  });

  describe('the target group’s owner tag decides, not the owner in the form', () => {
    /** ARM with `rg-order-service` (and `rg-commerce-platform`) already there, tagged. */
    function existingGroupsArm(owners: Record<string, string>) {
      return createFakeArm(request => {
        const match = /^\/subscriptions\/[^/]+\/resourcegroups\/([^/]+)$/.exec(
          request.path,
        );
        if (!match) return undefined;
        const owner = owners[match[1]];
        if (request.method === 'GET' && owner) {
          return {
            status: 200,
            body: {
              id: `/subscriptions/${subscriptionId}/resourceGroups/${match[1]}`,
              name: match[1],
              location: 'westeurope',
              // Azure keeps the tag name as written; compare without case.
              tags: { Owner: owner, service: 'x' },
              properties: { provisioningState: 'Succeeded' },
            },
          };
        }
        if (request.method === 'PUT') {
          return { status: 200, body: { id: request.path, ...request.body } };
        }
        return undefined;
      });
    }

    it('refuses to re-tag a group another team owns, names that team, and PUTs nothing', async () => {
      const arm = existingGroupsArm({ 'rg-order-service': 'payments-team' });
      const action = createAzureResourceGroupAction({
        config,
        clients: { credential: fakeCredential, httpClient: arm.httpClient },
      });

      const error = await action
        .handler(createMockActionContext({ input }))
        .catch(e => e);

      expect(error.name).toBe('NotAllowedError');
      expect(error.message).toMatch(
        /Resource group rg-order-service belongs to payments-team \(its owner tag\), not checkout-team/,
      );
      expect(error.message).toMatch(/Choose another service name/);
      expect(arm.requests.map(r => r.method)).toEqual(['GET']);
    });

    it('refuses it in a dry run too, so the dry run says what the run would do', async () => {
      const arm = existingGroupsArm({ 'rg-order-service': 'payments-team' });
      const action = createAzureResourceGroupAction({
        config,
        clients: { credential: fakeCredential, httpClient: arm.httpClient },
      });
      await expect(
        action.handler({
          ...createMockActionContext({ input }),
          isDryRun: true,
        }),
      ).rejects.toThrow(/belongs to payments-team/);
    });

    it('refuses the platform’s own group for a team, whatever the form says', async () => {
      const arm = existingGroupsArm({
        'rg-commerce-platform': 'platform-team',
      });
      const action = createAzureResourceGroupAction({
        config,
        clients: { credential: fakeCredential, httpClient: arm.httpClient },
      });

      const error = await action
        .handler(
          createMockActionContext({
            input: { ...input, name: 'rg-commerce-platform' },
          }),
        )
        .catch(e => e);

      expect(error.name).toBe('NotAllowedError');
      expect(error.message).toMatch(
        /rg-commerce-platform is reserved for the platform .*only platform-team may/,
      );
      expect(arm.requests.some(r => r.method === 'PUT')).toBe(false);
    });

    it('updates a group its own team owns, and lets the platform team run the platform’s', async () => {
      const arm = existingGroupsArm({
        'rg-order-service': 'checkout-team',
        'rg-commerce-platform': 'platform-team',
      });
      const action = createAzureResourceGroupAction({
        config,
        clients: { credential: fakeCredential, httpClient: arm.httpClient },
      });

      await action.handler(createMockActionContext({ input }));
      await action.handler(
        createMockActionContext({
          input: {
            ...input,
            name: 'rg-commerce-platform',
            tags: { ...input.tags, owner: 'platform-team' },
          },
        }),
      );

      expect(
        arm.requests.filter(r => r.method === 'PUT').map(r => r.path),
      ).toEqual([
        `/subscriptions/${subscriptionId}/resourcegroups/rg-order-service`,
        `/subscriptions/${subscriptionId}/resourcegroups/rg-commerce-platform`,
      ]);
    });
  });
});
