import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { FormFieldBlueprint } from '@backstage/plugin-scaffolder-react/alpha';

const platformTeamOnlyField = FormFieldBlueprint.make({
  name: 'platform-team-only',
  params: {
    field: () =>
      import('./PlatformTeamOnlyField').then(m => m.platformTeamOnlyFormField),
  },
});

/**
 * The portal's own scaffolder form fields: `PlatformTeamOnly`, which tells anyone outside the
 * platform team, in the form, that a template is the platform team's (the platform template).
 */
export const scaffolderModule = createFrontendModule({
  pluginId: 'scaffolder',
  extensions: [platformTeamOnlyField],
});
