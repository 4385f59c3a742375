import {
  Sidebar,
  SidebarDivider,
  SidebarGroup,
  SidebarItem,
  SidebarScrollWrapper,
  SidebarSpace,
} from '@backstage/core-components';
import { NavContentBlueprint } from '@backstage/plugin-app-react';
import { SidebarLogo } from './SidebarLogo';
import MenuIcon from '@material-ui/icons/Menu';
import SearchIcon from '@material-ui/icons/Search';
import { SidebarSearchModal } from '@backstage/plugin-search';
import { UserSettingsSignInAvatar } from '@backstage/plugin-user-settings';
import { NotificationsSidebarItem } from '@backstage/plugin-notifications';
import { catalogEntityCreatePermission } from '@backstage/plugin-catalog-common/alpha';
import { usePermission } from '@backstage/plugin-permission-react';
import { ReactNode } from 'react';

/**
 * "Register Existing Component" only for those who may register (the platform team): for
 * anyone else its page answers "not found", a dead end. The Create page's own button is
 * hidden the same way by the scaffolder.
 */
export function RegisterExistingItem(props: { children: ReactNode }) {
  const { allowed } = usePermission({
    permission: catalogEntityCreatePermission,
  });
  return allowed ? <>{props.children}</> : null;
}

/**
 * The notifications item, with its unread badge. Its title counter ("(4) Platform review") is
 * off: in plugin-notifications 0.6 it ping-pongs with the page header's title (its
 * MutationObserver sets the state its effect's clean-up undoes), re-rendering ten times a second
 * for as long as anything is unread — on the review page that kept the main thread busy for
 * 8-16 s (backstage/backstage#24866, docs/benchmarks.md).
 */
export function NotificationsItem() {
  return <NotificationsSidebarItem titleCounterEnabled={false} />;
}

export const SidebarContent = NavContentBlueprint.make({
  params: {
    component: ({ navItems }) => {
      const nav = navItems.withComponent(item => (
        <SidebarItem icon={() => item.icon} to={item.href} text={item.title} />
      ));

      // Skipped items
      nav.take('page:search'); // Using search modal instead
      nav.take('page:notifications'); // Using NotificationsSidebarItem manually instead
      const registerExisting = nav.take('page:catalog-import');

      return (
        <Sidebar>
          <SidebarLogo />
          <SidebarGroup label="Search" icon={<SearchIcon />} to="/search">
            <SidebarSearchModal />
          </SidebarGroup>
          <SidebarDivider />
          <SidebarGroup label="Menu" icon={<MenuIcon />}>
            {nav.take('page:home')}
            {nav.take('page:catalog')}
            {nav.take('page:api-docs')}
            {nav.take('page:scaffolder')}
            <RegisterExistingItem>{registerExisting}</RegisterExistingItem>
            <SidebarDivider />
            <SidebarScrollWrapper>
              {nav.rest({ sortBy: 'title' })}
            </SidebarScrollWrapper>
          </SidebarGroup>
          <SidebarSpace />
          <SidebarDivider />
          <NotificationsItem />
          <SidebarDivider />
          <SidebarGroup
            label="Settings"
            icon={<UserSettingsSignInAvatar />}
            to="/settings"
          >
            {nav.take('page:app-visualizer')}
            {nav.take('page:user-settings')}
          </SidebarGroup>
        </Sidebar>
      );
    },
  },
});
