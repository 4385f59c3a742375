import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { type Entity, stringifyEntityRef } from '@backstage/catalog-model';
import type { DecisionRecord } from '@internal/plugin-platform-review-common';
import {
  buildPlatformReview,
  decisionMarkdownBody,
  parseDecisionRecord,
  type SpendOverviewInput,
} from '@internal/plugin-platform-review-node';

/**
 * This module's file, for the worker thread to load it by: `.ts` when the backend runs from
 * source (backstage-cli package start, jest), `.cjs.js` in the build (which keeps one output
 * file per source module). See analysisWorker.ts.
 */
export const ANALYSIS_MODULE: string = __filename;

/**
 * What a refresh gathered, as plain data (it crosses to a worker thread by structured clone):
 * the catalog, each service's availability objective, the decision records' files, the cost
 * overview, the blueprint version and what could not be read.
 */
export interface ReviewAnalysisInput {
  entities: Entity[];
  /** Availability objectives (ratios) by entity ref. */
  objectives: Record<string, number>;
  costOverview?: SpendOverviewInput;
  /** Decision record files, not yet parsed. */
  decisionFiles: {
    entityRef: string;
    file: string;
    url: string;
    text: string;
  }[];
  /** Decision folders that could not be read, by the entity naming them. */
  decisionProblems: { entityRef: string; message: string }[];
  currentBlueprintVersion?: string;
  /** The refresh's time, ISO 8601: the review's `generatedAt` and "today" for due dates. */
  today: string;
  /** What could not be gathered, for the review's `problems`. */
  problems: string[];
}

/** The decisions part of a snapshot, as stored (gzip-compressed JSON). */
export interface StoredDecisions {
  /** Every record, the deferred ones evaluated against the catalog. */
  decisions: DecisionRecord[];
  /** Lower-cased entity ref → why its decisions folder could not be read. */
  problemsByEntity: Record<string, string[]>;
  /** Lower-cased refs of every entity read, to tell "unknown" from "no decisions". */
  entityRefs: string[];
  /**
   * Each record's Markdown without its front matter, by `decisionKey` (absent in snapshots
   * stored before the records were rendered in the portal).
   */
  markdown?: Record<string, string>;
}

/** How a record is looked up: its entity's lower-cased ref and its file name. */
export function decisionKey(entityRef: string, file: string): string {
  return `${entityRef.toLocaleLowerCase('en-US')} ${file}`;
}

/** A snapshot's content, ready to store: the analyses' result, serialized and compressed. */
export interface ReviewAnalysis {
  generatedAt: string;
  findingCount: number;
  decisionCount: number;
  problems: string[];
  /** The unfiltered `PlatformReview`, gzip-compressed JSON: stored and served as it is. */
  reviewGzip: Uint8Array;
  /** `StoredDecisions`, gzip-compressed JSON. */
  decisionsGzip: Uint8Array;
  /**
   * SHA-256 of the records (not their Markdown, nor the entities read): what the search index
   * of decision records holds, so it is reindexed only when this changes.
   */
  decisionsDigest: string;
}

/**
 * The analyses over what a refresh gathered, and their serialization: everything in a refresh
 * that is CPU work (about a second at 10,000 components), so that it can run on a worker thread
 * while the backend keeps answering. Synchronous and pure (the day comes in as `today`): the
 * same input gives the same bytes.
 */
export function analyseReview(input: ReviewAnalysisInput): ReviewAnalysis {
  // Parsed without catalog facts: buildPlatformReview evaluates the deferred records' triggers
  // (the only records that have one) against the catalog, and its "not yet" list carries them.
  const parsed = input.decisionFiles.map(file =>
    parseDecisionRecord({ ...file, today: input.today }),
  );
  const review = buildPlatformReview({
    entities: input.entities,
    objectives: input.objectives,
    costOverview: input.costOverview,
    decisions: parsed,
    currentBlueprintVersion: input.currentBlueprintVersion,
    today: input.today,
    problems: input.problems,
  });

  const evaluated = new Map(
    review.notYet.map(record => [`${record.entityRef} ${record.file}`, record]),
  );
  const decisions = parsed.map(
    record => evaluated.get(`${record.entityRef} ${record.file}`) ?? record,
  );
  const problemsByEntity: Record<string, string[]> = {};
  for (const problem of input.decisionProblems) {
    const key = problem.entityRef.toLocaleLowerCase('en-US');
    (problemsByEntity[key] ??= []).push(problem.message);
  }
  const stored: StoredDecisions = {
    decisions,
    problemsByEntity,
    entityRefs: input.entities.map(entity =>
      stringifyEntityRef(entity).toLocaleLowerCase('en-US'),
    ),
    markdown: Object.fromEntries(
      input.decisionFiles.map((file, i) => [
        decisionKey(parsed[i].entityRef, file.file),
        decisionMarkdownBody(file.text),
      ]),
    ),
  };

  return {
    generatedAt: review.generatedAt,
    findingCount: review.findings.length,
    decisionCount: decisions.length,
    problems: review.problems,
    reviewGzip: gzipSync(JSON.stringify(review)),
    decisionsGzip: gzipSync(JSON.stringify(stored)),
    decisionsDigest: createHash('sha256')
      .update(JSON.stringify(decisions))
      .digest('hex'),
  };
}
