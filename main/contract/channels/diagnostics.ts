// The application itself: version and keychain, integrity check, diagnostic report, links.
import { z } from 'zod';
import { empty, id } from '../schemas';
import type { ExportRef } from './exports';

export const diagnosticsChannels = {
  getAppInfo: empty,
  verifyIntegrity: empty,
  exportDiagnostics: empty,
  openExternal: z.object({ url: z.url().max(2048) }).strict(),
  /**
   * « Ouvrir le dossier »: a folder the engine names — its data folder (no folderId) or a
   * watched folder — never a path from the renderer. The desktop app opens it in the file
   * manager; the web host cannot, and answers the path to show and copy.
   */
  openFolder: z.object({ folderId: id.optional() }).strict(),
  /** Whether new documents get a time-stamp: off, the TSA failing, or fine. */
  getTimestampStatus: empty,
} as const;

export interface OpenFolderResult {
  opened: boolean;
  /** The folder's path on this computer (shown with a copy button when not opened). */
  path: string;
}

export interface TimestampStatusView {
  /** 'off': no TSA configured; 'failing': stamps wait on an unreachable or refusing TSA. */
  state: 'ok' | 'demo' | 'off' | 'failing';
  /** Documents whose last change no time-stamp covers yet (« non horodatés »). */
  unstamped: number;
  /** When the TSA was last asked in vain (state 'failing'). */
  failingSince: string | null;
  lastGrantedAt: string | null;
  /** French sentence, loud when off or failing. */
  message: string;
}

export interface AppInfo {
  version: string;
  dataDir: string;
  keychain: { kind: 'keychain' | 'session' | 'none'; message: string };
  firstLaunch: boolean;
  platform: string;
}

export interface IntegrityReport {
  ok: boolean;
  checkedEntries: number;
  checkedFiles: number;
  message: string;
  /** Detail lines (journal, copies, time-stamps), each with its level. */
  lines?: { level: 'ok' | 'warning' | 'error'; text: string }[];
  firstBroken?: { seq: number; problem: string };
  /** No TSA configured and no token: intact maybe, but without probative value (CLI exit 6). */
  unstamped?: boolean;
  at: string;
}

export interface DiagnosticsResponses {
  getAppInfo: AppInfo;
  verifyIntegrity: IntegrityReport;
  exportDiagnostics: ExportRef;
  openExternal: { opened: boolean };
  openFolder: OpenFolderResult;
  getTimestampStatus: TimestampStatusView;
}
