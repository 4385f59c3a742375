/**
 * Scaffolder actions of the Commerce Platform Portal.
 *
 * @packageDocumentation
 */
export { scaffolderModuleCommerce as default } from './module';
export { createValidateServiceAction } from './actions/validateService';
export { createRegisterLocalAction } from './actions/catalog/registerLocal';
export { createRegisterRepositoryAction } from './actions/catalog/registerRepository';
export { createPublishLocalAction } from './actions/publish/publishLocal';
