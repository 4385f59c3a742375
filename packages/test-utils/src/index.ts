/**
 * Helpers shared by the plugins' tests. Only tests import this package (as a devDependency).
 *
 * @packageDocumentation
 */

export * from './fuzz';
export * from './catalogRelations';
export * from './databases';
export * from './entraId';
export * from './eventually';
