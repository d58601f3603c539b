// One typed event stream out of the core; the hosts forward it to the renderer
// (desktop shell IPC or the web host's WebSocket) and the CLI prints it.
import type { DocumentState } from './types';

export type CoreEvent =
  | {
      type: 'document.state';
      documentId: string;
      profileId: string;
      from: DocumentState | null;
      to: DocumentState;
      /** French reason for failed / rejected / skipped / duplicate / needs_metadata */
      reason?: string;
      at: string;
    }
  | { type: 'seal.progress'; path: string; bytes: number; totalBytes: number }
  | {
      type: 'transfer.progress';
      transferId: string;
      profileId: string;
      sentBytes: number;
      totalBytes: number;
      /** bytes per second, smoothed */
      rate: number;
    }
  | { type: 'connectivity'; profileId: string; reachable: boolean; message: string; at: string }
  | {
      type: 'sync.status';
      paused: boolean;
      reason: 'user' | 'offline' | 'metered' | 'policy' | null;
      pendingCount: number;
    }
  | { type: 'capture.error'; profileId: string | null; path: string; message: string }
  | { type: 'notification'; level: 'info' | 'success' | 'warning' | 'error'; title: string; body: string }
  | { type: 'journal.verified'; ok: boolean; message: string; at: string };

export type CoreEventType = CoreEvent['type'];
export type CoreEventListener = (event: CoreEvent) => void;

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
