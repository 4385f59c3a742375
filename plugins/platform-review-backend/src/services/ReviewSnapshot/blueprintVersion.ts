import fs from 'node:fs';

/**
 * The version of the commerce-service blueprint the portal generates services with today: the
 * generator package's own version, which is also what the generator writes into every service
 * (generators/app/index.ts reads its package.json into `spec.blueprintVersion`, rendered as the
 * `commerce.platform/blueprint-version` annotation). One source, so "behind" means "generated
 * by an older portal".
 */
export function currentBlueprintVersion(
  resolve: (request: string) => string = require.resolve,
): { version?: string; problem?: string } {
  try {
    const file = resolve('generator-commerce-service/package.json');
    const { version } = JSON.parse(fs.readFileSync(file, 'utf8')) as {
      version?: unknown;
    };
    if (typeof version !== 'string' || !version) {
      return {
        problem: `Template drift is not checked: ${file} has no version`,
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
