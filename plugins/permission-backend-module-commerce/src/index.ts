/**
 * The Commerce Platform Portal's permission policy: who may read, register, run templates and
 * deploy to production. The backend (packages/backend/src/index.ts) installs its default export.
 *
 * @packageDocumentation
 */
export { permissionModuleCommercePolicy as default } from './module';
export {
  CommercePermissionPolicy,
  OWNER_CHECKED_ACTIONS,
  PLATFORM_ONLY_ACTIONS,
  PLATFORM_TEMPLATE_TAG,
  type OwnerCheckedAction,
} from './policy';
export {
  DEFAULT_PLATFORM_TEAM,
  readCommercePermissionsConfig,
  type CommercePermissionsConfig,
} from './config';
export {
  apiTokenPermissionsServiceFactory,
  withReadOnlyDelegationEntries,
} from './apiTokenPermissions';
