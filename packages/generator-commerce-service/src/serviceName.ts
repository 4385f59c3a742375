/**
 * The service-name rule, defined once: the blueprint checks its options with it, and the
 * portal's scaffolder actions check the template form's values with it (through `api.ts`), so
 * the form and the generator can never disagree about a name. Pure, no imports: it is loaded
 * by Node's type stripping here and by the portal's own TypeScript toolchain there.
 */

/** Kubernetes' DNS-1123 label: the name becomes Kubernetes objects, a repository and rg-<name>. */
const dns1123Label = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

/**
 * A service's short name: its name without the `-service` suffix (order-service → order). The
 * gateway publishes the service under it (src/edge.ts), and the portal derives dev's URL from it.
 */
export function serviceShortName(name: string): string {
  return name.replace(/-service$/, '');
}

/** The longest service name: a DNS-1123 label has at most 63 characters. */
export const SERVICE_NAME_MAX_LENGTH = 63;

/**
 * A value as a message quotes it: cut short, so a 10 000-character value does not bury the rule
 * the message states, and with control characters (NUL, newlines) escaped so they are visible.
 */
export function quotedValue(value: string, max = 80): string {
  const quoted = JSON.stringify(value);
  return quoted.length > max ? `${quoted.slice(0, max - 1)}…"` : quoted;
}

/** True when `name` is a valid service name (a DNS-1123 label of at most 63 characters). */
export function isServiceName(name: string): boolean {
  return name.length <= SERVICE_NAME_MAX_LENGTH && dns1123Label.test(name);
}

/**
 * What is wrong with a service name and how to fix it, in the words the template form uses;
 * undefined when it is fine.
 */
export function serviceNameProblem(name: string): string | undefined {
  return isServiceName(name)
    ? undefined
    : `Name ${quotedValue(
        name,
      )}: use lowercase letters, digits and "-", start with a letter, end with a letter or digit, at most ${SERVICE_NAME_MAX_LENGTH} characters (a DNS-1123 label, e.g. cart-service).`;
}
