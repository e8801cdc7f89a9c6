/** The one way a view loads what it shows from the API. */
import { useCallback, useEffect, useState } from 'react';

/** What a view has of the data it asked for. */
export type DataState<T> = { status: 'loading' } | { status: 'failed'; error: unknown } | { status: 'ready'; value: T };

/**
 * Loads with `load` on mount, again whenever `load` changes (make it with useCallback over its
 * parameters) and on `retry()`. Shows `loading` meanwhile, unless `keep` asks to go on showing
 * what was there (a table turning pages). An answer that comes after the view has gone, or after
 * a newer load started, is dropped. `load` gets the attempt number: 0 for the first load.
 */
export function useData<T>(
  load: (attempt: number) => Promise<T>,
  { keep = false }: { keep?: boolean } = {},
): { state: DataState<T>; retry: () => void } {
  const [state, setState] = useState<DataState<T>>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let live = true;
    if (!keep) setState({ status: 'loading' });
    load(attempt).then(
      (value) => live && setState({ status: 'ready', value }),
      (error: unknown) => live && setState({ status: 'failed', error }),
    );
    return () => {
      live = false;
    };
  }, [load, attempt, keep]);
  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  return { state, retry };
}
