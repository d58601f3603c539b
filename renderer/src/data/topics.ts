// What changed, said once: the core's events (over the bridge) and the renderer's own
// mutations both name the domains they touch; queries listening on a topic refetch. This
// replaces a global « version » counter that made every screen refetch on any change.
import type { CoreEvent } from '../../../main/contract/api';

export type Topic = 'documents' | 'sync' | 'profiles' | 'folders' | 'classification' | 'settings';

const listeners = new Map<Topic, Set<() => void>>();

/** The domains an event from the core changes. */
export function topicsOf(event: CoreEvent): Topic[] {
  switch (event.type) {
    case 'document.state':
      return ['documents'];
    case 'sync.status':
    case 'connectivity':
      return ['sync'];
    case 'capture.error':
      return ['folders'];
    default:
      return [];
  }
}

/** Tells every query listening on these topics that its data is stale. */
export function invalidate(...topics: Topic[]): void {
  for (const topic of new Set(topics)) for (const l of [...(listeners.get(topic) ?? [])]) l();
}

export function onTopic(topic: Topic, listener: () => void): () => void {
  let set = listeners.get(topic);
  if (!set) listeners.set(topic, (set = new Set()));
  set.add(listener);
  return () => {
    set.delete(listener);
  };
}

/**
 * Coalesces bursts (a batch of 500 files gives 1,500 state events): the first call runs
 * after `ms`, later ones within the window ride along.
 */
export function throttle(run: () => void, ms: number): { (): void; cancel(): void } {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const fn = () => {
    if (timer !== null) return;
    timer = setTimeout(() => {
      timer = null;
      run();
    }, ms);
  };
  fn.cancel = () => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
  };
  return fn;
}
