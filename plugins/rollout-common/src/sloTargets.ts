import type { SloTargets } from './policyCheck';

/**
 * The part of an SLO that targets are derived from. The SLO feature's `readOpenSlo` (in its
 * -common package) returns objects of this shape; it is restated here so the rollout
 * feature's pure code does not depend on the SLO feature's package.
 *
 * @public
 */
export interface SloForTargets {
  name: string;
  displayName?: string;
  /** The target as a ratio, e.g. 0.9995. */
  objective: number;
  indicator?: { good: string; total?: string };
}

/**
 * The objectives a canary policy is held to, with the SLOs they were read from.
 *
 * @public
 */
export interface DerivedSloTargets extends SloTargets {
  /** metadata.name of the SLO `availability` comes from. */
  availabilitySlo?: string;
  /** metadata.name of the SLO `latencySeconds` comes from. */
  latencySlo?: string;
}

// The blueprint's convention (templates/common/openslo.yaml.ejs), which these patterns follow:
// - availability: good events are requests without a server error, i.e. the good query excludes
//   5xx status codes with a negative regex matcher such as status_code!~"5..";
// - latency: good events are requests within a bound, i.e. the good query reads one histogram
//   bucket `…_bucket{…,le="<seconds>"}`, and the objective is 0.95, so the SLO says "p95 ≤ <seconds>".
const EXCLUDES_SERVER_ERRORS = /\b(?:status_code|status|code)\s*!~\s*"5[^"]*"/;
const HISTOGRAM_BUCKET_BOUND = /_bucket\s*\{[^}]*\ble\s*=\s*"([^"]*)"/;
/** The canary analysis measures p95 latency, so only a 95 % latency objective compares with it. */
const P95_OBJECTIVE = 0.95;

/**
 * The availability and latency objectives of a service, derived from its SLOs as the blueprint
 * writes them (see the convention above). When there are several candidates the strictest wins,
 * because the canary has to keep all of them. What cannot be derived is explained in `problems`
 * and left undefined, so the policy is not checked against a guess.
 *
 * @public
 */
export function sloTargetsFromOpenSlo(slos: readonly SloForTargets[]): {
  targets: DerivedSloTargets;
  problems: string[];
} {
  const targets: DerivedSloTargets = {};
  const problems: string[] = [];

  for (const slo of slos) {
    if (!slo.indicator || !EXCLUDES_SERVER_ERRORS.test(slo.indicator.good)) {
      continue;
    }
    if (
      targets.availability === undefined ||
      slo.objective > targets.availability
    ) {
      targets.availability = slo.objective;
      targets.availabilitySlo = slo.name;
    }
  }
  if (targets.availability === undefined) {
    problems.push(
      'no SLO counts requests answered without a server error (a good query excluding 5xx, e.g. status_code!~"5.."), so the success-rate thresholds cannot be checked; add the availability SLO the blueprint generates to the OpenSLO file',
    );
  }

  const latencySlos = slos.flatMap(slo => {
    const bound = slo.indicator
      ? HISTOGRAM_BUCKET_BOUND.exec(slo.indicator.good)?.[1]
      : undefined;
    return bound === undefined ? [] : [{ slo, bound }];
  });
  for (const { slo, bound } of latencySlos) {
    const seconds = Number(bound);
    if (!bound.trim() || !Number.isFinite(seconds) || seconds <= 0) {
      problems.push(
        `SLO ${slo.name} counts requests in the histogram bucket le="${bound}", which is not a bound in seconds; name a finite bucket such as le="0.15"`,
      );
    } else if (slo.objective !== P95_OBJECTIVE) {
      problems.push(
        `SLO ${slo.name} asks for ${
          slo.objective
        } of requests within ${seconds} s, a p${Number(
          (slo.objective * 100).toFixed(2),
        )} objective; the canary analysis measures p95, so it is not compared; write the latency SLO with objective ${P95_OBJECTIVE} as the blueprint does`,
      );
    } else if (
      targets.latencySeconds === undefined ||
      seconds < targets.latencySeconds
    ) {
      targets.latencySeconds = seconds;
      targets.latencySlo = slo.name;
    }
  }
  if (latencySlos.length === 0) {
    problems.push(
      'no SLO counts requests within a latency bound (a good query on a histogram bucket, e.g. http_request_duration_seconds_bucket{le="0.15"}, with objective 0.95), so the latency thresholds cannot be checked; add the latency SLO the blueprint generates to the OpenSLO file',
    );
  }
  return { targets, problems };
}
