export interface Config {
  /** The commerce permission policy (plugins/permission-backend-module-commerce). */
  commerce?: {
    permissions?: {
      /**
       * The Group whose members may register and edit entities, run the platform template and
       * deploy any service. Default: `group:default/platform-team`. Visible to the frontend,
       * whose platform template form tells anyone else that the template is not theirs.
       * @visibility frontend
       */
      platformTeam?: string;
    };
  };
}
