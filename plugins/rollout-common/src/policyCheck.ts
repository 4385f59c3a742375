import { formatPercent } from '@internal/plugin-slo-common';
import type { AnalysisThreshold, RolloutPolicy } from './rolloutPolicy';

/**
 * The objectives a policy is checked against (from the service's OpenSLO file).
 *
 * @public
 */
export interface SloTargets {
  /** Availability as a ratio, e.g. 0.9995. */
  availability?: number;
  /** The latency objective's threshold in seconds (p95 ≤ this). */
  latencySeconds?: number;
}

/**
 * Something a reader of the policy should act on.
 *
 * `warning`: the policy lets a canary that breaks the SLO through, or never stops one (looser
 * thresholds, no analysis, no final 100 % step). `info`: the policy is stricter than the SLO,
 * which is safe but aborts releases the SLO would accept.
 *
 * @public
 */
export interface PolicyFinding {
  severity: 'warning' | 'info';
  /** What is wrong, naming the threshold or step. */
  message: string;
  /** What to change, and where. */
  fix: string;
  /** The threshold it is about, as `template/metric`, when it is about one. */
  threshold?: string;
}

/**
 * The objective a threshold is derived from. By the blueprint's convention a floor (`>=`) is the
 * canary's success rate, held to the availability objective, and a ceiling (`<=`) its p95
 * latency in seconds, held to the latency objective.
 *
 * @public
 */
export function thresholdObjective(
  threshold: Pick<AnalysisThreshold, 'bound'>,
): 'availability' | 'latency' {
  return threshold.bound === 'min' ? 'availability' : 'latency';
}

/**
 * What is wrong with a canary policy given the service's objectives: a success-rate floor below
 * the availability objective or a latency ceiling above the latency objective lets a canary
 * that breaks the SLO through; a canary that never reaches 100 %, is never measured, or is
 * measured only late too; so does a blue-green release measured neither before nor after its
 * promotion, whose thresholds are checked the same way. An objective that is unknown is not
 * checked (the caller reports why).
 *
 * @public
 */
export function checkPolicyAgainstSlo(
  policy: RolloutPolicy,
  slo: SloTargets,
): PolicyFinding[] {
  const findings: PolicyFinding[] =
    policy.strategy === 'blueGreen'
      ? checkBlueGreen(policy)
      : checkCanarySteps(policy);
  // What the thresholds hold to the SLO: the canary's pods, or a blue-green release's new version.
  const subject = policy.strategy === 'blueGreen' ? 'new version' : 'canary';

  const floors = policy.thresholds.filter(
    t => thresholdObjective(t) === 'availability',
  );
  const ceilings = policy.thresholds.filter(
    t => thresholdObjective(t) === 'latency',
  );
  if (slo.availability !== undefined) {
    const objective = `${slo.availability} (${formatPercent(
      slo.availability,
    )})`;
    if (floors.length === 0) {
      findings.push({
        severity: 'warning',
        message: `nothing checks the ${subject}'s success rate against the availability objective ${objective}`,
        fix: `add a success-rate AnalysisTemplate with successCondition result[0] >= ${slo.availability} and run it from rollout.yaml`,
      });
    }
    for (const t of floors) {
      const name = `${t.template}/${t.metric}`;
      if (t.value < slo.availability) {
        findings.push({
          severity: 'warning',
          threshold: name,
          message: `${name} accepts a success rate of ${t.value}, looser than the availability objective ${objective}: a ${subject} that breaks the SLO is promoted`,
          fix: `raise its successCondition to result[0] >= ${slo.availability} in analysis-templates.yaml; in a generated service, run \`npm run slo:generate\`, which renders it from openslo.yaml`,
        });
      } else if (t.value > slo.availability) {
        findings.push({
          severity: 'info',
          threshold: name,
          message: `${name} demands a success rate of ${t.value}, stricter than the availability objective ${objective}: releases the SLO allows are aborted`,
          fix: `lower its successCondition to result[0] >= ${slo.availability}, unless the margin is deliberate`,
        });
      }
    }
  }
  if (slo.latencySeconds !== undefined) {
    if (ceilings.length === 0) {
      findings.push({
        severity: 'warning',
        message: `nothing checks the ${subject}'s latency against the objective of ${slo.latencySeconds} s`,
        fix: `add a p95-latency AnalysisTemplate with successCondition result[0] <= ${slo.latencySeconds} and run it from rollout.yaml`,
      });
    }
    for (const t of ceilings) {
      const name = `${t.template}/${t.metric}`;
      if (t.value > slo.latencySeconds) {
        findings.push({
          severity: 'warning',
          threshold: name,
          message: `${name} accepts ${t.value} s, looser than the latency objective of ${slo.latencySeconds} s: a ${subject} that breaks the SLO is promoted`,
          fix: `lower its successCondition to result[0] <= ${slo.latencySeconds} in analysis-templates.yaml; in a generated service, run \`npm run slo:generate\`, which renders it from openslo.yaml`,
        });
      } else if (t.value < slo.latencySeconds) {
        findings.push({
          severity: 'info',
          threshold: name,
          message: `${name} demands ${t.value} s, stricter than the latency objective of ${slo.latencySeconds} s: releases the SLO allows are aborted`,
          fix: `raise its successCondition to result[0] <= ${slo.latencySeconds}, unless the margin is deliberate`,
        });
      }
    }
  }
  return findings;
}

/** A canary that never reaches 100 %, is never measured, or is measured only late. */
function checkCanarySteps(policy: RolloutPolicy): PolicyFinding[] {
  const findings: PolicyFinding[] = [];
  const lastWeight = policy.steps.at(-1)?.weight;
  if (lastWeight !== 100) {
    findings.push({
      severity: 'warning',
      message:
        lastWeight === undefined
          ? `the canary of ${policy.name} has no steps, so it never reaches 100 %`
          : `the canary of ${policy.name} never reaches 100 % (it stops at ${lastWeight} %)`,
      fix: 'end spec.strategy.canary.steps in rollout.yaml with `- setWeight: 100`',
    });
  }
  if (policy.thresholds.length === 0) {
    findings.push({
      severity: 'warning',
      message:
        'no analysis runs during the canary, so a bad release is only stopped by hand',
      fix: 'list a success-rate and a p95-latency AnalysisTemplate under spec.strategy.canary.analysis.templates in rollout.yaml (the blueprint generates both in analysis-templates.yaml)',
    });
  } else if (policy.analysisStartsAt !== undefined) {
    const start = policy.steps[policy.analysisStartsAt];
    if (policy.analysisStartsAt > 0 && start) {
      findings.push({
        severity: 'warning',
        message: `analysis starts only at ${start.weight} %, so the steps before it take traffic unmeasured`,
        fix: 'set spec.strategy.canary.analysis.startingStep in rollout.yaml to 1 (right after the first setWeight)',
      });
    }
  }
  return findings;
}

/**
 * A blue-green release that is not measured, or promoted without a person. The preview takes no
 * customer traffic, so the post-promotion analysis is the one that sees the new version under
 * load, and only it switches back by itself.
 */
function checkBlueGreen(policy: RolloutPolicy): PolicyFinding[] {
  const findings: PolicyFinding[] = [];
  const blueGreen = policy.blueGreen;
  if (!blueGreen) return findings;
  const where = 'spec.strategy.blueGreen';
  const pre = blueGreen.prePromotionAnalysis.length > 0;
  const post = blueGreen.postPromotionAnalysis.length > 0;
  if (!pre && !post) {
    findings.push({
      severity: 'warning',
      message: `no analysis runs before or after ${policy.name} is promoted, so a bad release is only stopped by hand`,
      fix: `list a success-rate and a p95-latency AnalysisTemplate under ${where}.prePromotionAnalysis.templates and ${where}.postPromotionAnalysis.templates in rollout.yaml (the blueprint generates both in analysis-templates.yaml)`,
    });
  } else if (!post) {
    findings.push({
      severity: 'warning',
      message: `nothing measures ${policy.name} after promotion, when it takes all the traffic: a release that fails under load is only stopped by hand`,
      fix: `list the pre-promotion AnalysisTemplates under ${where}.postPromotionAnalysis.templates in rollout.yaml too`,
    });
  } else if (!pre) {
    findings.push({
      severity: 'info',
      message: `${policy.name} is promoted without an analysis of the preview`,
      fix: `list the post-promotion AnalysisTemplates under ${where}.prePromotionAnalysis.templates in rollout.yaml too`,
    });
  }
  if (blueGreen.autoPromotionEnabled) {
    findings.push({
      severity: 'info',
      message: `${
        policy.name
      } is promoted without a person, as soon as the preview is ready${
        pre ? ' and its analysis passed' : ''
      }`,
      fix: `set ${where}.autoPromotionEnabled: false in rollout.yaml to promote by hand (kubectl argo rollouts promote ${policy.name})`,
    });
  }
  return findings;
}
