/**
 * The platform review's shared part: its data types and the analyses, as pure functions over
 * plain entity lists.
 *
 * @packageDocumentation
 */

export * from './api';
