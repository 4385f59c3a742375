import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
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

/**
 * Parses a request's query with `schema`, or throws one InputError listing every problem; an
 * unknown parameter's message ends with `accepted`, e.g. "the review takes system and team".
 *
 * @public
 */
export function parseQuery<T>(
  schema: z.ZodType<T, z.ZodTypeDef, unknown>,
  query: unknown,
  accepted: string,
): T {
  const parsed = schema.safeParse(query);
  if (!parsed.success) {
    throw new InputError(
      parsed.error.issues
        .map(issue =>
          issue.code === z.ZodIssueCode.unrecognized_keys
            ? `unknown query parameter ${issue.keys
                .map(k => `"${k}"`)
                .join(', ')}; ${accepted}`
            : `${issue.path.join('.')}: ${issue.message}`,
        )
        .join('; '),
    );
  }
  return parsed.data;
}
