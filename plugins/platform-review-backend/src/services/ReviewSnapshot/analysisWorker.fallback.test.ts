import { mockServices } from '@backstage/backend-test-utils';
import { fourServiceCatalog } from '../../__testUtils__/catalog';
import { ReviewAnalysisWorkers } from './analysisWorker';

// A module the worker cannot load, as when the backend runs from a form of the code that no
// worker thread can require.
jest.mock('./analyseReview', () => ({
  ...jest.requireActual('./analyseReview'),
  ANALYSIS_MODULE: '/nowhere/analyseReview.js',
}));

describe('ReviewAnalysisWorkers.run without a worker that can load the analyses', () => {
  it('runs them on this thread, and says so once', async () => {
    const logger = mockServices.logger.mock();
    const workers = new ReviewAnalysisWorkers({ logger });
    const input = {
      entities: fourServiceCatalog('/repositories'),
      objectives: {},
      decisionFiles: [],
      decisionProblems: [],
      today: '2026-11-21T12:00:00.000Z',
      problems: [],
    };

    const first = await workers.run(input);
    const second = await workers.run(input);

    expect([first.thread, second.thread]).toEqual(['main', 'main']);
    expect(first.analysis.findingCount).toBeGreaterThanOrEqual(0);
    expect(first.analysis.reviewGzip.length).toBeGreaterThan(0);
    expect(logger.warn).toHaveBeenCalledTimes(1);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringMatching(
        /^The platform review's analyses run on the main thread, holding up requests while they do: no worker thread could load them \(Error: Cannot find module '\/nowhere\/analyseReview\.js'/,
      ),
    );
  });
});
