import { durationDays } from './sloMath';

/** One objective of a service, as the SLO feature uses it. */
export interface SloDefinition {
  /** metadata.name of the OpenSLO document. */
  name: string;
  displayName: string;
  service: string;
  description?: string;
  /** The target as a ratio, e.g. 0.9995. */
  objective: number;
  /** The rolling window in days (28 for `28d`). */
  windowDays: number;
  /** Prometheus queries of good and total events; `{{.window}}` stands for the range. */
  indicator?: { source: string; good: string; total: string };
}

/** What reading an OpenSLO file gave: the SLOs it could read, and every problem with the rest. */
export interface OpenSloReadResult {
  slos: SloDefinition[];
  problems: string[];
}

type Doc = Record<string, any>;

/**
 * Reads OpenSLO v1 `SLO` documents (already parsed from YAML) with a ratio indicator and one
 * objective. A broken document is reported by name and place and skipped; the others are still
 * read, so one bad SLO never hides a service's other objectives.
 */
export function readOpenSlo(documents: unknown[]): OpenSloReadResult {
  const slos: SloDefinition[] = [];
  const problems: string[] = [];
  documents.forEach((raw, index) => {
    if (raw === null || raw === undefined) return;
    const doc = raw as Doc;
    const where = `document ${index + 1}${
      typeof doc?.metadata?.name === 'string' ? ` (${doc.metadata.name})` : ''
    }`;
    const own: string[] = [];
    const problem = (text: string) => own.push(`${where}: ${text}`);

    if (typeof raw !== 'object' || Array.isArray(raw)) {
      problem('is not a YAML mapping');
    } else if (doc.apiVersion !== 'openslo/v1') {
      problem(
        `apiVersion is ${JSON.stringify(doc.apiVersion)}; use openslo/v1`,
      );
    } else if (doc.kind !== 'SLO') {
      return; // SLIs, alert policies and other kinds are not objectives
    }
    if (own.length === 0) {
      const name = doc.metadata?.name;
      if (typeof name !== 'string' || !name)
        problem('metadata.name is missing');
      const spec = doc.spec ?? {};
      if (typeof spec.service !== 'string' || !spec.service) {
        problem(
          'spec.service is missing: name the service this objective belongs to',
        );
      }
      const window = Array.isArray(spec.timeWindow)
        ? spec.timeWindow[0]
        : undefined;
      let windowDays: number | undefined;
      if (!window?.duration) {
        problem('spec.timeWindow[0].duration is missing, e.g. 28d');
      } else {
        try {
          windowDays = durationDays(String(window.duration));
          if (!(windowDays > 0)) {
            problem(
              `spec.timeWindow[0].duration is ${window.duration}; an SLO window must be longer than zero, e.g. 28d`,
            );
          }
        } catch (error) {
          problem(`spec.timeWindow[0].${(error as Error).message}`);
        }
      }
      const objectives = Array.isArray(spec.objectives) ? spec.objectives : [];
      const target = objectives[0]?.target;
      if (objectives.length !== 1) {
        problem(
          `spec.objectives must hold exactly one objective (found ${objectives.length})`,
        );
      } else if (typeof target !== 'number' || !(target > 0 && target < 1)) {
        problem(
          `spec.objectives[0].target is ${JSON.stringify(
            target,
          )}; write a ratio between 0 and 1, e.g. 0.9995 for 99.95 %`,
        );
      }
      const ratio = spec.indicator?.spec?.ratioMetric;
      const good = ratio?.good?.metricSource;
      const total = ratio?.total?.metricSource;
      let indicator: SloDefinition['indicator'];
      if (ratio) {
        if (!good?.spec?.query || !total?.spec?.query) {
          problem(
            'spec.indicator.spec.ratioMetric needs good and total metricSource queries',
          );
        } else {
          indicator = {
            source: String(good.type ?? 'unknown'),
            good: String(good.spec.query),
            total: String(total.spec.query),
          };
        }
      }
      if (own.length === 0) {
        slos.push({
          name,
          displayName: String(doc.metadata.displayName ?? name),
          service: spec.service,
          description: spec.description,
          objective: target,
          windowDays: windowDays!,
          indicator,
        });
      }
    }
    problems.push(...own);
  });
  return { slos, problems };
}
