import type {
  BackstageCredentials,
  LoggerService,
  UrlReaderService,
} from '@backstage/backend-plugin-api';
import {
  type CompoundEntityRef,
  type Entity,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { NotFoundError, ServiceUnavailableError } from '@backstage/errors';
import type { ScmIntegrationRegistry } from '@backstage/integration';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  alertsOfServices,
  attainment,
  errorBudget,
  GRAFANA_DASHBOARD_UID_ANNOTATION,
  grafanaDashboardUrl,
  type SloAlerts,
  type SloDashboardLink,
  type EntitySloHistories,
  type EntitySloReport,
  promqlDuration,
  queryForWindow,
  type SloDefinition,
  type SloHistory,
  type SloReport,
} from '@internal/plugin-slo-common';
import type { SloMeasurements } from '../PrometheusQuerier';
import { countsOf, measureSlo } from './measureSlo';
import { readEntitySlos } from './readEntitySlos';
import type { SloReportService } from './types';

const DAY_SECONDS = 24 * 60 * 60;

/** The longest history the API serves, in days. */
export const MAX_HISTORY_DAYS = 90;

/**
 * Reads each entity's OpenSLO file from its repository on every request (the file is the source
 * of truth and small) and measures it through the configured data source.
 */
export class DefaultSloReportService implements SloReportService {
  readonly #catalog: CatalogService;
  readonly #urlReader: UrlReaderService;
  readonly #integrations: ScmIntegrationRegistry;
  readonly #measurements: SloMeasurements;
  readonly #logger: LoggerService;
  readonly #now: () => Date;
  readonly #grafanaBaseUrl?: string;

  constructor(options: {
    catalog: CatalogService;
    urlReader: UrlReaderService;
    integrations: ScmIntegrationRegistry;
    measurements: SloMeasurements;
    logger: LoggerService;
    /** `slo.grafana.baseUrl`: where the services' SLO dashboards are; none, no link. */
    grafanaBaseUrl?: string;
    /** The clock; tests pin it to check the time parameters sent to Prometheus. */
    now?: () => Date;
  }) {
    this.#catalog = options.catalog;
    this.#urlReader = options.urlReader;
    this.#integrations = options.integrations;
    this.#measurements = options.measurements;
    this.#logger = options.logger;
    this.#now = options.now ?? (() => new Date());
    this.#grafanaBaseUrl = options.grafanaBaseUrl?.trim() || undefined;
  }

  async getReport(
    entityRef: CompoundEntityRef,
    options: { credentials: BackstageCredentials },
  ): Promise<EntitySloReport> {
    const entity = await this.#entity(entityRef, options.credentials);
    const { sloFileUrl, slos, problems } = await readEntitySlos({
      entity,
      integrations: this.#integrations,
      urlReader: this.#urlReader,
    });
    const now = this.#now();
    const [reports, alerts] = await Promise.all([
      Promise.all(slos.map(slo => this.#report(entity, slo, now))),
      this.#alerts(entity, slos),
    ]);
    return {
      entityRef: stringifyEntityRef(entity),
      sloFileUrl,
      source: this.#measurements.source,
      problems,
      slos: reports,
      alerts,
      dashboard: this.#dashboard(entity),
    };
  }

  async getHistory(
    entityRef: CompoundEntityRef,
    request: { slo: string; days?: number },
    options: { credentials: BackstageCredentials },
  ): Promise<SloHistory> {
    const entity = await this.#entity(entityRef, options.credentials);
    const ref = stringifyEntityRef(entity);
    const { slos, problems } = await readEntitySlos({
      entity,
      integrations: this.#integrations,
      urlReader: this.#urlReader,
    });
    const slo = slos.find(s => s.name === request.slo);
    if (!slo) {
      const known = slos.length
        ? `its objectives are ${slos.map(s => s.name).join(', ')}`
        : `it has no readable objective (${problems.join('; ')})`;
      throw new NotFoundError(
        `${ref} has no SLO named "${request.slo}": ${known}`,
      );
    }
    return this.#history(ref, slo, request.days);
  }

  async getHistories(
    entityRef: CompoundEntityRef,
    request: { days?: number },
    options: { credentials: BackstageCredentials },
  ): Promise<EntitySloHistories> {
    const entity = await this.#entity(entityRef, options.credentials);
    const ref = stringifyEntityRef(entity);
    const { slos } = await readEntitySlos({
      entity,
      integrations: this.#integrations,
      urlReader: this.#urlReader,
    });
    const histories = await Promise.all(
      slos
        .filter(slo => slo.indicator)
        .map(slo =>
          this.#history(ref, slo, request.days).catch(
            (error): SloHistory => ({
              entityRef: ref,
              slo: slo.name,
              objective: slo.objective,
              source: this.#measurements.source,
              points: [],
              error: (error as Error).message,
            }),
          ),
        ),
    );
    return { entityRef: ref, source: this.#measurements.source, histories };
  }

  async #history(
    ref: string,
    slo: SloDefinition,
    requestedDays: number | undefined,
  ): Promise<SloHistory> {
    const days =
      requestedDays ??
      Math.min(MAX_HISTORY_DAYS, Math.max(1, Math.ceil(slo.windowDays)));
    const history: SloHistory = {
      entityRef: ref,
      slo: slo.name,
      objective: slo.objective,
      source: this.#measurements.source,
      points: [],
    };
    const querier = this.#measurements.querier;
    if (!querier) return history;
    if (!slo.indicator) {
      throw new NotFoundError(
        `${ref}'s SLO "${slo.name}" has no history: its OpenSLO document has no ratioMetric indicator to query`,
      );
    }

    // One point per day ending now; each point covers the day before it.
    const end = new Date(Math.floor(this.#now().getTime() / 1000) * 1000);
    const start = new Date(end.getTime() - (days - 1) * DAY_SECONDS * 1000);
    const range = { start, end, stepSeconds: DAY_SECONDS };
    const day = promqlDuration(1);
    let good: Map<number, number>;
    let total: Map<number, number>;
    try {
      [good, total] = await Promise.all([
        querier.rangeSums(queryForWindow(slo.indicator.good, day), range),
        querier.rangeSums(queryForWindow(slo.indicator.total, day), range),
      ]);
    } catch (error) {
      throw new ServiceUnavailableError(
        `The history of ${ref}'s SLO "${slo.name}" could not be read: ${
          (error as Error).message
        }`,
      );
    }
    for (let i = 0; i < days; i++) {
      const seconds = start.getTime() / 1000 + i * DAY_SECONDS;
      const counts = countsOf({
        good: good.get(seconds),
        total: total.get(seconds),
      });
      history.points.push({
        time: new Date(seconds * 1000).toISOString(),
        sli: counts && attainment(counts.good, counts.total),
      });
    }
    return history;
  }

  /**
   * The pending and firing alerts labelled with the services the entity's objectives name
   * (`spec.service` of its OpenSLO documents: the `service` label the blueprint's rules carry).
   * Never throws: a failure becomes the message the card shows in place of the list.
   */
  async #alerts(entity: Entity, slos: SloDefinition[]): Promise<SloAlerts> {
    const querier = this.#measurements.querier;
    if (!querier) {
      return {
        status: 'not-configured',
        alerts: [],
        message: 'No alerts: Prometheus is not configured.',
      };
    }
    const services = new Set(slos.map(slo => slo.service));
    // Nothing to look for: the file's problems already say why there is no objective.
    if (services.size === 0) return { status: 'read', alerts: [] };
    try {
      return {
        status: 'read',
        alerts: alertsOfServices(await querier.alerts(), services),
      };
    } catch (error) {
      const { name, message } = error as Error;
      if (name === 'NotImplementedError') {
        return { status: 'not-available', alerts: [], message };
      }
      this.#logger.warn(
        `Alerts of ${stringifyEntityRef(entity)} were not read: ${message}`,
      );
      return {
        status: 'error',
        alerts: [],
        message: `Alerts could not be read: ${message}`,
      };
    }
  }

  #dashboard(entity: Entity): SloDashboardLink {
    const uid =
      entity.metadata.annotations?.[GRAFANA_DASHBOARD_UID_ANNOTATION]?.trim();
    if (!uid) {
      return {
        message: `No dashboard: ${stringifyEntityRef(
          entity,
        )} has no ${GRAFANA_DASHBOARD_UID_ANNOTATION} annotation (the blueprint writes it with environments/prod/grafana-dashboard.yaml).`,
      };
    }
    if (!this.#grafanaBaseUrl) {
      return {
        message:
          'Dashboard not configured: set slo.grafana.baseUrl to link to Grafana.',
      };
    }
    return { url: grafanaDashboardUrl(this.#grafanaBaseUrl, uid) };
  }

  async #entity(
    entityRef: CompoundEntityRef,
    credentials: BackstageCredentials,
  ): Promise<Entity> {
    const entity = await this.#catalog.getEntityByRef(entityRef, {
      credentials,
    });
    if (!entity) {
      throw new NotFoundError(
        `${stringifyEntityRef(
          entityRef,
        )} is not in the catalog; check the kind, namespace and name`,
      );
    }
    return entity;
  }

  async #report(
    entity: Entity,
    slo: SloDefinition,
    now: Date,
  ): Promise<SloReport> {
    const report: SloReport = {
      name: slo.name,
      displayName: slo.displayName,
      description: slo.description,
      objective: slo.objective,
      windowDays: slo.windowDays,
      errorBudget: errorBudget(slo.objective, slo.windowDays),
      indicator: slo.indicator && {
        good: slo.indicator.good,
        total: slo.indicator.total,
      },
    };
    const querier = this.#measurements.querier;
    if (!querier) return report;
    if (!slo.indicator) {
      report.measurementError =
        'Not measured: the OpenSLO document has no ratioMetric indicator with good and total queries.';
      return report;
    }
    try {
      report.measurement = await measureSlo(
        { ...slo, indicator: slo.indicator },
        querier,
        now,
      );
    } catch (error) {
      report.measurementError = (error as Error).message;
      this.#logger.warn(
        `SLO ${slo.name} of ${stringifyEntityRef(entity)} was not measured: ${
          (error as Error).message
        }`,
      );
    }
    return report;
  }
}
