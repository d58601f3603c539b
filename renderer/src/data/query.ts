// The one way screens read data: `useQuery(key, fetcher, topics)`. It fetches when the key
// changes, refetches (throttled) when one of its topics is invalidated by a core event or
// a mutation, and ignores answers that arrive after a newer request — no hand-written
// `let cancelled = false` per screen.
import { useCallback, useEffect, useRef, useState } from 'react';
import { errorMessage } from '../lib/format';
import { onTopic, throttle, type Topic } from './topics';

/** How long a burst of changes is gathered before one refetch. */
export const REFRESH_MS = 400;

export interface Query<T> {
  /** The latest answer (kept while a refetch runs), undefined before the first. */
  data: T | undefined;
  /** French message of the latest failure; cleared by the next success. */
  error: string | null;
  /** Refetches now. */
  refresh(): void;
  /** Replaces the data locally (a mutation's answer), without a fetch. */
  set(data: T): void;
}

/**
 * `key` null: nothing to fetch (no commune yet). The fetcher is read at call time, so it may
 * close over the render's values; what it depends on must be in `key`.
 */
export function useQuery<T>(key: readonly unknown[] | null, fetcher: () => Promise<T>, topics: Topic[] = []): Query<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const latest = useRef(0);
  const fetcherRef = useRef(fetcher);
  fetcherRef.current = fetcher;
  const keyText = key === null ? null : JSON.stringify(key);
  const topicText = topics.join(',');

  const run = useCallback(() => {
    if (keyText === null) return;
    const ticket = ++latest.current;
    fetcherRef.current().then(
      (value) => {
        if (ticket !== latest.current) return;
        setData(value);
        setError(null);
      },
      (e: unknown) => {
        if (ticket === latest.current) setError(errorMessage(e));
      },
    );
  }, [keyText]);

  useEffect(() => {
    if (keyText === null) {
      latest.current++;
      setData(undefined);
      return;
    }
    run();
    const tickets = latest;
    const later = throttle(run, REFRESH_MS);
    const offs = topicText === '' ? [] : topicText.split(',').map((topic) => onTopic(topic as Topic, later));
    return () => {
      later.cancel();
      for (const off of offs) off();
      // An answer still on its way belongs to a key no longer shown.
      tickets.current++;
    };
  }, [keyText, topicText, run]);

  const set = useCallback((value: T) => {
    latest.current++;
    setData(value);
    setError(null);
  }, []);

  return { data, error, refresh: run, set };
}

/** Calls `listener` (throttled) while mounted whenever the topic is invalidated. */
export function useTopic(topic: Topic, listener: () => void): void {
  const ref = useRef(listener);
  ref.current = listener;
  useEffect(() => {
    const later = throttle(() => ref.current(), REFRESH_MS);
    const off = onTopic(topic, later);
    return () => {
      later.cancel();
      off();
    };
  }, [topic]);
}
