import { DependencyList, useEffect, useState } from 'react';

/** What {@link useAsyncValue} returns: exactly one of loading, error or value is set. */
export type AsyncValue<T> =
  | { loading: true; value?: undefined; error?: undefined }
  | { loading: false; value: T; error?: undefined }
  | { loading: false; value?: undefined; error: Error };

/**
 * Runs `load` whenever `deps` change and keeps only the latest answer, so a slow reply for an
 * earlier region in the template form never overwrites the estimate for the region now chosen.
 * (react-use's useAsync does the same, but this package does not depend on react-use.)
 */
export function useAsyncValue<T>(
  load: () => Promise<T>,
  deps: DependencyList,
): AsyncValue<T> {
  const [state, setState] = useState<AsyncValue<T>>({ loading: true });

  useEffect(() => {
    let current = true;
    setState({ loading: true });
    load().then(
      value => current && setState({ loading: false, value }),
      error =>
        current &&
        setState({
          loading: false,
          error: error instanceof Error ? error : new Error(String(error)),
        }),
    );
    return () => {
      current = false;
    };
    // The caller lists what `load` depends on, as with useEffect.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);

  return state;
}
