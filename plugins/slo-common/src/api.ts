import type { SloStatus } from './sloMath';

/**
 * The SLO backend's answers (`/api/slo/v1/...`), shared with the frontend.
 */

/**
 * Where measurements come from: Prometheus's HTTP API, Azure Monitor (the managed Prometheus
 * query endpoint of an Azure Monitor workspace), or nothing configured.
 *
 * @public
 */
export interface SloDataSource {
  type: 'prometheus' | 'azure-monitor' | 'none';
  /** In words, for the card: which endpoint, or what to configure to get measurements. */
  message: string;
}

/**
 * What was measured for one SLO at `measuredAt`.
 *
 * @public
 */
export interface SloMeasurement {
  /** Share of good events over the SLO's whole window; undefined when there were no events. */
  attainment?: number;
  /** Share of the window's error budget left: 1 untouched, 0 spent, negative overspent. */
  budgetRemaining?: number;
  /** How fast the budget burns over the last hour (1 = exactly on budget). */
  burnRate1h?: number;
  /** The same over the last six hours. */
  burnRate6h?: number;
  status: SloStatus;
  measuredAt: string;
  /**
   * How much of the window Prometheus holds: when it holds less (a new service, a short
   * retention), attainment and budget cover only the days held and the card marks them partial.
   * Undefined when it could not be read; see `historyError`.
   */
  history?: SloHistoryHeld;
  /** Why `history` could not be read (the other numbers still stand). */
  historyError?: string;
}

/**
 * The days of an objective's window the data source holds samples for, counted from the
 * earliest day with a sample of the indicator's total series up to today.
 *
 * @public
 */
export interface SloHistoryHeld {
  /** Days held, 0 to `windowDays`. */
  daysHeld: number;
  /** The window in whole days, e.g. 28. */
  windowDays: number;
  /** True when fewer days are held than the window has. */
  partial: boolean;
}

/**
 * One objective of a service, with its measurement when a data source is configured.
 *
 * @public
 */
export interface SloReport {
  name: string;
  displayName: string;
  description?: string;
  /** The target as a ratio, e.g. 0.9995. */
  objective: number;
  windowDays: number;
  errorBudget: { allowedFailureRatio: number; fullOutageMinutes: number };
  /**
   * The indicator's queries (good and total events), with `{{.window}}` still in them; undefined
   * for an objective whose OpenSLO document has no ratio indicator (listed, but not measurable).
   */
  indicator?: { good: string; total: string };
  measurement?: SloMeasurement;
  /** Why this SLO could not be measured (the others may still be). */
  measurementError?: string;
}

/**
 * `GET /api/slo/v1/entities/:kind/:namespace/:name`.
 *
 * @public
 */
export interface EntitySloReport {
  entityRef: string;
  /** Where the OpenSLO file was read from; undefined when the entity names none. */
  sloFileUrl?: string;
  source: SloDataSource;
  /** Problems with the entity's OpenSLO file, each naming the document and what to fix. */
  problems: string[];
  slos: SloReport[];
  /** The pending and firing alerts of the service's objectives. */
  alerts: SloAlerts;
  /** The service's SLO dashboard, or why there is no link to it. */
  dashboard: SloDashboardLink;
}

/**
 * One pending or firing alert of the service (labelled with the OpenSLO file's `spec.service`,
 * as the blueprint's rules label them).
 *
 * @public
 */
export interface SloAlert {
  /** The `alertname`, e.g. `SLOBudgetBurnFast`. */
  name: string;
  state: 'firing' | 'pending';
  /** The `severity` label: `page` or `ticket` in generated rules; undefined when unlabelled. */
  severity?: string;
  /** The `slo` label: which objective burns. */
  slo?: string;
  /** When the alert became active (pending, then firing), ISO 8601. */
  since?: string;
  /** The `summary` annotation (or `description` when there is none). */
  summary?: string;
  /** The `runbook_url` annotation: the section of the service's runbook for this alert. */
  runbookUrl?: string;
}

/**
 * The alerts part of {@link EntitySloReport}: `alerts` is the full list when `status` is
 * `read`; otherwise `message` says why there is none (nothing configured, a data source without
 * an alerts API, or an error).
 *
 * @public
 */
export interface SloAlerts {
  status: 'read' | 'not-configured' | 'not-available' | 'error';
  /** Firing before pending, pages before tickets, oldest first. */
  alerts: SloAlert[];
  message?: string;
}

/**
 * Where the service's SLO dashboard is: `url` when `slo.grafana.baseUrl` is configured and the
 * entity names its dashboard, otherwise `message` says what is missing.
 *
 * @public
 */
export interface SloDashboardLink {
  url?: string;
  message?: string;
}

/**
 * `GET /api/slo/v1/entities/:kind/:namespace/:name/history?slo=<name>&days=<n>`: the SLI per day.
 *
 * @public
 */
export interface SloHistory {
  entityRef: string;
  slo: string;
  objective: number;
  source: SloDataSource;
  /** One point per day, oldest first; `sli` undefined where there were no events that day. */
  points: { time: string; sli?: number }[];
  /**
   * In {@link EntitySloHistories} only: why this objective's history could not be read (the
   * others may still be); `points` is empty then.
   */
  error?: string;
}

/**
 * `GET /api/slo/v1/entities/:kind/:namespace/:name/histories?days=<n>`: the daily SLI of every
 * objective with a ratio indicator, in one answer, as the SLO tab shows them all: one catalog
 * lookup and one read of the OpenSLO file instead of one per objective.
 *
 * @public
 */
export interface EntitySloHistories {
  entityRef: string;
  source: SloDataSource;
  /** In the file's order; `days` defaults to each objective's window. */
  histories: SloHistory[];
}
