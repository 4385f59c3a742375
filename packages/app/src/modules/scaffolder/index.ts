import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { FormFieldBlueprint } from '@backstage/plugin-scaffolder-react/alpha';

const platformTeamOnlyField = FormFieldBlueprint.make({
  name: 'platform-team-only',
  params: {
    field: () =>
      import('./PlatformTeamOnlyField').then(m => m.platformTeamOnlyFormField),
  },
});

const ownerTeamHintField = FormFieldBlueprint.make({
  name: 'owner-team-hint',
  params: {
    field: () =>
      import('./OwnerTeamHintField').then(m => m.ownerTeamHintFormField),
  },
});

/**
 * The portal's own scaffolder form fields, which tell someone outside the platform team in
 * the form what the backend will refuse: `PlatformTeamOnly` (the platform template is the
 * platform team's) and `OwnerTeamHint` (a service for another team stops at its check step).
 */
export const scaffolderModule = createFrontendModule({
  pluginId: 'scaffolder',
  extensions: [platformTeamOnlyField, ownerTeamHintField],
});
