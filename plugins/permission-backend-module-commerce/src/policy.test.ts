import type {
  BackstageCredentials,
  BackstageUserPrincipal,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { mockCredentials } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { permissionRules as catalogRules } from '@backstage/plugin-catalog-backend/alpha';
import {
  catalogEntityCreatePermission,
  catalogEntityDeletePermission,
  catalogEntityReadPermission,
  catalogEntityRefreshPermission,
  catalogEntityValidatePermission,
  catalogLocationAnalyzePermission,
  catalogLocationCreatePermission,
  catalogLocationDeletePermission,
  catalogLocationReadPermission,
} from '@backstage/plugin-catalog-common/alpha';
import {
  AuthorizeResult,
  createPermission,
  type Permission,
  type PolicyDecision,
} from '@backstage/plugin-permission-common';
import { createConditionAuthorizer } from '@backstage/plugin-permission-node';
import {
  actionExecutePermission,
  taskCancelPermission,
  taskCreatePermission,
  taskReadPermission,
  templateDryRunPermission,
  templateManagementPermission,
  templateParameterReadPermission,
  templateStepReadPermission,
} from '@backstage/plugin-scaffolder-common/alpha';
import {
  scaffolderActionRules,
  scaffolderTaskRules,
  scaffolderTemplateRules,
} from './__testUtils__/scaffolderRules';
import { platformReviewRefreshPermission } from '@internal/plugin-platform-review-common';
import { readCommercePermissionsConfig } from './config';
import { CommercePermissionPolicy } from './policy';

/** The four people of the acceptance, with the ownership refs sign-in gives them (catalog/org.yaml). */
const people = {
  // Production-like: a member of nothing (locally the guest is in the platform team).
  guest: ['user:default/guest'],
  owner: ['user:default/amara.okafor', 'group:default/checkout-team'],
  nonOwner: ['user:default/tomas.berg', 'group:default/catalog-team'],
  platformEngineer: ['user:default/priya.nair', 'group:default/platform-team'],
};
type Person = keyof typeof people;
const everyone = Object.keys(people) as Person[];

/** A user info service answering from `people`, as the real one answers from the token. */
const userInfo: UserInfoService = {
  async getUserInfo(credentials: BackstageCredentials) {
    const { userEntityRef } = (
      credentials as BackstageCredentials<BackstageUserPrincipal>
    ).principal;
    const entry = Object.values(people).find(refs => refs[0] === userEntityRef);
    if (!entry) {
      throw new Error(`no user info for ${userEntityRef}`);
    }
    return { userEntityRef, ownershipEntityRefs: entry };
  },
};

function policyWith(config: object = {}) {
  return new CommercePermissionPolicy({
    config: readCommercePermissionsConfig(new ConfigReader(config)),
    userInfo,
  });
}

function asUser(person: Person) {
  const [userEntityRef] = people[person];
  return {
    credentials: mockCredentials.user(userEntityRef),
    info: { userEntityRef, ownershipEntityRefs: people[person] },
  };
}

const authorizers = {
  'catalog-entity': createConditionAuthorizer(Object.values(catalogRules)),
  'scaffolder-action': createConditionAuthorizer(scaffolderActionRules),
  'scaffolder-template': createConditionAuthorizer(scaffolderTemplateRules),
  'scaffolder-task': createConditionAuthorizer(scaffolderTaskRules),
};

/** Whether the decision lets the request through for this resource (conditions applied). */
function allows(decision: PolicyDecision, resource?: unknown): boolean {
  if (decision.result !== AuthorizeResult.CONDITIONAL) {
    return decision.result === AuthorizeResult.ALLOW;
  }
  const authorize =
    authorizers[decision.resourceType as keyof typeof authorizers];
  if (!authorize) {
    throw new Error(`no rules for ${decision.resourceType} in this test`);
  }
  return authorize(decision, resource as any);
}

/** Who of the four the policy lets do this. */
async function allowedFor(
  permission: Permission,
  resource?: unknown,
  policy = policyWith(),
): Promise<Person[]> {
  const allowed: Person[] = [];
  for (const person of everyone) {
    const decision = await policy.handle({ permission }, asUser(person));
    if (allows(decision, resource)) {
      allowed.push(person);
    }
  }
  return allowed;
}

const orderService: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'order-service', namespace: 'default' },
  spec: { type: 'service', owner: 'group:default/checkout-team' },
  relations: [{ type: 'ownedBy', targetRef: 'group:default/checkout-team' }],
};

const step = (action: string, input?: Record<string, unknown>) => ({
  action,
  input,
});

describe('CommercePermissionPolicy', () => {
  describe('catalog', () => {
    it.each([
      catalogEntityReadPermission,
      catalogLocationReadPermission,
      catalogEntityValidatePermission,
    ])('lets anyone signed in use $name', async permission => {
      expect(await allowedFor(permission, orderService)).toEqual(everyone);
    });

    it.each([
      catalogLocationCreatePermission,
      catalogLocationAnalyzePermission,
      catalogEntityCreatePermission,
      catalogLocationDeletePermission,
      catalogEntityDeletePermission,
    ])('keeps $name to the platform team', async permission => {
      expect(await allowedFor(permission, orderService)).toEqual([
        'platformEngineer',
      ]);
    });

    it('lets the owning team and the platform team refresh an entity', async () => {
      expect(
        await allowedFor(catalogEntityRefreshPermission, orderService),
      ).toEqual(['owner', 'platformEngineer']);
    });
  });

  describe('scaffolder.action.execute', () => {
    const allowedToRun = (resource: ReturnType<typeof step>) =>
      allowedFor(actionExecutePermission, resource);

    it.each([
      [
        'commerce:azure:resource-group',
        { name: 'rg-order-service', tags: { owner: 'checkout-team' } },
      ],
      [
        'commerce:azure:deploy',
        {
          resourceGroup: 'rg-order-service',
          owner: 'group:default/checkout-team',
        },
      ],
      [
        'commerce:gitops:register',
        { name: 'order-service', owner: 'group:default/checkout-team' },
      ],
    ])(
      '%s for checkout-team (%j): its members and the platform team',
      async (action, input) => {
        expect(await allowedToRun(step(action, input))).toEqual([
          'owner',
          'platformEngineer',
        ]);
      },
    );

    it.each([
      // No owner named, or not as a string: only the platform team.
      ['commerce:azure:deploy', { resourceGroup: 'rg-order-service' }],
      ['commerce:azure:deploy', undefined],
      // Another namespace's checkout-team is another team.
      ['commerce:azure:deploy', { owner: 'group:other/checkout-team' }],
      ['commerce:azure:deploy', { owner: 'checkout-team' }],
      // A template that leaves the owner out hands nothing to Argo CD for a team.
      ['commerce:gitops:register', { name: 'order-service' }],
      // The shared platform's deployment.
      ['commerce:platform:fetch-infra', { targetPath: 'platform-infra' }],
      [
        'commerce:azure:resource-group',
        { name: 'rg-commerce-platform', tags: { owner: 'platform-team' } },
      ],
    ])('%s with %j: the platform team only', async (action, input) => {
      expect(await allowedToRun(step(action, input))).toEqual([
        'platformEngineer',
      ]);
    });

    it('lets anyone run commerce:service:validate: the action checks the owner and names the team to pick', async () => {
      expect(
        await allowedToRun(
          step('commerce:service:validate', {
            owner: 'group:default/checkout-team',
          }),
        ),
      ).toEqual(everyone);
    });

    it('lets the catalog team deploy its own service but not checkout’s', async () => {
      const deploy = (owner: string) =>
        allowedToRun(step('commerce:azure:deploy', { owner }));
      expect(await deploy('group:default/catalog-team')).toEqual([
        'nonOwner',
        'platformEngineer',
      ]);
      expect(await deploy('group:default/payments-team')).toEqual([
        'platformEngineer',
      ]);
    });

    it.each([
      'commerce:platform:targets',
      'run:yeoman',
      'commerce:publish:local',
      'publish:github',
      'commerce:catalog:register-local',
      'catalog:register',
      'debug:log',
    ])('%s: anyone signed in', async action => {
      expect(
        await allowedToRun(step(action, { name: 'order-service' })),
      ).toEqual(everyone);
    });
  });

  describe('templates and tasks', () => {
    const platformStep = {
      action: 'commerce:platform:fetch-infra',
      'backstage:permissions': { tags: ['platform'] },
    };
    const serviceStep = { action: 'commerce:service:validate' };

    it.each([templateParameterReadPermission, templateStepReadPermission])(
      '$name: parts tagged platform for the platform team, the rest for anyone',
      async permission => {
        expect(await allowedFor(permission, platformStep)).toEqual([
          'platformEngineer',
        ]);
        expect(await allowedFor(permission, serviceStep)).toEqual(everyone);
      },
    );

    it('lets anyone signed in start a task', async () => {
      expect(await allowedFor(taskCreatePermission)).toEqual(everyone);
    });

    it.each([taskReadPermission, taskCancelPermission])(
      'gives $name (a task’s parameters and log, or cancelling it) to the person who started it and the platform team',
      async permission => {
        expect(
          await allowedFor(permission, {
            createdBy: 'user:default/amara.okafor',
          }),
        ).toEqual(['owner', 'platformEngineer']);
      },
    );

    it.each([templateDryRunPermission, templateManagementPermission])(
      'keeps $name (template authoring) to the platform team',
      async permission => {
        expect(await allowedFor(permission)).toEqual(['platformEngineer']);
      },
    );
  });

  describe('other permissions', () => {
    it('keeps rebuilding the platform review on demand to the platform team', async () => {
      expect(await allowedFor(platformReviewRefreshPermission)).toEqual([
        'platformEngineer',
      ]);
    });

    it('keeps the Kubernetes proxy, which can write to the cluster, to the platform team', async () => {
      const proxy = createPermission({
        name: 'kubernetes.proxy',
        attributes: {},
      });
      expect(await allowedFor(proxy)).toEqual(['platformEngineer']);
    });

    it('lets anyone read what it does not name, and keeps other changes to the platform team', async () => {
      const read = createPermission({
        name: 'kubernetes.resources.read',
        attributes: { action: 'read' },
      });
      const manage = createPermission({
        name: 'catalog.ingestion.manage',
        attributes: { action: 'update' },
      });
      expect(await allowedFor(read)).toEqual(everyone);
      expect(await allowedFor(manage)).toEqual(['platformEngineer']);
    });

    it('denies everything to a request without a user', async () => {
      const decision = await policyWith().handle({
        permission: catalogEntityReadPermission,
      });
      expect(decision).toEqual({ result: AuthorizeResult.DENY });
    });
  });

  it('takes the platform team from commerce.permissions.platformTeam', async () => {
    const policy = policyWith({
      commerce: { permissions: { platformTeam: 'checkout-team' } },
    });
    expect(
      await allowedFor(catalogLocationCreatePermission, undefined, policy),
    ).toEqual(['owner']);
    expect(
      await allowedFor(
        actionExecutePermission,
        step('commerce:platform:fetch-infra'),
        policy,
      ),
    ).toEqual(['owner']);
  });
});
