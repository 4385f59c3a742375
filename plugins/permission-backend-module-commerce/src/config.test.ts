import { ConfigReader } from '@backstage/config';
import { readCommercePermissionsConfig } from './config';

describe('readCommercePermissionsConfig', () => {
  const read = (platformTeam?: string) =>
    readCommercePermissionsConfig(
      new ConfigReader(
        platformTeam === undefined
          ? {}
          : { commerce: { permissions: { platformTeam } } },
      ),
    );

  it('defaults to group:default/platform-team', () => {
    expect(read()).toEqual({ platformTeamRef: 'group:default/platform-team' });
    expect(read('  ')).toEqual({
      platformTeamRef: 'group:default/platform-team',
    });
  });

  it.each([
    ['sre', 'group:default/sre'],
    ['group:ops/SRE', 'group:ops/sre'],
    ['Group:default/Platform-Team', 'group:default/platform-team'],
  ])('reads %j as %s', (configured, expected) => {
    expect(read(configured)).toEqual({ platformTeamRef: expected });
  });

  it.each(['user:default/priya.nair', 'group:'])(
    'refuses %j, which is not a group, naming the key and an example',
    configured => {
      expect(() => read(configured)).toThrow(
        `commerce.permissions.platformTeam "${configured}" is not a group: give the platform team's group, e.g. group:default/platform-team`,
      );
    },
  );
});
