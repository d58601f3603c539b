// Core events to one WebSocket client, grouped: every event emitted in the same turn of the
// event loop leaves in one frame (`{kind:'events'}`; a lone event keeps `{kind:'event'}`).
// A 10,000-file drop emits 40,000 events; one frame each cost the page and the browser more
// CPU than the intake itself (issue 18). Whatever is pending goes out before an answer, so
// a page never sees a call's result before the events that preceded it.
// A `seal.progress` that says « done » for a file this client never saw in progress (a small
// file, sealed in one go: 10,000 events for a 10,000-file drop) is not sent: the page ignores
// exactly those (renderer/src/stores/documents.ts `sealProgress`).
import type { CoreEvent } from '../contract/api';

/** Most events in one frame (~100 KB of JSON at the sizes a drop emits). */
export const MAX_EVENTS_PER_FRAME = 500;
/** Files followed in progress per client; past this, every « done » is sent (nothing grows). */
const MAX_FOLLOWED_SEALS = 10_000;

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
  /** Paths this client saw in progress and not yet done; null once too many were followed. */
  let sealing: Set<string> | null = new Set();
  return {
    push(event) {
      if (event.type === 'seal.progress' && sealing) {
        // The page's own test of « done ».
        const done = event.totalBytes > 0 && event.bytes >= event.totalBytes;
        if (done && !sealing.delete(event.path)) return;
        if (!done) sealing.add(event.path);
        if (sealing.size > MAX_FOLLOWED_SEALS) sealing = null;
      }
      pending.push(event);
      if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    },
    flush,
  };
}
