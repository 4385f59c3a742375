import type { UserEntity } from '@backstage/catalog-model';
import { EntraTeamMembershipProcessor, EntraTeams } from './entraTeams';

const CHECKOUT = '5e7d0000-aaaa-4bbb-8ccc-000000000010';

function teams(
  list: Array<{ name: string; groupId?: string }>,
  waitForTeamsMs = 0,
) {
  const logged: string[] = [];
  const entraTeams = new EntraTeams({
    teams: async () => list.map(t => ({ name: t.name, groupId: t.groupId })),
    logger: {
      info: m => logged.push(`info: ${m}`),
      warn: m => logged.push(`warn: ${m}`),
    },
    waitForTeamsMs,
  });
  return { entraTeams, logged };
}

const graphGroup = (id: string, displayName: string) => ({
  id,
  displayName,
  mailNickname: displayName.toLowerCase().replace(/ /g, '-'),
  securityEnabled: true,
});

describe('EntraTeams', () => {
  it("names a team's group entra-<team>, a child of the team, and leaves any other group out", async () => {
    const { entraTeams, logged } = teams([
      { name: 'checkout-team', groupId: CHECKOUT.toUpperCase() },
    ]);
    const transform = entraTeams.groupTransformer();
    const group = await transform(
      graphGroup(CHECKOUT, 'Commerce checkout team'),
    );
    expect(group?.metadata.name).toBe('entra-checkout-team');
    expect(group?.spec.parent).toBe('group:default/checkout-team');
    expect(group?.spec.profile?.displayName).toBe('Commerce checkout team');
    expect(
      await transform(
        graphGroup(
          '5e7d0000-aaaa-4bbb-8ccc-000000000099',
          'entra-platform-team',
        ),
      ),
    ).toBeUndefined();
    expect(logged).toEqual([
      expect.stringMatching(
        /^info: Entra group "entra-platform-team" \(5e7d0000-aaaa-4bbb-8ccc-000000000099\) is no team's commerce\.platform\/entra-group-id/,
      ),
    ]);
  });

  it('says which annotation is not a GUID and which two teams share a group, using neither wrongly', async () => {
    const { entraTeams, logged } = teams([
      { name: 'catalog-team', groupId: 'Commerce catalog team' },
      { name: 'checkout-team', groupId: CHECKOUT },
      { name: 'payments-team', groupId: ` ${CHECKOUT} ` },
    ]);
    expect([...(await entraTeams.teamsByGroupId())]).toEqual([
      [CHECKOUT, 'checkout-team'],
    ]);
    expect(logged).toEqual([
      'warn: Group catalog-team has commerce.platform/entra-group-id "Commerce catalog team"; set the object id of the team\'s Entra ID security group (a GUID: az ad group show --group <name> --query id)',
      `warn: Groups checkout-team and payments-team both name Entra group ${CHECKOUT}; its members join checkout-team only: give each team its own group`,
    ]);
  });

  it('waits for the first team, then reads no group and says what to add', async () => {
    const { entraTeams, logged } = teams([], 10);
    const transform = entraTeams.groupTransformer();
    expect(
      await transform(graphGroup(CHECKOUT, 'Commerce checkout team')),
    ).toBeUndefined();
    expect(logged[0]).toMatch(/^info: Waiting for the catalog's teams/);
    expect(logged).toContainEqual(
      expect.stringMatching(
        /^warn: No Group in the catalog names its Entra group .* catalog\/org\.yaml carry the annotation/,
      ),
    );
  });
});

describe('EntraTeamMembershipProcessor', () => {
  const user = (
    memberOf: string[],
    annotations: Record<string, string>,
  ): UserEntity => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name: 'amara', annotations },
    spec: { memberOf },
  });
  const processor = new EntraTeamMembershipProcessor();
  const fromEntra = { 'graph.microsoft.com/user-id': CHECKOUT };

  it('adds the team of each entra-<team> group to a User read from Entra ID, once', async () => {
    const processed = (await processor.preProcessEntity(
      user(
        [
          'group:default/entra-checkout-team',
          'entra-payments-team',
          'group:default/checkout-team',
        ],
        fromEntra,
      ),
    )) as UserEntity;
    expect(processed.spec.memberOf).toEqual([
      'group:default/entra-checkout-team',
      'entra-payments-team',
      'group:default/checkout-team',
      'group:default/payments-team',
    ]);
  });

  it('leaves a User declared in a file (no Entra id) as it is', async () => {
    const declared = user(['group:default/entra-checkout-team'], {});
    expect(await processor.preProcessEntity(declared)).toBe(declared);
  });
});
