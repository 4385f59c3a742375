import { Worker } from 'node:worker_threads';
import type { LoggerService } from '@backstage/backend-plugin-api';
import { ForwardedError } from '@backstage/errors';
import {
  ANALYSIS_MODULE,
  analyseReview,
  type ReviewAnalysis,
  type ReviewAnalysisInput,
} from './analyseReview';

/** Where a refresh's analyses ran. */
export type AnalysisThread = 'worker' | 'main';

/**
 * The worker's code. Plain JavaScript given to the Worker with `eval`, so there is no worker
 * file to find: the build emits only modules something imports, and from source the file would
 * be TypeScript. It loads analyseReview.ts's module by path (ANALYSIS_MODULE) — from source
 * through the TypeScript loader the backend itself runs with. A job (by id) comes as messages
 * of entities, then the rest of the input; it is answered with one message: `done`, `failed`
 * when the analyses threw, or `unavailable` when that module could not be loaded here.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
let analyseReview;
let unavailable;
try {
  if (workerData.typescriptLoader && !require.extensions['.ts']) {
    require(workerData.typescriptLoader);
  }
  analyseReview = require(workerData.module).analyseReview;
} catch (error) {
  unavailable = String((error && error.stack) || error);
}
const entitiesByJob = new Map();
parentPort.on('message', ({ id, entities, input }) => {
  if (entities) {
    const received = entitiesByJob.get(id);
    if (received) received.push(...entities);
    else entitiesByJob.set(id, entities);
    return;
  }
  const received = entitiesByJob.get(id) || [];
  entitiesByJob.delete(id);
  if (unavailable) {
    parentPort.postMessage({ id, type: 'unavailable', message: unavailable });
    return;
  }
  try {
    const analysis = analyseReview({ ...input, entities: received });
    parentPort.postMessage({ id, type: 'done', analysis });
  } catch (error) {
    parentPort.postMessage({
      id,
      type: 'failed',
      name: (error && error.name) || 'Error',
      message: String((error && error.message) || error),
      stack: error && error.stack,
    });
  }
});
`;

type WorkerMessage = { id: number } & (
  | { type: 'done'; analysis: ReviewAnalysis }
  | { type: 'unavailable'; message: string }
  | { type: 'failed'; name: string; message: string; stack?: string }
);

/**
 * From TypeScript source (backstage-cli package start, jest), the worker needs a loader for
 * `.ts` files. A worker inherits the process's `--require` flags, so under `package start` it
 * has the CLI's already; under jest, whose transform lives in the test runner, it has none,
 * and loads the same one the CLI uses. The build is JavaScript and needs none.
 */
function typescriptLoader(): string | undefined {
  if (!ANALYSIS_MODULE.endsWith('.ts')) {
    return undefined;
  }
  try {
    return require.resolve('@backstage/cli-node/config/nodeTransform.cjs');
  } catch {
    // Then only a loader from the process's own flags can help; without one the worker says so.
    return undefined;
  }
}

/**
 * How long a worker is kept after a job, for the next one. Starting one loads the analyses'
 * modules (a few hundred milliseconds, more from TypeScript source); a refresh every few
 * minutes pays that each time, which is cheaper than keeping the thread's memory, but refreshes
 * in a row (tests, several asked at once) reuse it.
 */
const IDLE_MS = 30_000;

/**
 * Entities per message to the worker. Copying a message (structured clone) holds up this thread
 * for as long as it takes: a whole 10,000-component catalog at once is a quarter of a second or
 * more, a slice of this size a few milliseconds, with requests served in between.
 */
const ENTITIES_PER_MESSAGE = 500;

/** Job `id` on a worker; rejects if the worker dies before answering. */
function runJob(
  worker: Worker,
  id: number,
  input: ReviewAnalysisInput,
): Promise<WorkerMessage> {
  return new Promise<WorkerMessage>((resolve, reject) => {
    const listeners = {
      message: (message: WorkerMessage) => {
        if (message.id === id) settle(() => resolve(message));
      },
      error: (error: Error) =>
        settle(() =>
          reject(
            new ForwardedError(
              "The platform review's analysis worker failed",
              error,
            ),
          ),
        ),
      exit: (code: number) =>
        settle(() =>
          reject(
            new Error(
              `The platform review's analysis worker exited (code ${code}) without a result`,
            ),
          ),
        ),
    };
    function settle(outcome: () => void) {
      worker.off('message', listeners.message);
      worker.off('error', listeners.error);
      worker.off('exit', listeners.exit);
      outcome();
    }
    worker.on('message', listeners.message);
    worker.on('error', listeners.error);
    worker.on('exit', listeners.exit);
    const send = async () => {
      const { entities, ...rest } = input;
      for (let i = 0; i < entities.length; i += ENTITIES_PER_MESSAGE) {
        worker.postMessage({
          id,
          entities: entities.slice(i, i + ENTITIES_PER_MESSAGE),
        });
        // Lets the requests that arrived meanwhile in before the next slice.
        await new Promise(resume => setImmediate(resume));
      }
      worker.postMessage({ id, input: rest });
    };
    send().catch(error => settle(() => reject(error)));
  });
}

const toBuffer = (bytes: Uint8Array) =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/**
 * `analyseReview` on a worker thread, so a refresh does not hold up the requests the backend
 * serves meanwhile (a second or more of CPU at 10,000 components). The input is copied to the
 * thread, the result comes back compressed. One per plugin instance (ReviewSnapshotBuilder):
 * it keeps at most one idle worker for the next job, which does not keep the process alive.
 *
 * When no worker thread can load the analyses (the constructor throws, or the module does not
 * load there), they run here instead, with a warning (once): the review is then still built,
 * only with the event loop held up while it is. An error of the analyses themselves, or the
 * worker dying (out of memory), fails the refresh.
 */
export class ReviewAnalysisWorkers {
  private idle:
    | { worker: Worker; timer: ReturnType<typeof setTimeout> }
    | undefined;
  private nextJobId = 0;
  private warnedOfFallback = false;

  constructor(private readonly options: { logger: LoggerService }) {}

  async run(
    input: ReviewAnalysisInput,
  ): Promise<{ analysis: ReviewAnalysis; thread: AnalysisThread }> {
    const onMainThread = (reason: string) => {
      if (!this.warnedOfFallback) {
        this.warnedOfFallback = true;
        this.options.logger.warn(
          `The platform review's analyses run on the main thread, holding up requests while they do: no worker thread could load them (${reason})`,
        );
      }
      return { analysis: analyseReview(input), thread: 'main' as const };
    };

    let worker: Worker;
    try {
      worker = this.takeWorker();
    } catch (error) {
      return onMainThread(String(error));
    }
    // A worker that died is not taken back (runJob rejects, and this does not release it).
    const message = await runJob(worker, ++this.nextJobId, input);
    if (message.type === 'unavailable') {
      void worker.terminate();
      return onMainThread(message.message.split('\n')[0]!);
    }
    this.releaseWorker(worker);
    if (message.type === 'failed') {
      const error = new Error(message.message);
      error.name = message.name;
      error.stack = message.stack;
      throw error;
    }
    return {
      analysis: {
        ...message.analysis,
        reviewGzip: toBuffer(message.analysis.reviewGzip),
        decisionsGzip: toBuffer(message.analysis.decisionsGzip),
      },
      thread: 'worker',
    };
  }

  private takeWorker(): Worker {
    if (this.idle) {
      const { worker, timer } = this.idle;
      this.idle = undefined;
      clearTimeout(timer);
      worker.ref();
      return worker;
    }
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        module: ANALYSIS_MODULE,
        typescriptLoader: typescriptLoader(),
      },
    });
    const forget = () => {
      if (this.idle?.worker === worker) this.idle = undefined;
    };
    // Always listened to: an 'error' without a listener would throw (here, in the backend).
    worker.on('error', forget);
    worker.on('exit', forget);
    return worker;
  }

  private releaseWorker(worker: Worker) {
    if (this.idle) {
      void worker.terminate();
      return;
    }
    worker.unref();
    const timer = setTimeout(() => {
      if (this.idle?.worker === worker) this.idle = undefined;
      void worker.terminate();
    }, IDLE_MS);
    timer.unref();
    this.idle = { worker, timer };
  }
}
