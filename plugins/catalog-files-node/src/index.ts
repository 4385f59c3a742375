/**
 * Reads the files a catalog entity's annotations name, from the entity's own repository, and
 * the small helpers the portal's backends share: reading many of them, entity-ref query
 * parameters, the OpenAPI validator's messages, deadlines on outbound calls (the UrlReader's and
 * every other system's), and a plugin database brought up to date by its migrations.
 *
 * @packageDocumentation
 */

export * from './entityFiles';
export * from './yamlDocuments';
export * from './entityRefParam';
export * from './mapConcurrently';
export * from './outboundTimeout';
export * from './readTimeout';
export * from './openApiInputErrors';
export * from './pluginDatabase';
export * from './ownerNotifications';
