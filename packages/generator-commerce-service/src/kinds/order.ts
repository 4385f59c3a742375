import type { KindPart } from './types.ts';

/** Not generated yet: the blueprint refuses this kind with a clear message until it is. */
export const orderKind: KindPart | undefined = undefined;
