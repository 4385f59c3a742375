import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { screen, waitFor } from '@testing-library/react';
import {
  configApiRef,
  identityApiRef,
  type ApiHolder,
} from '@backstage/core-plugin-api';
import {
  PlatformTeamOnlyField,
  validatePlatformTeamOnly,
} from './PlatformTeamOnlyField';
import {
  ownerTeamHint,
  platformTeamOnlyRefusal,
  platformTeamRef,
} from './platformTeamOnly';

const amara = {
  userEntityRef: 'user:default/amara.okafor',
  ownershipEntityRefs: [
    'user:default/amara.okafor',
    'group:default/checkout-team',
  ],
};

describe('platformTeamOnlyRefusal', () => {
  it('lets the platform team through', () => {
    expect(
      platformTeamOnlyRefusal({
        userEntityRef: 'user:default/guest',
        ownershipEntityRefs: [
          'user:default/guest',
          'group:default/platform-team',
        ],
        platformTeamRef: 'group:default/platform-team',
      }),
    ).toBeUndefined();
  });

  it('tells anyone else whose template it is, who they are and what to do instead', () => {
    const refusal = platformTeamOnlyRefusal({
      ...amara,
      platformTeamRef: 'group:default/platform-team',
    });
    expect(refusal).toMatch(
      /^Only the platform team \(platform-team\) may run this template/,
    );
    expect(refusal).toContain(
      'You are signed in as amara.okafor (checkout-team)',
    );
    expect(refusal).toContain('choose its template');
  });
});

describe('platformTeamRef', () => {
  it('is the policy’s default unless commerce.permissions.platformTeam says otherwise', () => {
    expect(platformTeamRef(mockApis.config())).toBe(
      'group:default/platform-team',
    );
    expect(
      platformTeamRef(
        mockApis.config({
          data: {
            commerce: { permissions: { platformTeam: 'Platform-Engineers' } },
          },
        }),
      ),
    ).toBe('group:default/platform-engineers');
  });
});

describe('PlatformTeamOnlyField', () => {
  const props = {} as any;

  it('shows a checkout-team engineer that the template is the platform team’s', async () => {
    await renderInTestApp(<PlatformTeamOnlyField {...props} />, {
      apis: [mockApis.identity(amara)],
    });
    expect(
      await screen.findByText(/This template is the platform team's/),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/Only the platform team \(platform-team\) may run/),
    ).toBeInTheDocument();
  });

  it('shows the platform team nothing', async () => {
    const identity = mockApis.identity({
      userEntityRef: 'user:default/guest',
      ownershipEntityRefs: ['group:default/platform-team'],
    });
    const spy = jest.spyOn(identity, 'getBackstageIdentity');
    await renderInTestApp(<PlatformTeamOnlyField {...props} />, {
      apis: [identity],
    });
    await waitFor(() => expect(spy).toHaveBeenCalled());
    expect(
      screen.queryByText(/This template is the platform team's/),
    ).toBeNull();
  });
});

describe('validatePlatformTeamOnly', () => {
  const validate = async (identity: {
    userEntityRef: string;
    ownershipEntityRefs: string[];
  }) => {
    const apis = new Map<string, unknown>([
      [identityApiRef.id, mockApis.identity(identity)],
      [configApiRef.id, mockApis.config()],
    ]);
    const apiHolder: ApiHolder = { get: ref => apis.get(ref.id) as any };
    const errors: string[] = [];
    await validatePlatformTeamOnly(
      true,
      { addError: (e: string) => errors.push(e) } as any,
      { apiHolder, formData: {}, schema: {} },
    );
    return errors;
  };

  it('stops the form for anyone outside the platform team', async () => {
    const errors = await validate(amara);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^Only the platform team/);
  });

  it('lets the platform team go on', async () => {
    expect(
      await validate({
        userEntityRef: 'user:default/guest',
        ownershipEntityRefs: ['group:default/platform-team'],
      }),
    ).toEqual([]);
  });
});

describe('ownerTeamHint', () => {
  const platformTeam = 'group:default/platform-team';

  it('warns a checkout-team engineer who picks another team', () => {
    const hint = ownerTeamHint({
      owner: 'group:default/catalog-team',
      ...amara,
      platformTeamRef: platformTeam,
    });
    expect(hint).toMatch(
      /^You are not a member of catalog-team: you may create services for your own team \(checkout-team\) only/,
    );
    expect(hint).toContain(
      'A run for catalog-team stops at its check step, before anything is created.',
    );
  });

  it.each([
    [
      'their own team',
      'group:default/checkout-team',
      amara.ownershipEntityRefs,
    ],
    ['their own team, by name', 'checkout-team', amara.ownershipEntityRefs],
    ['no owner yet', undefined, amara.ownershipEntityRefs],
    ['the platform team, any owner', 'catalog-team', [platformTeam]],
  ])('says nothing for %s', (_case, owner, ownershipEntityRefs) => {
    expect(
      ownerTeamHint({
        owner,
        ownershipEntityRefs,
        platformTeamRef: platformTeam,
      }),
    ).toBeUndefined();
  });
});
