import { InputError } from '@backstage/errors';
import {
  InvalidCostModelError,
  parseCostModel,
} from '@internal/plugin-cost-common';
import {
  blueprintKinds,
  type KindCostModelFile,
  readKindCostModel,
} from 'generator-commerce-service';
import { parse } from 'yaml';
import type { ServiceKindModelsService } from './types';

/** Where the cost models come from: the blueprint's API, or a stand-in in tests. */
export interface BlueprintCostModelFiles {
  /** The kinds the blueprint generates. */
  kinds: readonly string[];
  /** One kind's cost model file; undefined when the kind has none. */
  read(kind: string): Promise<KindCostModelFile | undefined>;
}

const generatorCostModelFiles: BlueprintCostModelFiles = {
  kinds: blueprintKinds,
  read: readKindCostModel,
};

/**
 * The cost model of each kind the blueprint (generator-commerce-service) generates, from its
 * `templates/kinds/<kind>/infra/cost-model.yaml`: the same file every generated service gets a
 * copy of, so the template form's estimate is what the new service's own cost card will show.
 * The blueprint only hands over the file; it is parsed and validated here.
 */
export class BlueprintCostModels implements ServiceKindModelsService {
  private readonly files: BlueprintCostModelFiles;

  constructor(options: { files?: BlueprintCostModelFiles } = {}) {
    this.files = options.files ?? generatorCostModelFiles;
  }

  async kinds(): Promise<string[]> {
    const withModel = await Promise.all(
      this.files.kinds.map(async kind =>
        (await this.files.read(kind)) ? kind : undefined,
      ),
    );
    return withModel.filter((kind): kind is string => !!kind).sort();
  }

  async model(kind: string) {
    // Only a kind the blueprint generates is read, so a request cannot name another file.
    const file = this.files.kinds.includes(kind)
      ? await this.files.read(kind)
      : undefined;
    if (!file) {
      throw new InputError(
        `unknown service kind "${kind}"; the blueprint has cost models for ${(
          await this.kinds()
        ).join(', ')}`,
      );
    }
    let document: unknown;
    try {
      document = parse(file.text);
    } catch (error) {
      throw new InvalidCostModelError(file.source, [(error as Error).message]);
    }
    return {
      model: parseCostModel(document, file.source),
      source: file.source,
    };
  }
}
