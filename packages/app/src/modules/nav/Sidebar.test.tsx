import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { screen, waitFor } from '@testing-library/react';
import { SWRConfig } from 'swr';
import {
  notificationsApiRef,
  notificationsPlugin,
} from '@backstage/plugin-notifications';
import { NotificationsItem, RegisterExistingItem } from './Sidebar';

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

describe('NotificationsItem', () => {
  it('leaves the page title alone while notifications are unread', async () => {
    const notificationsApi = {
      getStatus: jest.fn(async () => ({ unread: 4, read: 0 })),
      getNotifications: jest.fn(async () => ({
        notifications: [],
        totalCount: 0,
      })),
    };
    document.title = 'Commerce Platform Portal';
    await renderInTestApp(<NotificationsItem />, {
      apis: [[notificationsApiRef, notificationsApi as any]],
      mountedRoutes: { '/notifications': notificationsPlugin.routes.root },
    });
    await waitFor(() => expect(notificationsApi.getStatus).toHaveBeenCalled());

    // What a page's header does on navigation; then count what else writes the title.
    const titles: string[] = [];
    const observer = new MutationObserver(() => titles.push(document.title));
    observer.observe(document.querySelector('title')!, {
      characterData: true,
      childList: true,
      subtree: true,
    });
    document.title = 'Platform review | Commerce Platform Portal';
    await new Promise(resolve => setTimeout(resolve, 1500));
    observer.disconnect();

    // With the counter on, the title flips between "(4) Platform review | …" and
    // "Platform review | …" every 100 ms, each flip a render.
    // (The item writes the title it read back once; that is no change.)
    expect(new Set(titles)).toEqual(
      new Set(['Platform review | Commerce Platform Portal']),
    );
    expect(titles.length).toBeLessThanOrEqual(3);
    expect(document.title).toBe('Platform review | Commerce Platform Portal');
  });
});
