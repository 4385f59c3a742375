/**
 * The Commerce Platform Portal's catalog rules: Template, Location, Group, User, System and
 * Domain entities only from the portal's own catalog locations, each refusal a processing error
 * that says why and what to do. The backend (packages/backend/src/index.ts) installs its
 * default export.
 *
 * @packageDocumentation
 */
export {
  catalogModuleCommerceRules as default,
  catalogModuleCommerceEntraTeams,
} from './module';
export {
  ENTRA_GROUP_ID_ANNOTATION,
  ENTRA_TEAM_GROUP_PREFIX,
  EntraTeamMembershipProcessor,
  EntraTeams,
} from './entraTeams';
export {
  PORTAL_ONLY_KINDS,
  PortalKindsProcessor,
} from './PortalKindsProcessor';
