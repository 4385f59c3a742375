import type { ServiceKind } from '../spec.ts';
import { cartKind } from './cart.ts';
import type { KindPart } from './types.ts';

export type { EnvVar, KindPart } from './types.ts';

/** The kinds the blueprint can generate so far. */
export const kindParts: Partial<Record<ServiceKind, KindPart>> = {
  cart: cartKind,
};

export function kindPart(kind: ServiceKind): KindPart {
  const part = kindParts[kind];
  if (!part) {
    throw new Error(
      `The blueprint cannot generate a ${kind} service yet; it can generate: ${Object.keys(
        kindParts,
      ).join(', ')}`,
    );
  }
  return part;
}
