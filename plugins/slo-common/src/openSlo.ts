import {
  isRecord,
  parseWithProblems,
  shortened,
  yamlText,
} from '@internal/schema-problems';
import { z } from 'zod';
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

/**
 * A section the objective needs, read as a mapping. One that is missing or not a mapping reads
 * as empty, so the problem names the field the reader needed (`spec.service is missing`) rather
 * than the section around it.
 */
function section<T extends z.ZodRawShape>(shape: T) {
  return z.preprocess(
    value => (isRecord(value) ? value : {}),
    z.looseObject(shape),
  );
}

/** Text fields may be written as YAML numbers or booleans (`displayName: 2024`); never mappings. */
const text = (fix: string) => yamlText(`{path} is {value}; ${fix}`);

/** Text that is there: not missing, not empty. (A refinement, so a list is reported once.) */
const present = (fix: string) =>
  z.string({ error: fix }).refine(value => value !== '', { error: fix });

/** `28d`, `4w`: the window in days, or a problem saying what a window looks like. */
const windowDuration = z.unknown().transform((duration, ctx): number => {
  const fail = (message: string) => {
    ctx.issues.push({ code: 'custom', message, input: duration });
    return z.NEVER;
  };
  if (!duration) return fail('{path} is missing, e.g. 28d');
  if (typeof duration !== 'string') {
    return fail(
      '{path} is {value}; write a number and a unit m, h, d or w, e.g. 28d',
    );
  }
  let days: number;
  try {
    days = durationDays(duration);
  } catch {
    return fail(
      '{path} {value}: write a number and a unit m, h, d or w (e.g. 28d)',
    );
  }
  if (!(days > 0)) {
    // `0d` as the reader typed it: the unit is right, the number is not.
    return fail(
      `{path} is ${duration}; an SLO window must be longer than zero, e.g. 28d`,
    );
  }
  if (!Number.isFinite(days)) {
    // A number too long to represent: no budget or PromQL range can be computed.
    return fail(
      '{path} is {value}; write a window a person would choose, e.g. 28d',
    );
  }
  return days;
});

const notARatio =
  '{path} is {value}; write a ratio between 0 and 1, e.g. 0.9995 for 99.95 %';
const target = z
  .number({ error: notARatio })
  .gt(0, { error: notARatio })
  .lt(1, { error: notARatio });

const promQl = z.string({
  error: '{path} is {value}; write the PromQL query as text',
});
const metricSource = z.looseObject({
  spec: z.object({ query: promQl }),
});

/** Both queries must be there before their type is worth a word. */
const hasQueries = (value: unknown): boolean =>
  (['good', 'total'] as const).every(part => {
    const source = (value as any)?.[part]?.metricSource;
    return Boolean(source?.spec?.query);
  });

const ratioMetric = z
  .unknown()
  .refine(hasQueries, {
    error: '{path} needs good and total metricSource queries',
  })
  .pipe(
    z.object({
      good: z.object({ metricSource }),
      total: z.object({ metricSource }),
    }),
  )
  .transform(({ good, total }) => ({
    source: yamlText().safeParse(good.metricSource.type).data ?? 'unknown',
    good: good.metricSource.spec.query,
    total: total.metricSource.spec.query,
  }));

/** The fields of an OpenSLO v1 `SLO` the portal reads, in the order problems are listed. */
const sloSchema = section({
  metadata: z.preprocess(
    value => {
      const metadata = isRecord(value) ? value : {};
      // The display name defaults to the name (OpenSLO: metadata.displayName is optional).
      return {
        ...metadata,
        displayName: metadata.displayName ?? metadata.name,
      };
    },
    z.looseObject({
      name: present('{path} is missing'),
      displayName: text('write it as text'),
    }),
  ),
  spec: section({
    service: present(
      '{path} is missing: name the service this objective belongs to',
    ),
    timeWindow: z.preprocess(
      value => [Array.isArray(value) && isRecord(value[0]) ? value[0] : {}],
      z.tuple([section({ duration: windowDuration })]),
    ),
    objectives: z.preprocess(
      value => (Array.isArray(value) ? value : []),
      z
        .array(z.unknown())
        .length(1, {
          error: issue =>
            `{path} must hold exactly one objective (found ${
              (issue.input as unknown[]).length
            })`,
        })
        .pipe(z.tuple([section({ target })])),
    ),
    indicator: section({
      spec: section({
        // Falsy (absent, null, empty) is an SLO without indicator, not a broken one.
        ratioMetric: z.preprocess(
          value => value || undefined,
          ratioMetric.optional(),
        ),
      }),
    }),
    // YAML reads `description:` with nothing after it as null: no description, not a wrong one.
    description: z.preprocess(
      value => value ?? undefined,
      text('write text').optional(),
    ),
  }),
}).transform(
  ({ metadata, spec }): SloDefinition => ({
    name: metadata.name,
    displayName: metadata.displayName,
    service: spec.service,
    description: spec.description,
    objective: spec.objectives[0].target,
    windowDays: spec.timeWindow[0].duration,
    indicator: spec.indicator.spec.ratioMetric,
  }),
);

/** What every OpenSLO document must be, before its kind says whether it is an objective. */
const documentSchema = z.looseObject(
  {
    apiVersion: z.literal('openslo/v1', {
      error: '{path} is {value}; use openslo/v1',
    }),
  },
  { error: 'is not a YAML mapping' },
);

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
    const name = isRecord(raw) && isRecord(raw.metadata) && raw.metadata.name;
    const where = `document ${index + 1}${
      typeof name === 'string' && name ? ` (${shortened(name)})` : ''
    }`;
    const document = parseWithProblems(documentSchema, raw);
    // SLIs, alert policies and other kinds are not objectives.
    if (document.success && document.data.kind !== 'SLO') return;
    const slo = document.success ? parseWithProblems(sloSchema, raw) : document;
    if (slo.success) slos.push(slo.data);
    problems.push(...slo.problems.map(problem => `${where}: ${problem}`));
  });
  return { slos, problems };
}
