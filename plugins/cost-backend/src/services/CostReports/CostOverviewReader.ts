import type {
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import {
  ConflictError,
  isError,
  ServiceUnavailableError,
} from '@backstage/errors';
import type { CostOverview } from '@internal/plugin-cost-common';
import type { CostOverviewStore } from './CostOverviewStore';
import type { CostOverviewFilter } from './types';

/** The scheduler's task that computes and stores the overview (CostOverviews.refresh). */
export const COST_OVERVIEW_REFRESH_TASK_ID = 'cost-overview-refresh';

/** How long a request on an empty database waits for the first overview, by default. */
const DEFAULT_FIRST_WAIT_MS = 60_000;
/** How often such a request looks whether it is stored. */
const DEFAULT_POLL_INTERVAL_MS = 250;
/** At most one warning a minute that the database could not be asked for a newer overview. */
const STALE_WARNING_INTERVAL_MS = 60_000;

/**
 * Answers overview requests from the overview stored in the cost plugin's database; it never
 * computes one. The scheduler's global task `cost-overview-refresh` does, every minute on one
 * replica, so every replica serves the same overview right after it is stored.
 *
 * Each request asks the database for the stored revision (one small row) and reads the overview
 * itself only when it changed. Before the first overview is stored, a request triggers the task
 * and waits for it, up to a bound; requests waiting together on one replica share that wait.
 */
export class CostOverviewReader {
  #cached?: { revision: number; overview: CostOverview };
  #firstWait?: Promise<void>;
  #staleWarnedAt = 0;

  constructor(
    private readonly deps: {
      store: CostOverviewStore;
      scheduler: SchedulerService;
      logger: LoggerService;
      /** How long a request waits for the first overview (default a minute). */
      firstWaitMs?: number;
      /** How often a waiting request looks whether it is stored (default 250 ms). */
      pollIntervalMs?: number;
    },
  ) {}

  async overview(filter: CostOverviewFilter = {}): Promise<CostOverview> {
    const overview = await this.#current();
    if (!filter.system && !filter.group) {
      return overview;
    }
    // A System's or team's card needs its own roll-up, not the 200 others and their services.
    return {
      ...overview,
      systems: overview.systems.filter(r => r.entityRef === filter.system),
      groups: overview.groups.filter(r => r.entityRef === filter.group),
    };
  }

  async #current(): Promise<CostOverview> {
    let revision: number;
    try {
      revision = (await this.deps.store.state()).revision;
    } catch (error) {
      const cached = this.#cached;
      if (!cached) throw error;
      // Keep answering from the copy in memory rather than failing every card.
      if (Date.now() - this.#staleWarnedAt > STALE_WARNING_INTERVAL_MS) {
        this.#staleWarnedAt = Date.now();
        this.deps.logger.warn(
          `The cost overview could not ask its database for a newer overview (${message(
            error,
          )}); answering from revision ${cached.revision}`,
        );
      }
      return cached.overview;
    }
    if (revision === 0) {
      this.#firstWait ??= this.#awaitFirst().finally(() => {
        this.#firstWait = undefined;
      });
      await this.#firstWait;
    } else if (this.#cached?.revision === revision) {
      return this.#cached.overview;
    }
    const stored = await this.deps.store.load();
    if (!stored) {
      throw new ServiceUnavailableError(
        'The cost overview is not stored yet; ask again in a minute',
      );
    }
    if (!this.#cached || this.#cached.revision < stored.revision) {
      this.#cached = stored;
    }
    return stored.overview;
  }

  /** Triggers the task and returns once an overview is stored; throws if the run fails. */
  async #awaitFirst(): Promise<void> {
    const { store, scheduler } = this.deps;
    const firstWaitMs = this.deps.firstWaitMs ?? DEFAULT_FIRST_WAIT_MS;
    const deadline = Date.now() + firstWaitMs;
    const { runsEnded } = await store.state();
    // Refused while a run is under way (on any replica): that run is the one to wait for.
    await scheduler.triggerTask(COST_OVERVIEW_REFRESH_TASK_ID).catch(error => {
      if (!(isError(error) && error.name === ConflictError.name)) {
        throw error;
      }
    });
    for (;;) {
      const state = await store.state();
      if (state.revision > 0) {
        return;
      }
      if (state.runsEnded > runsEnded) {
        throw new ServiceUnavailableError(
          `The cost overview could not be computed: ${
            state.lastError ?? 'the run failed'
          }. It is tried again every minute`,
        );
      }
      if (Date.now() >= deadline) {
        throw new ServiceUnavailableError(
          `The cost overview is still being computed for the first time (waited ${
            firstWaitMs / 1000
          } s); ask again in a minute`,
        );
      }
      await new Promise(resolve =>
        setTimeout(
          resolve,
          this.deps.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS,
        ),
      );
    }
  }
}

function message(error: unknown): string {
  return isError(error) ? error.message : String(error);
}
