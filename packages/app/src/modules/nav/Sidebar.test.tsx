import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { screen, waitFor } from '@testing-library/react';
import { SWRConfig } from 'swr';
import { RegisterExistingItem } from './Sidebar';

// usePermission keeps answers in SWR's cache, shared across renders: each test starts with an
// empty one, so an earlier test's answer does not leak into it.
const item = (
  <SWRConfig value={{ provider: () => new Map() }}>
    <RegisterExistingItem>
      <span>Register Existing Component</span>
    </RegisterExistingItem>
  </SWRConfig>
);

describe('RegisterExistingItem', () => {
  it('is shown to those who may register entities (the platform team)', async () => {
    await renderInTestApp(item, {
      apis: [mockApis.permission({ authorize: AuthorizeResult.ALLOW })],
    });
    expect(
      await screen.findByText('Register Existing Component'),
    ).toBeInTheDocument();
  });

  it('is not shown to anyone else', async () => {
    const permissionApi = mockApis.permission({
      authorize: AuthorizeResult.DENY,
    });
    const authorize = jest.spyOn(permissionApi, 'authorize');
    await renderInTestApp(item, { apis: [permissionApi] });
    await waitFor(() => expect(authorize).toHaveBeenCalled());
    await waitFor(() =>
      expect(screen.queryByText('Register Existing Component')).toBeNull(),
    );
  });
});
