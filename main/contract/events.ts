// The core's events as the contract carries them; the hosts forward them to the renderer
// (desktop shell IPC or the web host's WebSocket) and the CLI prints them.
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
