import type { SloAlert } from './api';

/**
 * One entry of Prometheus's `GET /api/v1/alerts` answer (`data.alerts`), as far as the SLO card
 * reads it.
 *
 * @public
 */
export interface PrometheusAlertEntry {
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  state?: string;
  activeAt?: string;
}

const STATE_ORDER = { firing: 0, pending: 1 } as const;

/**
 * The alerts of the given services, from everything the server holds: those whose `service`
 * label is one of `services` (the OpenSLO files' `spec.service`, which the blueprint's rules put
 * on every alert) and which are pending or firing. Firing first, then pages before tickets, then
 * the longest active first, so the card's top line is the most urgent.
 *
 * @public
 */
export function alertsOfServices(
  alerts: readonly PrometheusAlertEntry[],
  services: Iterable<string>,
): SloAlert[] {
  const wanted = new Set(services);
  return alerts
    .filter(
      alert =>
        wanted.has(alert.labels?.service ?? '') &&
        (alert.state === 'firing' || alert.state === 'pending'),
    )
    .map(alert => {
      const labels = alert.labels ?? {};
      const annotations = alert.annotations ?? {};
      return {
        name: labels.alertname ?? 'unnamed alert',
        state: alert.state as SloAlert['state'],
        severity: labels.severity,
        slo: labels.slo,
        since: validTime(alert.activeAt),
        summary: annotations.summary ?? annotations.description,
        runbookUrl: annotations.runbook_url,
      };
    })
    .sort(
      (a, b) =>
        STATE_ORDER[a.state] - STATE_ORDER[b.state] ||
        Number(b.severity === 'page') - Number(a.severity === 'page') ||
        (a.since ?? '').localeCompare(b.since ?? '') ||
        a.name.localeCompare(b.name),
    );
}

// Prometheus writes nanosecond fractions (2026-12-07T11:13:29.11983645Z); the card needs a Date.
function validTime(text: string | undefined): string | undefined {
  if (!text) return undefined;
  const time = Date.parse(text);
  // Prometheus's zero time (0001-01-01) means "never active".
  return Number.isNaN(time) || time <= 0
    ? undefined
    : new Date(time).toISOString();
}
