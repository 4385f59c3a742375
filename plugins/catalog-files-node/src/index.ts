/**
 * Reads the files a catalog entity's annotations name, from the entity's own repository, and
 * the small helpers the portal's backends share for reading many of them and for entity-ref
 * query parameters.
 *
 * @packageDocumentation
 */

export * from './entityFiles';
export * from './yamlDocuments';
export * from './entityRefParam';
export * from './mapConcurrently';
