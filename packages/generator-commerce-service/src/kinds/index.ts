import type { ServiceKind } from '../spec.ts';
import { cartKind } from './cart.ts';
import { orderKind } from './order.ts';
import { paymentKind } from './payment.ts';
import { productKind } from './product.ts';
import type { KindPart } from './types.ts';

export type { EnvVar, KindPart } from './types.ts';

/** The kinds the blueprint can generate. */
export const kindParts: Partial<Record<ServiceKind, KindPart>> =
  Object.fromEntries(
    [productKind, orderKind, cartKind, paymentKind]
      .filter((part): part is KindPart => part !== undefined)
      .map(part => [part.kind, part]),
  );

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
