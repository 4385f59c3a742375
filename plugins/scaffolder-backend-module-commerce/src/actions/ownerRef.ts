/** A full group entity ref, e.g. `group:default/checkout-team`. */
const groupRefPattern = /^group:[^\s:/]+\/[^\s:/]+$/;

/**
 * What is wrong with the `owner` input of a deploying action, or undefined when it is a full
 * group ref. The permission policy compares it with the runner's groups as a string
 * (plugins/permission-backend-module-commerce), so it must be spelt as they are.
 */
export function ownerRefProblem(owner: unknown): string | undefined {
  if (typeof owner === 'string' && groupRefPattern.test(owner)) {
    return undefined;
  }
  const shown =
    typeof owner === 'string' ? JSON.stringify(owner) : `"${String(owner)}"`;
  return `Owner ${shown}: give the owning group as an entity ref, e.g. group:default/checkout-team (steps.validate.output.ownerRef in the commerce templates).`;
}
