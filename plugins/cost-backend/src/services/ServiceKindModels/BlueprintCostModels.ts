import { existsSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '@backstage/errors';
import {
  InvalidCostModelError,
  parseCostModel,
} from '@internal/plugin-cost-common';
import { parse } from 'yaml';
import type { ServiceKindModelsService } from './types';

/**
 * Reads `templates/kinds/<kind>/infra/cost-model.yaml` from the blueprint package
 * (generator-commerce-service): the same file every generated service gets a copy of, so the
 * template form's estimate is what the new service's own cost card will show.
 */
export class BlueprintCostModels implements ServiceKindModelsService {
  private readonly kindsDirectory: string;

  constructor(options: { blueprintDirectory?: string } = {}) {
    const root =
      options.blueprintDirectory ??
      path.dirname(require.resolve('generator-commerce-service/package.json'));
    this.kindsDirectory = path.join(root, 'templates', 'kinds');
  }

  async kinds(): Promise<string[]> {
    return readdirSync(this.kindsDirectory)
      .filter(kind => existsSync(this.file(kind)))
      .sort();
  }

  async model(kind: string) {
    const kinds = await this.kinds();
    if (!kinds.includes(kind)) {
      throw new InputError(
        `unknown service kind "${kind}"; the blueprint has cost models for ${kinds.join(
          ', ',
        )}`,
      );
    }
    const source = `generator-commerce-service/templates/kinds/${kind}/infra/cost-model.yaml`;
    let document: unknown;
    try {
      document = parse(await readFile(this.file(kind), 'utf8'));
    } catch (error) {
      throw new InvalidCostModelError(source, [(error as Error).message]);
    }
    return { model: parseCostModel(document, source), source };
  }

  private file(kind: string): string {
    return path.join(this.kindsDirectory, kind, 'infra', 'cost-model.yaml');
  }
}
