import { InputError } from '@backstage/errors';

/**
 * A price sheet that cannot be used; `problems` lists every one of them.
 *
 * @public
 */
export class InvalidPriceSheetError extends InputError {
  constructor(readonly problems: string[]) {
    super(`The price sheet is not valid:\n- ${problems.join('\n- ')}`);
  }
}

/**
 * A `.bicepparam` file or parameter set the estimate cannot read; `problems` lists every one.
 *
 * @public
 */
export class InvalidBicepParamsError extends InputError {
  constructor(readonly source: string, readonly problems: string[]) {
    super(`${source}:\n- ${problems.join('\n- ')}`);
  }
}

/**
 * A cost model (a service's `infra/cost-model.yaml`) the estimate cannot read; `problems` lists
 * every one, each naming its field.
 *
 * @public
 */
export class InvalidCostModelError extends InputError {
  constructor(readonly source: string, readonly problems: string[]) {
    super(`${source} is not a valid cost model:\n- ${problems.join('\n- ')}`);
  }
}

/**
 * An Azure Cost Management query result without the columns the report needs (e.g. the API
 * changed, or the query asked for another cost column).
 *
 * @public
 */
export class InvalidCostQueryResultError extends InputError {}
