import { quoted } from '@internal/schema-problems';

const dns1123 = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

/**
 * A value as a message quotes it: JSON (control characters such as NUL and newlines escaped so
 * they are visible), cut at 80 characters so a 10 000-character value does not bury the rule the
 * message states. The portal's one `quoted`, under the name the actions use.
 */
export const quotedValue: (value: unknown) => string = quoted;

/**
 * What is wrong with a service name (a DNS-1123 label: it names the Kubernetes objects, the
 * repository and the Azure resource group), or undefined when it is fine. One rule for every
 * action, in the words the form uses.
 */
export function serviceNameProblem(name: string): string | undefined {
  return name.length <= 63 && dns1123.test(name)
    ? undefined
    : `Name ${quotedValue(
        name,
      )}: use lowercase letters, digits and "-", start with a letter, end with a letter or digit, at most 63 characters (e.g. cart-service).`;
}
