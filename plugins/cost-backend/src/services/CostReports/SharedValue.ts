/**
 * One value computed by `load` and shared by every caller. It is fresh for `maxAgeMs`; after
 * that it is still served while one new computation runs in the background, so no caller waits
 * for a recomputation once a value exists. Callers that arrive while there is no value yet share
 * the computation in flight instead of starting their own.
 */
export class SharedValue<T> {
  #value?: { computedAt: number; value: T };
  #loading?: Promise<T>;

  constructor(
    private readonly options: {
      load: () => Promise<T>;
      maxAgeMs: number;
      /** A background recomputation failed; the previous value is still served. */
      onBackgroundError: (error: unknown) => void;
      now?: () => number;
    },
  ) {}

  get(): Promise<T> {
    const current = this.#value;
    if (!current) {
      return this.#load();
    }
    if (this.#now() - current.computedAt >= this.options.maxAgeMs) {
      this.#load().catch(this.options.onBackgroundError);
    }
    return Promise.resolve(current.value);
  }

  #load(): Promise<T> {
    if (!this.#loading) {
      const startedAt = this.#now();
      this.#loading = this.options
        .load()
        .then(value => {
          this.#value = { computedAt: startedAt, value };
          return value;
        })
        .finally(() => {
          this.#loading = undefined;
        });
    }
    return this.#loading;
  }

  #now(): number {
    return (this.options.now ?? Date.now)();
  }
}
