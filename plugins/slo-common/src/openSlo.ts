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

/** Longest value quoted in a problem: a 10 000-character query would hide the message. */
const MAX_QUOTED = 80;

/**
 * A value as a problem message quotes it. JSON, because `String()` on a YAML mapping gives
 * "[object Object]", or throws when the mapping has a key named toString.
 */
function quoted(value: unknown): string {
  let text: string;
  try {
    // JSON writes NaN and Infinity (YAML's .nan, .inf) as null.
    text =
      typeof value === 'number'
        ? String(value)
        : JSON.stringify(value) ?? String(value);
  } catch {
    text = Object.prototype.toString.call(value);
  }
  return shortened(text);
}

function shortened(text: string): string {
  return text.length > MAX_QUOTED ? `${text.slice(0, MAX_QUOTED)}…` : text;
}

/** Text fields may be written as YAML numbers or booleans (`displayName: 2024`); never mappings. */
function isText(value: unknown): value is string | number | boolean {
  return ['string', 'number', 'boolean'].includes(typeof value);
}

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
    const name = doc?.metadata?.name;
    const where = `document ${index + 1}${
      typeof name === 'string' && name ? ` (${shortened(name)})` : ''
    }`;
    const own: string[] = [];
    const problem = (text: string) => own.push(`${where}: ${text}`);

    if (typeof raw !== 'object' || Array.isArray(raw)) {
      problem('is not a YAML mapping');
    } else if (doc.apiVersion !== 'openslo/v1') {
      problem(`apiVersion is ${quoted(doc.apiVersion)}; use openslo/v1`);
    } else if (doc.kind !== 'SLO') {
      return; // SLIs, alert policies and other kinds are not objectives
    }
    if (own.length === 0) {
      if (typeof name !== 'string' || !name)
        problem('metadata.name is missing');
      const displayName = doc.metadata?.displayName ?? name;
      if (!isText(displayName)) {
        problem(
          `metadata.displayName is ${quoted(displayName)}; write it as text`,
        );
      }
      const spec =
        doc.spec && typeof doc.spec === 'object' && !Array.isArray(doc.spec)
          ? doc.spec
          : {};
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
      } else if (typeof window.duration !== 'string') {
        problem(
          `spec.timeWindow[0].duration is ${quoted(
            window.duration,
          )}; write a number and a unit m, h, d or w, e.g. 28d`,
        );
      } else {
        try {
          windowDays = durationDays(window.duration);
          if (!(windowDays > 0)) {
            problem(
              `spec.timeWindow[0].duration is ${window.duration}; an SLO window must be longer than zero, e.g. 28d`,
            );
          } else if (!Number.isFinite(windowDays)) {
            // A number too long to represent: no budget or PromQL range can be computed.
            problem(
              `spec.timeWindow[0].duration is ${quoted(
                window.duration,
              )}; write a window a person would choose, e.g. 28d`,
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
          `spec.objectives[0].target is ${quoted(
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
          for (const [part, source] of [
            ['good', good],
            ['total', total],
          ] as const) {
            if (typeof source.spec.query !== 'string') {
              problem(
                `spec.indicator.spec.ratioMetric.${part}.metricSource.spec.query is ${quoted(
                  source.spec.query,
                )}; write the PromQL query as text`,
              );
            }
          }
          indicator = {
            source: isText(good.type) ? String(good.type) : 'unknown',
            good: good.spec.query,
            total: total.spec.query,
          };
        }
      }
      // YAML reads `description:` with nothing after it as null: no description, not a wrong one.
      const description =
        spec.description === null ? undefined : spec.description;
      if (description !== undefined && !isText(description)) {
        problem(`spec.description is ${quoted(description)}; write text`);
      }
      if (own.length === 0) {
        slos.push({
          name,
          displayName: String(displayName),
          service: spec.service,
          description:
            description === undefined ? undefined : String(description),
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
