import type { DeploymentParameter } from '@azure/arm-resourcesdeployments';
import { InputError } from '@backstage/errors';
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import type { BicepRunner } from './bicepCli';

/**
 * Loading what commerce:azure:deploy sends to ARM: the template and its parameters, from ARM
 * JSON files or compiled from Bicep (.bicep, .bicepparam) with the Bicep CLI.
 */

/** ARM parameter values by name, as `{ "<name>": { "value": … } }`. */
export type ArmParameters = Record<string, DeploymentParameter>;

/**
 * The ARM template and parameters, from JSON files or compiled from Bicep; or what to commit
 * instead when no Bicep CLI is installed.
 */
export async function loadTemplateAndParameters(options: {
  /** Absolute path of the template (.bicep or .json) in the workspace. */
  templateFile: string;
  /** The template as the input named it, for messages. */
  templatePath: string;
  /** Absolute path of the parameters file (.bicepparam or .json), if any. */
  parametersFile?: string;
  /** The parameters file as the input named it, for messages. */
  parametersPath?: string;
  bicep: BicepRunner;
}): Promise<
  | { template: Record<string, unknown>; parameters: ArmParameters }
  | { missingBicep: string }
> {
  const { templateFile, templatePath, parametersFile, parametersPath, bicep } =
    options;
  const templateIsBicep = extname(templateFile).toLowerCase() === '.bicep';
  const paramsAreBicep =
    !!parametersFile && extname(parametersFile).toLowerCase() === '.bicepparam';

  let template: Record<string, unknown> | undefined;
  let parameters: ArmParameters = {};

  if (paramsAreBicep && parametersFile && parametersPath) {
    const stdout = await bicep('build-params', parametersFile);
    if (stdout === undefined) {
      return { missingBicep: whatToCommit(templatePath, parametersPath) };
    }
    // { parametersJson: "<ARM parameters file>", templateJson: "<ARM template of `using`>" }
    const built = parseJson(stdout, `bicep build-params ${parametersPath}`) as {
      parametersJson?: string;
      templateJson?: string;
    };
    if (typeof built.parametersJson !== 'string') {
      throw new Error(
        `bicep build-params ${parametersPath} printed no parametersJson: update the Bicep CLI (0.18 or later).`,
      );
    }
    parameters = armParameters(
      parseJson(built.parametersJson, `${parametersPath} (compiled)`),
      parametersPath,
    );
    if (templateIsBicep && typeof built.templateJson === 'string') {
      template = asObject(
        parseJson(built.templateJson, `${templatePath} (compiled)`),
        templatePath,
      );
    }
  } else if (parametersFile && parametersPath) {
    parameters = armParameters(
      parseJson(await readFile(parametersFile, 'utf8'), parametersPath),
      parametersPath,
    );
  }

  if (!template) {
    if (templateIsBicep) {
      const stdout = await bicep('build', templateFile);
      if (stdout === undefined) {
        return { missingBicep: whatToCommit(templatePath, parametersPath) };
      }
      template = asObject(
        parseJson(stdout, `bicep build ${templatePath}`),
        templatePath,
      );
    } else {
      template = asObject(
        parseJson(await readFile(templateFile, 'utf8'), templatePath),
        templatePath,
      );
    }
  }
  return { template, parameters };
}

/** What to commit instead of compiling, e.g. `template (infra/main.json)`. */
function whatToCommit(templatePath: string, parametersPath?: string): string {
  const toJson = (path: string) =>
    path.replace(/\.(bicep|bicepparam)$/i, '.json');
  const files: string[] = [];
  const kinds: string[] = [];
  if (/\.bicep$/i.test(templatePath)) {
    kinds.push('template');
    files.push(toJson(templatePath));
  }
  if (parametersPath && /\.bicepparam$/i.test(parametersPath)) {
    kinds.push('parameters');
    files.push(toJson(parametersPath));
  }
  return `${kinds.join(' and ')} (${files.join(', ')})`;
}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InputError(
      `${what} is not valid JSON: ${(error as Error).message}`,
    );
  }
}

function asObject(value: unknown, path: string): Record<string, unknown> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw new InputError(`${path} is not an ARM template (a JSON object).`);
  }
  return value as Record<string, unknown>;
}

function armParameters(file: unknown, path: string): ArmParameters {
  const parameters = (file as { parameters?: unknown })?.parameters;
  if (
    !parameters ||
    typeof parameters !== 'object' ||
    Array.isArray(parameters)
  ) {
    throw new InputError(
      `${path} is not an ARM parameters file: expected { "parameters": { "<name>": { "value": … } } }.`,
    );
  }
  return parameters as ArmParameters;
}
