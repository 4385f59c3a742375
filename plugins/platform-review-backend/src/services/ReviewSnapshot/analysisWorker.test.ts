import { gunzipSync } from 'node:zlib';
import { mockServices } from '@backstage/backend-test-utils';
import type { PlatformReview } from '@internal/plugin-platform-review-common';
import { FOUR_SERVICES, fourServiceCatalog } from '../../__testUtils__/catalog';
import {
  analyseReview,
  type ReviewAnalysisInput,
  type StoredDecisions,
} from './analyseReview';
import { ReviewAnalysisWorkers } from './analysisWorker';

function input(extra: Partial<ReviewAnalysisInput> = {}): ReviewAnalysisInput {
  return {
    entities: fourServiceCatalog('/repositories'),
    objectives: { 'component:default/order-service': 0.9999 },
    decisionFiles: [
      {
        entityRef: 'component:default/order-service',
        file: '0001-own-data-store.md',
        url: 'file:///repositories/order-service/docs/decisions/0001-own-data-store.md',
        text: '---\nstatus: accepted\ndate: 2026-11-21\ndecision-makers: [checkout-team]\n---\n\n# Own data store\n',
      },
    ],
    decisionProblems: [
      {
        entityRef: 'Component:default/cart-service',
        message: 'docs/decisions does not exist',
      },
    ],
    currentBlueprintVersion: '0.1.0',
    today: '2026-11-21T12:00:00.000Z',
    problems: ['spend: no cost overview was given'],
    ...extra,
  };
}

const unzip = <T>(bytes: Uint8Array): T =>
  JSON.parse(gunzipSync(bytes).toString('utf8'));

describe('ReviewAnalysisWorkers.run', () => {
  // Under jest the backend runs from TypeScript, which a worker thread cannot load by itself:
  // this is the case that needs the TypeScript loader handed to the worker.
  it('runs the analyses on a worker thread, with the same result as on this one', async () => {
    const logger = mockServices.logger.mock();
    const workers = new ReviewAnalysisWorkers({ logger });

    const { analysis, thread } = await workers.run(input());

    expect(thread).toBe('worker');
    expect(logger.warn).not.toHaveBeenCalled();
    const here = analyseReview(input());
    expect(analysis).toEqual({
      ...here,
      reviewGzip: expect.any(Buffer),
      decisionsGzip: expect.any(Buffer),
    });
    expect(unzip(analysis.reviewGzip)).toEqual(unzip(here.reviewGzip));
    const review = unzip<PlatformReview>(analysis.reviewGzip);
    expect(review.generatedAt).toBe('2026-11-21T12:00:00.000Z');
    expect(review.ownership.map(row => row.service)).toEqual(
      expect.arrayContaining(
        FOUR_SERVICES.map(s => `component:default/${s.name}`),
      ),
    );
    expect(unzip<StoredDecisions>(analysis.decisionsGzip)).toMatchObject({
      decisions: [
        expect.objectContaining({
          entityRef: 'component:default/order-service',
          status: 'accepted',
        }),
      ],
      problemsByEntity: {
        'component:default/cart-service': ['docs/decisions does not exist'],
      },
      entityRefs: expect.arrayContaining(['component:default/order-service']),
    });
  });

  it('sends a large catalog over in slices and keeps jobs running at once apart', async () => {
    const logger = mockServices.logger.mock();
    const workers = new ReviewAnalysisWorkers({ logger });
    const many = Array.from({ length: 1234 }, (_, i) => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name: `team-${i}` },
      spec: { type: 'team', children: [] },
    }));

    const [large, small] = await Promise.all([
      workers.run(input({ entities: many })),
      workers.run(input()),
    ]);

    expect([large.thread, small.thread]).toEqual(['worker', 'worker']);
    expect(unzip<PlatformReview>(large.analysis.reviewGzip).teams).toHaveLength(
      1234,
    );
    expect(unzip<StoredDecisions>(small.analysis.decisionsGzip)).toEqual(
      unzip<StoredDecisions>(analyseReview(input()).decisionsGzip),
    );
  });

  it('fails with the error of the analyses, without running them again here', async () => {
    const logger = mockServices.logger.mock();
    const workers = new ReviewAnalysisWorkers({ logger });

    await expect(
      workers.run(
        input({
          // @ts-expect-error input the analyses cannot read, so that they throw
          decisionFiles: null,
        }),
      ),
    ).rejects.toThrow(/Cannot read properties of null \(reading 'map'\)/);
    expect(logger.warn).not.toHaveBeenCalled();
  });
});
