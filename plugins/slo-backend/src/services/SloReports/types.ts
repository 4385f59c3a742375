import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import type { CompoundEntityRef } from '@backstage/catalog-model';
import type {
  EntitySloHistories,
  EntitySloReport,
  SloHistory,
} from '@internal/plugin-slo-common';

/** The SLO feature's answers about one catalog entity. */
export interface SloReportService {
  /**
   * Each objective in the entity's OpenSLO file with its error budget and, when a data source is
   * configured, its measurement. Problems with the file are part of the answer, not errors.
   *
   * @throws NotFoundError when the entity is not in the catalog (or not visible to the caller).
   */
  getReport(
    entityRef: CompoundEntityRef,
    options: { credentials: BackstageCredentials },
  ): Promise<EntitySloReport>;

  /**
   * The daily SLI of one objective over the last `days` days (default: its window, at most 90).
   *
   * @throws NotFoundError when the entity or the objective does not exist.
   * @throws ServiceUnavailableError when the data source refuses or does not answer the query.
   */
  getHistory(
    entityRef: CompoundEntityRef,
    request: { slo: string; days?: number },
    options: { credentials: BackstageCredentials },
  ): Promise<SloHistory>;

  /**
   * The daily SLI of every objective with a ratio indicator, from one catalog lookup and one
   * read of the OpenSLO file. An objective whose queries fail carries the reason in `error`.
   *
   * @throws NotFoundError when the entity does not exist.
   */
  getHistories(
    entityRef: CompoundEntityRef,
    request: { days?: number },
    options: { credentials: BackstageCredentials },
  ): Promise<EntitySloHistories>;
}
