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
import { InvalidServiceOptionsError } from './spec.ts';

const generatorPath = fileURLToPath(
  new URL('../generators/app/index.ts', import.meta.url),
);
const namespace = 'commerce-service:app';

/** Generates a service into `outDir` with the given blueprint options. */
export async function generateService(
  outDir: string,
  options: Record<string, string | number>,
): Promise<void> {
  const env = createEnv({ cwd: outDir, skipInstall: true } as never);
  env.register(generatorPath, { namespace });
  await env.run([namespace], { ...options, skipInstall: true, force: true });
}

if (
  process.argv[1] &&
  fileURLToPath(import.meta.url) === path.resolve(process.argv[1])
) {
  const { values } = parseArgs({
    options: {
      out: { type: 'string' },
      kind: { type: 'string' },
      name: { type: 'string' },
      owner: { type: 'string' },
      system: { type: 'string' },
      description: { type: 'string' },
      availability: { type: 'string' },
      latencyP95Ms: { type: 'string' },
      region: { type: 'string' },
      monthlyBudgetUsd: { type: 'string' },
    },
  });
  const { out, ...options } = values;
  const outDir = path.resolve(out ?? `./${options.name ?? 'service'}`);
  try {
    await generateService(outDir, options as Record<string, string>);
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
