import { DependencyList, useEffect, useState } from 'react';

/** The state of one asynchronous load. */
export type AsyncValue<T> =
  | { loading: true; value?: undefined; error?: undefined }
  | { loading: false; value: T; error?: undefined }
  | { loading: false; value?: undefined; error: Error };

/**
 * Runs `load` whenever `deps` change and tracks its result; an answer that arrives after the
 * deps changed (or the component unmounted) is dropped, so a slow request never overwrites a
 * newer one.
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
      error => current && setState({ loading: false, error }),
    );
    return () => {
      current = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
  return state;
}
