import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';

/**
 * A query parameter naming one entity of `kind` (`checkout-team`, `group:checkout-team` or
 * `group:default/checkout-team`), normalised to `kind:namespace/name`. Its shape (a string,
 * given once) is checked by the backend's OpenAPI document; what only the catalog model can
 * tell, that it parses and is of `kind`, is checked here, with a message that shows `example`.
 *
 * @param parameter - The query parameter's name, which starts the message.
 * @throws InputError when the value is not a ref, or a ref of another kind.
 * @public
 */
export function entityRefOfKind(
  parameter: string,
  value: string,
  kind: 'system' | 'group',
  example: string,
): string {
  let ref;
  try {
    ref = parseEntityRef(value.trim(), {
      defaultKind: kind,
      defaultNamespace: 'default',
    });
  } catch {
    throw new InputError(
      `${parameter}: "${value}" is not an entity ref; use one such as ${example}`,
    );
  }
  if (ref.kind.toLocaleLowerCase('en-US') !== kind) {
    throw new InputError(
      `${parameter}: "${value}" is a ${ref.kind}, not a ${kind}; use an entity ref such as ${example}`,
    );
  }
  return stringifyEntityRef(ref);
}
