// Core events to one WebSocket client, grouped: every event emitted in the same turn of the
// event loop leaves in one frame (`{kind:'events'}`; a lone event keeps `{kind:'event'}`).
// A 10,000-file drop emits 40,000 events; one frame each cost the page and the browser more
// CPU than the intake itself (issue 18). Whatever is pending goes out before an answer, so
// a page never sees a call's result before the events that preceded it.
// Every event goes out: a filter kept per client dropped the end of a streamed seal that
// began before the page reconnected (its row stayed). A small file sealed in one go emits no
// `seal.progress` at all (main/core/capture/seal-step.ts).
import type { CoreEvent } from '../contract/api';

/** Most events in one frame (~100 KB of JSON at the sizes a drop emits). */
export const MAX_EVENTS_PER_FRAME = 500;

export interface EventFrames {
  push(event: CoreEvent): void;
  /** Sends what is pending now (before a result frame). */
  flush(): void;
}

export function eventFrames(send: (frame: string) => void): EventFrames {
  let pending: CoreEvent[] = [];
  let scheduled = false;
  const flush = (): void => {
    scheduled = false;
    if (pending.length === 0) return;
    const out = pending;
    pending = [];
    for (let i = 0; i < out.length; i += MAX_EVENTS_PER_FRAME) {
      const part = out.slice(i, i + MAX_EVENTS_PER_FRAME);
      send(JSON.stringify(part.length === 1 ? { kind: 'event', event: part[0] } : { kind: 'events', events: part }));
    }
  };
  return {
    push(event) {
      pending.push(event);
      if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    },
    flush,
  };
}
