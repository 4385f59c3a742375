/**
 * Runs the blueprint from a terminal, without installing `yo`:
 *
 *   node src/cli.ts --out ../my-cart --kind cart --name cart-service --owner checkout-team \
 *     --availability 99.95 --latencyP95Ms 100 --monthlyBudgetUsd 250
 */
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { createEnv } from 'yeoman-environment';
import { InvalidServiceOptionsError, serviceOptionHelp } from './spec.ts';

const generatorPath = fileURLToPath(
  new URL('../generators/app/index.ts', import.meta.url),
);
const namespace = 'commerce-service:app';

/** Generates a service into `outDir` with the given blueprint options. */
export async function generateService(
  outDir: string,
  options: Record<string, string | number>,
): Promise<void> {
  const env = createEnv({ cwd: outDir });
  env.register(generatorPath, { namespace });
  await env.run([namespace], { ...options, force: true });
}

if (
  process.argv[1] &&
  fileURLToPath(import.meta.url) === path.resolve(process.argv[1])
) {
  const { values } = parseArgs({
    options: {
      out: { type: 'string' },
      // Every blueprint option, as text: parseServiceOptions converts and validates them.
      ...Object.fromEntries(
        Object.keys(serviceOptionHelp).map(name => [
          name,
          { type: 'string' as const },
        ]),
      ),
    },
  });
  const { out, ...rest } = values as Record<string, string | undefined>;
  const options = rest as Record<string, string>;
  const outDir = path.resolve(out ?? `./${options.name ?? 'service'}`);
  try {
    await generateService(outDir, options);
    console.log(
      `Generated ${options.kind} service "${options.name}" in ${outDir}`,
    );
  } catch (error) {
    if (error instanceof InvalidServiceOptionsError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
}
