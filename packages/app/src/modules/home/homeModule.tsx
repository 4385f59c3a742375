import { createFrontendModule } from '@backstage/frontend-plugin-api';
import {
  HomePageLayoutBlueprint,
  HomePageLayoutProps,
} from '@backstage/plugin-home-react/alpha';
import {
  Content,
  ContentHeader,
  Header,
  Page,
} from '@backstage/core-components';
import { Grid } from '@material-ui/core';
import { WhereToGo } from './WhereToGo';

/**
 * The portal's home: who goes where first, then the installed widgets (search, starred
 * entities, toolkit) in a plain grid.
 */
export function PortalHomeLayout({ widgets }: HomePageLayoutProps) {
  return (
    <Page themeId="home">
      <Header
        title="Commerce Platform Portal"
        subtitle="Create, run and review the commerce services on Azure"
      />
      <Content>
        <ContentHeader title="Where to start" />
        <WhereToGo />
        <Grid container spacing={3} style={{ marginTop: 16 }}>
          {widgets.map((widget, index) => (
            <Grid item xs={12} md={6} key={widget.name ?? index}>
              {widget.component}
            </Grid>
          ))}
        </Grid>
      </Content>
    </Page>
  );
}

const portalHomeLayout = HomePageLayoutBlueprint.make({
  params: {
    loader: async () => PortalHomeLayout,
  },
});

export const homeModule = createFrontendModule({
  pluginId: 'home',
  extensions: [portalHomeLayout],
});
