import { blueprintVersion } from 'generator-commerce-service';

/**
 * The version of the commerce-service blueprint the portal generates services with today: the
 * generator package's own version, which is also what the generator writes into every service
 * (generators/app/index.ts reads its package.json into `spec.blueprintVersion`, rendered as the
 * `commerce.platform/blueprint-version` annotation). One source, so "behind" means "generated
 * by an older portal". Read through the blueprint's API (`blueprintVersion`), which tests replace.
 */
export function currentBlueprintVersion(
  readVersion: () => string | undefined = blueprintVersion,
): { version?: string; problem?: string } {
  try {
    const version = readVersion();
    if (typeof version !== 'string' || !version) {
      return {
        problem:
          'Template drift is not checked: generator-commerce-service/package.json has no version',
      };
    }
    return { version };
  } catch (error) {
    return {
      problem: `Template drift is not checked: the commerce-service blueprint (generator-commerce-service) cannot be found from the backend (${
        (error as Error).message.split('\n')[0]
      }); install it beside the backend`,
    };
  }
}
