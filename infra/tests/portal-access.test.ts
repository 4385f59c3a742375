import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { filesUnder, read } from './support.ts';

// Issue #16 item 6: the portal's Azure role is scoped to what it creates — resource groups (with
// the platform's tags), deployments into them and the blueprint's resource types — and the roles
// it may hand out are one list, which covers what the service blueprint's Bicep assigns.

const access = read('infra/subscription/portal-access.bicep');
const assignable: { roles: { name: string; id: string }[] } = JSON.parse(
  read('infra/subscription/portal-assignable-roles.json'),
);
const assignableIds = assignable.roles.map(r => r.id);

const builtIn = {
  owner: '8e3af657-a8ff-443c-a75c-2fe8c4bcb635',
  contributor: 'b24988ac-6180-42a0-ab88-20f7382dd24c',
  userAccessAdministrator: '18d7d88d-d35e-4fb5-a5c3-7773c20a72d9',
  rbacAdministrator: 'f58310d9-a9f6-439a-9e8d-f62e7b41a168',
};

/** The body of `resource <name> '...' = { ... }`, to the closing brace at column 0. */
function resourceBody(text: string, name: string): string {
  const match = new RegExp(
    `^resource ${name} '[^']+' = \\{\\n([\\s\\S]*?)^\\}`,
    'm',
  ).exec(text);
  assert.ok(match, `resource ${name} is not declared`);
  return match[1]!;
}

/** The resource type each Azure Verified Module the blueprint uses deploys. */
const avmResourceTypes: Record<string, string> = {
  'cache/redis': 'Microsoft.Cache/redis',
  'db-for-postgre-sql/flexible-server':
    'Microsoft.DBforPostgreSQL/flexibleServers',
  'document-db/database-account': 'Microsoft.DocumentDB/databaseAccounts',
  'managed-identity/user-assigned-identity':
    'Microsoft.ManagedIdentity/userAssignedIdentities',
};

const GUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

describe("the portal identity's Azure role", () => {
  it('is a custom role at subscription scope, assigned to the portal, not a built-in broad role', () => {
    assert.match(access, /^targetScope = 'subscription'$/m);
    const assignment = resourceBody(access, 'portalProvisioner');
    assert.match(assignment, /roleDefinitionId: provisionerRole\.id/);
    assert.match(assignment, /principalId: portalPrincipalId/);
    const role = resourceBody(access, 'provisionerRole');
    assert.match(role, /type: 'CustomRole'/);
    assert.match(role, /assignableScopes: \[\s*subscription\(\)\.id\s*\]/);
    // No Owner, Contributor, User Access Administrator or RBAC Administrator given to the portal
    // anywhere in the platform's Bicep (Contributor only appears in the list it may hand out).
    for (const file of filesUnder('infra', /\.bicep$/).filter(f =>
      /portal-(access|identity)\.bicep$/.test(f),
    )) {
      const ids: string[] = read(file).match(GUID) ?? [];
      for (const [name, id] of Object.entries(builtIn)) {
        assert.ok(!ids.includes(id), `${file} assigns ${name}`);
      }
    }
  });

  it('allows resource groups, deployments and the blueprint resource types, nothing broader', () => {
    const role = resourceBody(access, 'provisionerRole');
    const actions = [...role.matchAll(/^ {10}'([^']+)'$/gm)].map(m => m[1]!);
    assert.ok(
      actions.includes(
        'Microsoft.Resources/subscriptions/resourceGroups/write',
      ),
    );
    assert.ok(actions.includes('Microsoft.Resources/deployments/*'));
    for (const action of actions) {
      assert.doesNotMatch(action, /^\*/, 'no action on every provider');
      assert.doesNotMatch(
        action,
        /^Microsoft\.Authorization\/(\*|roleDefinitions|policy|locks|elevateAccess)/i,
        `${action}: the portal must not change roles, policies or locks`,
      );
      assert.doesNotMatch(
        action,
        /^Microsoft\.(Compute|ContainerService|Network\/virtualNetworks\/write|Network\/virtualNetworks\/\*)/,
        `${action}: the platform's compute and network are not the portal's`,
      );
    }
    assert.match(role, /notActions: \[\]/);
    // Every resource type the service blueprint's Bicep declares is covered by an action.
    const types = new Set<string>();
    for (const file of filesUnder(
      'packages/generator-commerce-service/templates',
      /\.bicep\.ejs$/,
    )) {
      for (const m of read(file).matchAll(
        /^resource \S+ '(Microsoft\.[^@']+)@/gm,
      )) {
        if (
          !/ existing = /.test(
            m.input!.slice(m.index!, m.input!.indexOf('\n', m.index!)),
          )
        ) {
          types.add(m[1]!);
        }
      }
      for (const [, avm] of read(file).matchAll(
        /'br\/public:avm\/res\/([a-z-]+\/[a-z-]+):/g,
      )) {
        assert.ok(
          avm! in avmResourceTypes,
          `${file} uses br/public:avm/res/${avm}: add its resource type to avmResourceTypes`,
        );
        types.add(avmResourceTypes[avm!]!);
      }
    }
    assert.ok(types.size >= 5, [...types].join(', '));
    const covered = (type: string) =>
      type.startsWith('Microsoft.Graph/') || // Microsoft Graph, granted in portal-identity.bicep
      actions.some(action => {
        const prefix = action.replace(/\/\*$/, '');
        return (
          type === prefix ||
          type.startsWith(`${prefix}/`) ||
          action === `${type}/write`
        );
      });
    assert.deepEqual(
      [...types].filter(type => !covered(type)),
      [],
    );
  });

  it('may assign only the listed roles, to service principals other than itself', () => {
    const condition = /^var roleAssignmentCondition = '(.*)'$/m.exec(
      access,
    )?.[1];
    assert.ok(condition);
    assert.match(
      access,
      /loadJsonContent\('portal-assignable-roles\.json'\)\.roles/,
    );
    assert.match(
      condition,
      /@Request\[Microsoft\.Authorization\/roleAssignments:RoleDefinitionId\] ForAnyOfAnyValues:GuidEquals \{\$\{assignableRoleList\}\}/,
    );
    assert.match(
      condition,
      /roleAssignments:PrincipalType\] ForAnyOfAnyValues:StringEqualsIgnoreCase \{\\'ServicePrincipal\\'\}/,
    );
    assert.match(
      condition,
      /roleAssignments:PrincipalId\] ForAnyOfAllValues:GuidNotEquals \{\$\{portalPrincipalId\}\}/,
    );
    assert.match(
      condition,
      /@Resource\[Microsoft\.Authorization\/roleAssignments:RoleDefinitionId\] ForAnyOfAnyValues:GuidEquals \{\$\{assignableRoleList\}\}/,
    );
    const assignment = resourceBody(access, 'portalProvisioner');
    assert.match(assignment, /condition: roleAssignmentCondition/);
    assert.match(assignment, /conditionVersion: '2\.0'/);
    // Nothing broader than a service needs: no owner or access-administrator role in the list.
    for (const id of [
      builtIn.owner,
      builtIn.userAccessAdministrator,
      builtIn.rbacAdministrator,
    ]) {
      assert.ok(!assignableIds.includes(id));
    }
  });

  it("lists every role the service blueprint's Bicep assigns", () => {
    const assigned = new Set<string>();
    for (const file of filesUnder(
      'packages/generator-commerce-service/templates',
      /\.bicep\.ejs$/,
    )) {
      const text = read(file);
      // Azure RBAC role ids: after 'Microsoft.Authorization/roleDefinitions', or as the
      // roleDefinitionId of a role-assignment module. Cosmos DB's data-plane roles
      // (sqlRoleAssignments, ids 00000000-0000-0000-0000-00000000000x) are not Azure RBAC.
      for (const m of text.matchAll(
        /'Microsoft\.Authorization\/roleDefinitions',\s*'([0-9a-f-]{36})'|roleDefinitionId: '([0-9a-f-]{36})'/g,
      )) {
        const id = (m[1] ?? m[2])!;
        if (!/^0{8}-0{4}-0{4}-0{4}-0{11}\d$/.test(id)) assigned.add(id);
      }
    }
    assert.ok(assigned.size >= 1);
    assert.deepEqual(
      [...assigned].filter(id => !assignableIds.includes(id)),
      [],
    );
    // And nothing more: a listed role the blueprint no longer assigns is a grant nobody needs.
    assert.deepEqual(
      assignableIds.filter(id => !assigned.has(id)),
      [],
    );
  });

  it("defines the one custom role it assigns (what-if), under the id the blueprint's delivery.bicep names", () => {
    const role = resourceBody(access, 'whatIfRole');
    assert.match(
      role,
      /name: guid\(subscription\(\)\.id, 'commerce-deployment-what-if'\)/,
    );
    assert.match(
      role,
      /actions: \[\s*'Microsoft\.Resources\/deployments\/whatIf\/action'\s*'Microsoft\.Resources\/deployments\/validate\/action'\s*\]/,
    );
    assert.match(
      access,
      /var assignableRoleIds = concat\(.*\[whatIfRole\.name, privateEndpointJoinRole\.name\]\)/,
    );
    assert.match(
      read(
        'packages/generator-commerce-service/templates/common/infra/delivery.bicep.ejs',
      ),
      /guid\(subscription\(\)\.id, 'commerce-deployment-what-if'\)/,
    );
  });

  it("defines the private-endpoint join role the blueprint's delivery.bicep assigns, with the two join actions only", () => {
    const role = resourceBody(access, 'privateEndpointJoinRole');
    assert.match(
      role,
      /name: guid\(subscription\(\)\.id, 'commerce-private-endpoint-join'\)/,
    );
    assert.match(
      role,
      /actions: \[\s*'Microsoft\.Network\/virtualNetworks\/subnets\/join\/action'\s*'Microsoft\.Network\/privateDnsZones\/join\/action'\s*\]/,
    );
    assert.match(
      read(
        'packages/generator-commerce-service/templates/common/infra/modules/platform-access.bicep.ejs',
      ),
      /guid\(subscription\(\)\.id, 'commerce-private-endpoint-join'\)/,
    );
  });

  it('holds resource groups to the platform tags with a deny policy', () => {
    const policy = resourceBody(access, 'requireTags');
    assert.match(
      policy,
      /equals: 'Microsoft\.Resources\/subscriptions\/resourceGroups'/,
    );
    assert.match(
      policy,
      /for name in requiredTagNames: \{\s*field: 'tags\[\$\{name\}\]'\s*exists: false/,
    );
    assert.match(policy, /effect: 'deny'/);
    assert.match(access, /^var requiredTagNames = objectKeys\(tags\)$/m);
    assert.match(
      resourceBody(access, 'requireTagsAssignment'),
      /policyDefinitionId: requireTags\.id/,
    );
  });
});
