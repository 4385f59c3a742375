import type { EntitySloReport } from './api';
import { formatPercent } from './format';

/** The notifications topic of SLO conditions. @public */
export const SLO_NOTIFICATION_TOPIC = 'slo-critical';

/**
 * One objective's status as an owner-notification condition (structurally catalog-files-node's
 * `OwnerCondition`): `critical` notifies the owner (severity critical); leaving it (`ok` or
 * `warning`) sends a "no longer critical" notice (normal).
 *
 * @public
 */
export interface SloCriticalCondition {
  key: string;
  state: 'critical' | 'not-critical';
  quiet: boolean;
  recipients: string[];
  notification: {
    title: string;
    description: string;
    link: string;
    severity: 'critical' | 'normal';
    topic: string;
  };
}

/** `kind:namespace/name` → the entity's page in the app. */
function entityPagePath(entityRef: string): string {
  const match = /^([^:]+):(?:([^/]+)\/)?(.+)$/.exec(entityRef);
  const [kind, namespace, name] = match
    ? [match[1], match[2] ?? 'default', match[3]]
    : ['component', 'default', entityRef];
  return `/catalog/${encodeURIComponent(namespace)}/${encodeURIComponent(
    kind.toLowerCase(),
  )}/${encodeURIComponent(name)}`;
}

/**
 * One condition per measured objective of the report. An objective without a measurement or
 * with `no-data` gives none: a gap in the data keeps the state last recorded, so an outage of
 * Prometheus does not notify "resolved" and then "critical" again.
 *
 * @param ownerRef - the entity's owner (`spec.owner` as a full ref); the entity itself when
 *   unknown (Backstage's notifications backend routes it to its owner)
 * @public
 */
export function sloCriticalConditions(
  report: EntitySloReport,
  ownerRef?: string,
): SloCriticalCondition[] {
  return report.slos.flatMap(slo => {
    const measurement = slo.measurement;
    if (!measurement || measurement.status === 'no-data') return [];
    const critical = measurement.status === 'critical';
    const figures = [
      measurement.burnRate1h !== undefined &&
        `1 h burn rate ${measurement.burnRate1h.toFixed(1)}`,
      measurement.burnRate6h !== undefined &&
        `6 h burn rate ${measurement.burnRate6h.toFixed(1)}`,
      measurement.budgetRemaining !== undefined &&
        `${formatPercent(
          measurement.budgetRemaining,
          1,
        )} of the error budget left`,
    ]
      .filter(Boolean)
      .join(', ');
    const name = `${slo.displayName} of ${report.entityRef}`;
    return [
      {
        key: `slo:${report.entityRef.toLowerCase()}:${slo.name}`,
        state: critical ? ('critical' as const) : ('not-critical' as const),
        quiet: !critical,
        recipients: [ownerRef ?? report.entityRef],
        notification: critical
          ? {
              title: `SLO critical: ${name}`,
              description: `${name} (objective ${formatPercent(
                slo.objective,
              )}) is critical: ${figures}. See the SLO card and the service's runbook.`,
              link: entityPagePath(report.entityRef),
              severity: 'critical' as const,
              topic: SLO_NOTIFICATION_TOPIC,
            }
          : {
              title: `SLO no longer critical: ${name}`,
              description: `${name} is ${measurement.status} again: ${figures}.`,
              link: entityPagePath(report.entityRef),
              severity: 'normal' as const,
              topic: SLO_NOTIFICATION_TOPIC,
            },
      },
    ];
  });
}
