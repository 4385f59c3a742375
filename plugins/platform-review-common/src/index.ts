/**
 * The platform review's shared part: the REST contract its backend serves and its frontend
 * reads, the annotations it reads and its permission. The analyses that produce the contract
 * run in the backend only: `@internal/plugin-platform-review-node`.
 *
 * @packageDocumentation
 */

export * from './api';
export * from './constants';
export * from './events';
export * from './permissions';
export * from './paths';
export * from './summary';
