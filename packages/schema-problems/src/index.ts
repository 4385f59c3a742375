/**
 * One way from a zod schema's issues to the problems people read, and the two helpers every
 * reader of hand-written YAML needs (`quoted`, `isRecord`).
 *
 * @packageDocumentation
 */

export * from './problems';
