// One typed event stream out of the core; the hosts forward it to the renderer
// (desktop shell IPC or the web host's WebSocket) and the CLI prints it.
import type { CoreEvent, CoreEventListener, CoreEventType } from '../contract/events';

export type { CoreEvent, CoreEventType, CoreEventListener };

/** Minimal synchronous bus; a throwing listener never breaks the emitter. */
export class EventBus {
  private readonly listeners = new Set<CoreEventListener>();

  on(listener: CoreEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: CoreEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        // Listener bugs are the listener's problem; the core keeps going.
      }
    }
  }
}
