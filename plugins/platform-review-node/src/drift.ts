import {
  type DriftRow,
  type ReviewFinding,
  REVIEW_ANNOTATIONS,
} from '@internal/plugin-platform-review-common';
import { toCatalogIndex, type CatalogInput } from './catalogIndex';
import { makeFinding } from './findings';
import { compareText, displayRef } from './refs';

/**
 * A semantic version's parts.
 *
 * @public
 */
export interface SemanticVersion {
  major: number;
  minor: number;
  patch: number;
  /** Pre-release identifiers (`1.0.0-rc.1` → `['rc', '1']`); build metadata is dropped. */
  prerelease: string[];
}

const SEMVER =
  /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;

/**
 * `1.2.3`, `v1.2.3`, `1.2.3-rc.1+build.5` → its parts; anything else → undefined.
 *
 * @public
 */
export function parseSemanticVersion(
  text: string,
): SemanticVersion | undefined {
  const match = SEMVER.exec(text.trim());
  if (!match) return undefined;
  return {
    major: Number(match[1]),
    minor: Number(match[2]),
    patch: Number(match[3]),
    prerelease: match[4] ? match[4].split('.') : [],
  };
}

/**
 * Semantic-version precedence (semver.org §11): negative when `a` is older than `b`, 0 when
 * equal, positive when newer. A pre-release is older than its release; numeric identifiers
 * compare as numbers and are older than alphanumeric ones.
 *
 * @public
 */
export function compareSemanticVersions(
  a: SemanticVersion,
  b: SemanticVersion,
): number {
  const core = a.major - b.major || a.minor - b.minor || a.patch - b.patch;
  if (core !== 0) return Math.sign(core);
  if (a.prerelease.length === 0 || b.prerelease.length === 0) {
    return Math.sign(b.prerelease.length - a.prerelease.length);
  }
  for (let i = 0; i < Math.max(a.prerelease.length, b.prerelease.length); i++) {
    const x = a.prerelease[i];
    const y = b.prerelease[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    const xNumeric = /^\d+$/.test(x);
    const yNumeric = /^\d+$/.test(y);
    if (xNumeric && yNumeric) {
      const difference = Number(x) - Number(y);
      if (difference !== 0) return Math.sign(difference);
    } else if (xNumeric !== yNumeric) {
      return xNumeric ? -1 : 1;
    } else if (x !== y) {
      return x < y ? -1 : 1;
    }
  }
  return 0;
}

/**
 * Template drift rows and findings.
 *
 * @public
 */
export interface DriftAnalysis {
  rows: DriftRow[];
  findings: ReviewFinding[];
  problems: string[];
}

/**
 * Each service's `commerce.platform/blueprint-version` against the current blueprint version.
 *
 * Services are Components of type `service`. A version older than the current one (semantic
 * versioning precedence) is behind: a `template-drift` finding, warning when a major version
 * behind, info otherwise. A missing or unreadable annotation is unknown: the row has no
 * version, `behind` is false (nothing is claimed) and an info finding says so. A version newer
 * than the current one is reported too (generated from an unreleased blueprint). Rows: behind
 * first, then unknown, then the rest, each by ref.
 *
 * @public
 */
export function analyseDrift(
  catalog: CatalogInput,
  currentBlueprintVersion: string | undefined,
): DriftAnalysis {
  const index = toCatalogIndex(catalog);
  const rows: DriftRow[] = [];
  const findings: ReviewFinding[] = [];
  const problems: string[] = [];
  const current =
    typeof currentBlueprintVersion === 'string'
      ? parseSemanticVersion(currentBlueprintVersion)
      : undefined;
  if (!current) {
    problems.push(
      currentBlueprintVersion === undefined
        ? 'drift: the current blueprint version is unknown, so no service is compared with it'
        : `drift: the current blueprint version ${JSON.stringify(
            currentBlueprintVersion,
          )} is not a semantic version (e.g. 1.4.0), so no service is compared with it`,
    );
  }
  const rank = new Map<DriftRow, number>();
  for (const service of index.entities) {
    if (service.kind !== 'component' || service.type !== 'service') continue;
    const text = service.annotations[REVIEW_ANNOTATIONS.blueprintVersion];
    const version = text === undefined ? undefined : parseSemanticVersion(text);
    const row: DriftRow = {
      service: service.ref,
      blueprintVersion: version ? text?.trim() : undefined,
      currentVersion: currentBlueprintVersion ?? 'unknown',
      behind: false,
    };
    rows.push(row);
    const name = displayRef(service.ref);
    if (!version) {
      rank.set(row, 1);
      findings.push(
        makeFinding(index, {
          rule: 'template-drift',
          severity: 'info',
          message:
            text === undefined
              ? `${name} has no ${REVIEW_ANNOTATIONS.blueprintVersion} annotation: its blueprint version is unknown`
              : `${name}'s ${REVIEW_ANNOTATIONS.blueprintVersion} "${text}" is not a semantic version: its blueprint version is unknown`,
          fix: `set ${REVIEW_ANNOTATIONS.blueprintVersion} in ${name}'s catalog-info.yaml to the blueprint version it was generated from (or last brought up to)`,
          entityRefs: [service.ref],
        }),
      );
      continue;
    }
    if (!current) {
      rank.set(row, 2);
      continue;
    }
    const order = compareSemanticVersions(version, current);
    row.behind = order < 0;
    rank.set(row, row.behind ? 0 : 2);
    if (order === 0) continue;
    findings.push(
      makeFinding(index, {
        rule: 'template-drift',
        severity:
          row.behind && version.major < current.major ? 'warning' : 'info',
        message: row.behind
          ? `${name} was generated from blueprint ${row.blueprintVersion}; the current blueprint is ${currentBlueprintVersion}`
          : `${name} says blueprint ${row.blueprintVersion}, newer than the current ${currentBlueprintVersion}`,
        fix: row.behind
          ? `generate a service of the same kind with blueprint ${currentBlueprintVersion} (packages/generator-commerce-service), merge the differences into ${name}, then set ${REVIEW_ANNOTATIONS.blueprintVersion} to ${currentBlueprintVersion}`
          : `check that ${name} was generated from a released blueprint, and correct ${REVIEW_ANNOTATIONS.blueprintVersion} if not`,
        entityRefs: [service.ref],
      }),
    );
  }
  rows.sort(
    (a, b) =>
      (rank.get(a) ?? 2) - (rank.get(b) ?? 2) ||
      compareText(a.service, b.service),
  );
  return { rows, findings, problems };
}
