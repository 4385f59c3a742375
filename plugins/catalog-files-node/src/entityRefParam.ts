import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { z } from 'zod';

/**
 * A zod schema for a query parameter naming one entity of `kind` (`checkout-team`,
 * `group:checkout-team` or `group:default/checkout-team`), normalised to `kind:namespace/name`,
 * with messages that show an example. Given twice (an array), it is refused.
 *
 * @public
 */
export function entityRefParam(kind: 'system' | 'group', example: string) {
  return z
    .string({
      invalid_type_error: `must be given once, as one entity ref such as ${example}`,
    })
    .transform((value, ctx) => {
      try {
        const ref = parseEntityRef(value.trim(), {
          defaultKind: kind,
          defaultNamespace: 'default',
        });
        if (ref.kind.toLocaleLowerCase('en-US') === kind) {
          return stringifyEntityRef(ref);
        }
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          message: `"${value}" is a ${ref.kind}, not a ${kind}; use an entity ref such as ${example}`,
        });
      } catch {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          message: `"${value}" is not an entity ref; use one such as ${example}`,
        });
      }
      return z.NEVER;
    });
}
