/**
 * Reads the files a catalog entity's annotations name, from the entity's own repository.
 *
 * @packageDocumentation
 */

export * from './entityFiles';
export * from './yamlDocuments';
