// THE contract between the renderer and the hosts (Electron main over IPC, the web host
// over a WebSocket). One map of channels, grouped by domain in ./channels/: each has a zod
// schema for its request, checked by the host before anything runs, and a response type.
// The renderer only ever sees `window.sceau`, an object of named functions built from this
// map by `buildInvokers`. The contract imports nothing of ours outside main/contract.
import type { CoreEvent } from './events';
import type { ActMetadata, DocumentState, FileRole, NatureCode } from './types';
import type { documentFilterSchema, profileInputSchema, settingsPatchSchema, userRuleSchema } from './schemas';
import type { ExportRef } from './channels/exports';
import type { DropGroup } from './acts/grouping';
import type { z } from 'zod';
import { profileChannels, type ProfileResponses } from './channels/profiles';
import { folderChannels, type FolderResponses } from './channels/folders';
import { documentChannels, type DocumentResponses } from './channels/documents';
import { depositChannels, type DepositResponses } from './channels/deposit';
import { exportChannels, type ExportResponses } from './channels/exports';
import { settingsChannels, type SettingsResponses } from './channels/settings';
import { diagnosticsChannels, type DiagnosticsResponses } from './channels/diagnostics';
import { classificationChannels, type ClassificationResponses } from './channels/classification';
import { activityChannels, type ActivityResponses } from './channels/activity';

export type { CoreEvent } from './events';
export { actMetadataSchema, managementSchema, profileInputSchema, profilePatchSchema } from './schemas';
export type { ProfileView, ConnectionCheckView, PendingCounts } from './channels/profiles';
export type { FolderView, RulePreviewRow } from './channels/folders';
export type {
  DocumentSummary,
  TimelineEntry,
  DocumentDetail,
  IntakeResult,
  IntakeCommune,
  CommuneGuessView,
} from './channels/documents';
export type { SyncStatusView, DryRunResult } from './channels/deposit';
export type { ExportRef } from './channels/exports';
export type { SettingsView } from './channels/settings';
export type { AppInfo, IntegrityReport } from './channels/diagnostics';
export type { ClassificationView } from './channels/classification';
export type { ActivityView, ActivityKind } from './channels/activity';

// ---------- the channel map: one group per domain, names unchanged ----------

export const CHANNELS = {
  ...diagnosticsChannels,
  ...profileChannels,
  ...folderChannels,
  ...documentChannels,
  ...depositChannels,
  ...exportChannels,
  ...settingsChannels,
  ...classificationChannels,
  ...activityChannels,
} as const;

/** The channels of each domain (the core's handlers are split the same way). */
export const CHANNEL_GROUPS = {
  diagnostics: diagnosticsChannels,
  profiles: profileChannels,
  folders: folderChannels,
  documents: documentChannels,
  deposit: depositChannels,
  exports: exportChannels,
  settings: settingsChannels,
  classification: classificationChannels,
  activity: activityChannels,
} as const;
export type ChannelGroup = keyof typeof CHANNEL_GROUPS;
export type ChannelOf<G extends ChannelGroup> = keyof (typeof CHANNEL_GROUPS)[G];

export type Channel = keyof typeof CHANNELS;
export type RequestOf<C extends Channel> = z.input<(typeof CHANNELS)[C]>;
export type ParsedRequestOf<C extends Channel> = z.output<(typeof CHANNELS)[C]>;

export interface ChannelResponses
  extends
    ProfileResponses,
    FolderResponses,
    DocumentResponses,
    DepositResponses,
    ExportResponses,
    SettingsResponses,
    DiagnosticsResponses,
    ClassificationResponses,
    ActivityResponses {}

export type ResponseOf<C extends Channel> = ChannelResponses[C];

export const CHANNEL_NAMES = Object.keys(CHANNELS) as Channel[];

/** IPC channel string for a contract channel (Electron). */
export const ipcChannel = (c: Channel): string => `sceau:${c}`;
export const EVENT_CHANNEL = 'sceau:event';
/** Electron only: the preload reports the paths of really dropped files (not a renderer function). */
export const DROPPED_PATHS_CHANNEL = 'sceau:dropped-paths';

/** What crosses the wire for every call: errors carry a French message, never a stack. */
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: { code: string; message: string } };

export class SceauApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'SceauApiError';
  }
}

export type InvokeFunctions = { [C in Channel]: (request: RequestOf<C>) => Promise<ResponseOf<C>> };

/** What the renderer sees as `window.sceau`. */
export interface SceauApi extends InvokeFunctions {
  /** Subscribes to the core's event stream; returns the unsubscribe function. */
  onEvent(listener: (event: CoreEvent) => void): () => void;
  /**
   * Hands dropped or chosen files to the core (paths in Electron, upload in the web host);
   * `groups`: the acts the user confirmed at drop time, by position in `files`.
   */
  intakeFiles(profileId: string, files: File[], groups?: readonly DropGroup[]): Promise<ResponseOf<'intakePaths'>>;
  /**
   * Hands an exported file (receipt, evidence, diagnostics) to the user: the browser's own
   * download in the web host, a save dialog in the desktop app (`saved` false when closed).
   */
  download(ref: ExportRef): Promise<DownloadOutcome>;
}

/** What became of a download; `savedTo` is where the desktop app wrote it. */
export interface DownloadOutcome {
  saved: boolean;
  savedTo?: string;
}

/** Electron only (not a core channel): main shows the save dialog and copies the export. */
export const DOWNLOAD_CHANNEL = 'sceau:download';

export type RawCall = (channel: Channel, request: unknown) => Promise<Envelope<unknown>>;

/** Builds the named invoke functions from the channel map over any transport. */
export function buildInvokers(call: RawCall): InvokeFunctions {
  const api: Record<string, (request: unknown) => Promise<unknown>> = {};
  for (const channel of CHANNEL_NAMES) {
    api[channel] = async (request: unknown) => {
      const envelope = await call(channel, request ?? {});
      if (!envelope.ok) throw new SceauApiError(envelope.error.code, envelope.error.message);
      return envelope.value;
    };
  }
  return api as unknown as InvokeFunctions;
}

/** Host side: validates a raw payload; returns a French error when it does not fit. */
export function parseRequest<C extends Channel>(
  channel: C,
  payload: unknown,
): { ok: true; value: ParsedRequestOf<C> } | { ok: false; message: string } {
  const schema = CHANNELS[channel];
  const result = schema.safeParse(payload ?? {});
  if (result.success) return { ok: true, value: result.data as ParsedRequestOf<C> };
  const first = result.error.issues[0];
  const where = first && first.path.length > 0 ? ` (${first.path.join('.')})` : '';
  return {
    ok: false,
    message: `Demande refusée : données invalides${where} — ${first?.message ?? 'format inattendu'}.`,
  };
}

export function isChannel(name: unknown): name is Channel {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(CHANNELS, name);
}

export type { ActMetadata, DocumentState, FileRole, NatureCode };
export type ProfileInput = z.input<typeof profileInputSchema>;
export type SettingsPatch = z.input<typeof settingsPatchSchema>;
export type DocumentFilter = z.input<typeof documentFilterSchema>;
export type UserRuleView = z.infer<typeof userRuleSchema>;
