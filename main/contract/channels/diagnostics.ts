// The application itself: version and keychain, integrity check, diagnostic report, links.
import { z } from 'zod';
import { empty } from '../schemas';
import type { ExportRef } from './exports';

export const diagnosticsChannels = {
  getAppInfo: empty,
  verifyIntegrity: empty,
  exportDiagnostics: empty,
  openExternal: z.object({ url: z.url().max(2048) }).strict(),
} as const;

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
}
