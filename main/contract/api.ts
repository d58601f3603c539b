// THE contract between the renderer and the hosts (Electron main over IPC, the web host
// over a WebSocket). One map of channels: each has a zod schema for its request, checked by
// the host before anything runs, and a response type. The renderer only ever sees
// `window.sceau`, an object of named functions built from this map by `buildApi`.
import { z } from 'zod';

// Validation messages reach the user: in French.
z.config(z.locales.fr());
import type { CoreEvent } from './events';
import type { ActMetadata, ArchiveKind, DocumentState, FileRole, NatureCode, SedaVersion } from './types';
import { DOCUMENT_STATES, NATURE_CODES } from './types';

export type { CoreEvent } from './events';

// ---------- shared schemas ----------

const id = z.string().min(1).max(100);
const shortText = z.string().max(500);
const absolutePath = z
  .string()
  .min(1)
  .max(4096)
  .refine((p) => !p.includes('\0'), 'chemin invalide');

export const actMetadataSchema = z
  .object({
    nature: z.enum(NATURE_CODES).optional(),
    number: z.string().max(64).optional(),
    date: z.string().max(32).optional(),
    objet: z.string().max(2000).optional(),
    classification: z.string().max(32).optional(),
  })
  .strict();

const endpointSchema = z.object({ url: z.url().max(2048), label: z.string().max(100).optional() }).strict();

const tlsSchema = z
  .object({
    caPem: z.string().max(200_000).optional(),
    spkiPins: z.array(z.string().max(100)).max(10).optional(),
  })
  .strict();

const userRuleSchema = z
  .object({
    name: z.string().min(1).max(100),
    pattern: z.string().min(1).max(1000),
    natureDefault: z.enum(NATURE_CODES).optional(),
    appliesTo: z.enum(['file', 'path']).optional(),
  })
  .strict();

const profileFields = {
  name: z.string().trim().min(1).max(200),
  siren: z.string().regex(/^\d{9}$/, 'Le SIREN comporte 9 chiffres.'),
  archiveKind: z.enum(['demo', 'asalae', 'vitam']),
  endpoints: z.array(endpointSchema).max(5),
  sedaVersion: z.enum(['2.1', '2.2']),
  archivalAgencyId: z.string().max(200),
  transferringAgencyId: z.string().max(200),
  originatingAgencyId: z.string().max(200),
  submissionAgencyId: z.string().max(200),
  archivalAgreement: z.string().max(200),
  archivalProfile: z.string().max(200),
  vitamTenant: z.number().int().min(0).max(1_000_000),
  vitamContext: z.string().max(100),
  login: z.string().max(200),
  tls: tlsSchema,
  rules: z.array(userRuleSchema).max(50),
};

/** A new commune: what is not given takes its default. */
export const profileInputSchema = z
  .object({
    ...profileFields,
    endpoints: profileFields.endpoints.default([]),
    sedaVersion: profileFields.sedaVersion.default('2.1'),
    archivalAgencyId: profileFields.archivalAgencyId.default(''),
    transferringAgencyId: profileFields.transferringAgencyId.default(''),
    originatingAgencyId: profileFields.originatingAgencyId.default(''),
    submissionAgencyId: profileFields.submissionAgencyId.default(''),
    archivalAgreement: profileFields.archivalAgreement.default(''),
    archivalProfile: profileFields.archivalProfile.default(''),
    vitamTenant: profileFields.vitamTenant.optional(),
    vitamContext: profileFields.vitamContext.optional(),
    login: profileFields.login.default(''),
    tls: profileFields.tls.default({}),
    rules: profileFields.rules.default([]),
  })
  .strict();

/** A change to a commune: only what is given changes (no defaults, or they would wipe settings). */
export const profilePatchSchema = z.object(profileFields).partial().strict();

const documentFilterSchema = z
  .object({
    profileId: id.optional(),
    states: z.array(z.enum(DOCUMENT_STATES)).max(DOCUMENT_STATES.length).optional(),
    nature: z.enum(NATURE_CODES).optional(),
    year: z.number().int().min(1800).max(2200).optional(),
    folderId: id.optional(),
    role: z.enum(['act', 'annex', 'signature']).optional(),
    text: z.string().max(200).optional(),
    offset: z.number().int().min(0).default(0),
    limit: z.number().int().min(1).max(1000).default(100),
    sort: z.enum(['problems-first', 'newest', 'oldest', 'name']).default('problems-first'),
  })
  .strict();

const settingsPatchSchema = z
  .object({
    bandwidthLimitKbps: z.number().int().min(0).max(10_000_000).nullable().optional(),
    officeHours: z
      .object({
        enabled: z.boolean(),
        start: z.string().regex(/^\d{2}:\d{2}$/),
        end: z.string().regex(/^\d{2}:\d{2}$/),
        limitKbps: z.number().int().min(0).max(10_000_000),
        /** ISO weekdays, 1 = lundi … 7 = dimanche */
        days: z.array(z.number().int().min(1).max(7)).max(7),
      })
      .strict()
      .optional(),
    nightWindow: z
      .object({ start: z.string().regex(/^\d{2}:\d{2}$/), end: z.string().regex(/^\d{2}:\d{2}$/) })
      .strict()
      .optional(),
    pauseOnMetered: z.boolean().optional(),
    proxy: z
      .object({
        mode: z.enum(['system', 'none', 'manual']),
        url: z.string().max(2048).optional(),
        username: z.string().max(200).optional(),
      })
      .strict()
      .optional(),
    startAtLogin: z.boolean().optional(),
    notifications: z.boolean().optional(),
    theme: z.enum(['system', 'light', 'dark']).optional(),
    tsaUrl: z.string().max(2048).nullable().optional(),
    /** PEM of the TSA certificate or its CA: tokens must chain to it. */
    tsaCertPem: z.string().max(200_000).nullable().optional(),
    stabilityDelayMs: z.number().int().min(200).max(600_000).optional(),
    /** Complete documents from watched folders leave by themselves: now, tonight, or never. */
    autoDeposit: z.enum(['off', 'now', 'tonight']).optional(),
    activeProfileId: id.nullable().optional(),
  })
  .strict();

// ---------- response types ----------

export interface ProfileView {
  id: string;
  name: string;
  siren: string;
  archiveKind: ArchiveKind;
  endpoints: { url: string; label?: string }[];
  sedaVersion: SedaVersion;
  archivalAgencyId: string;
  transferringAgencyId: string;
  originatingAgencyId: string;
  submissionAgencyId: string;
  archivalAgreement: string;
  archivalProfile: string;
  vitamTenant?: number;
  vitamContext?: string;
  login: string;
  /** Whether a password is stored in the keychain; the password itself never crosses. */
  hasPassword: boolean;
  tls: { caPem?: string; spkiPins?: string[] };
  rules: z.infer<typeof userRuleSchema>[];
  createdAt: string;
}

/** Which classification a collectivité uses: its prefecture's (imported) or the national base. */
export interface ClassificationView {
  source: 'national' | 'prefecture';
  fileName: string | null;
  /** DateClassification of the prefecture's file (AAAA-MM-JJ). */
  date: string | null;
  importedAt: string | null;
  count: number;
}

export interface FolderView {
  id: string;
  profileId: string;
  path: string;
  mode: 'auto' | 'native' | 'polling';
  effectiveMode: 'native' | 'polling';
  exclusions: string[];
  enabled: boolean;
  status: 'watching' | 'unavailable' | 'stopped';
  message?: string;
}

export interface DocumentSummary {
  id: string;
  profileId: string;
  fileName: string;
  relativePath: string;
  size: number;
  state: DocumentState;
  role: FileRole;
  parentId: string | null;
  metadata: ActMetadata;
  missing: string[];
  reason: string | null;
  transferId: string | null;
  updatedAt: string;
  createdAt: string;
}

export interface TimelineEntry {
  seq: number;
  at: string;
  type: string;
  state?: DocumentState;
  label: string;
  detail?: string;
}

export interface DocumentDetail extends DocumentSummary {
  fingerprint: { algorithm: string; hex: string } | null;
  sourcePath: string;
  timeline: TimelineEntry[];
  attachments: DocumentSummary[];
  transfer: {
    id: string;
    /** 'folder': deposited as one folder titled `title`. */
    kind: 'act' | 'folder';
    title: string | null;
    messageIdentifier: string;
    state: string;
    archiveReference: string | null;
    replyCode: string | null;
    replyComment: string | null;
    sentAt: string | null;
    acknowledgedAt: string | null;
    repliedAt: string | null;
  } | null;
  validation: { field: string; message: string }[];
  preview: { kind: 'image'; dataUrl: string } | { kind: 'pdf'; pages: number | null } | { kind: 'none' };
}

export interface ConnectionCheckView {
  reachable: boolean;
  authenticated: boolean;
  serverVersion?: string;
  message: string;
}

export interface SyncStatusView {
  paused: boolean;
  reason: 'user' | 'offline' | 'metered' | 'policy' | null;
  online: boolean;
  pendingCount: number;
  scheduledTonight: number;
  activeTransfers: { transferId: string; label: string; sentBytes: number; totalBytes: number; rate: number }[];
  currentRateLimitKbps: number | null;
}

export interface SettingsView {
  values: Required<Omit<z.infer<typeof settingsPatchSchema>, 'proxy'>> & {
    proxy: { mode: 'system' | 'none' | 'manual'; url?: string; username?: string };
  };
  /** Keys locked by the administrator's policy, with the reason shown to the user. */
  locked: Record<string, string>;
  policyError: string | null;
  /** Whether a proxy password is stored (the password itself never crosses). */
  proxyPasswordStored?: boolean;
}

export interface ExportRef {
  exportId: string;
  fileName: string;
  /** Electron saves to the user's Downloads folder; the web host serves it. */
  savedTo?: string;
}

export interface IntegrityReport {
  ok: boolean;
  checkedEntries: number;
  checkedFiles: number;
  message: string;
  /** Detail lines (journal, copies, time-stamps), each with its level. */
  lines?: { level: 'ok' | 'warning' | 'error'; text: string }[];
  firstBroken?: { seq: number; problem: string };
  at: string;
}

export interface RulePreviewRow {
  relativePath: string;
  metadata: ActMetadata;
  missing: string[];
  ruleName: string | null;
  role: FileRole;
  autoArchived: string | null;
  ignored: boolean;
}

export interface IntakeResult {
  /** Files newly sealed. */
  accepted: number;
  /** Documents created or found again (moved, unchanged), in the order of the files. */
  documentIds: string[];
  /** Files set aside, with the reason in French (temporary file, locked, vanished …). */
  ignored: { path: string; reason: string }[];
}

export interface AppInfo {
  version: string;
  dataDir: string;
  keychain: { kind: 'keychain' | 'session' | 'none'; message: string };
  firstLaunch: boolean;
  platform: string;
}

// ---------- the channel map ----------

const empty = z.object({}).strict();

export const CHANNELS = {
  getAppInfo: empty,
  listProfiles: empty,
  createProfile: z.object({ profile: profileInputSchema, password: z.string().max(1000).optional() }).strict(),
  updateProfile: z.object({ id, profile: profilePatchSchema, password: z.string().max(1000).optional() }).strict(),
  removeProfile: z.object({ id }).strict(),
  testConnection: z
    .object({
      profileId: id.optional(),
      draft: profileInputSchema.optional(),
      password: z.string().max(1000).optional(),
    })
    .strict(),
  listFolders: z.object({ profileId: id.optional() }).strict(),
  addFolder: z
    .object({
      profileId: id,
      path: absolutePath,
      mode: z.enum(['auto', 'native', 'polling']).default('auto'),
      exclusions: z.array(z.string().max(500)).max(100).default([]),
    })
    .strict(),
  updateFolder: z
    .object({
      id,
      mode: z.enum(['auto', 'native', 'polling']).optional(),
      exclusions: z.array(z.string().max(500)).max(100).optional(),
      enabled: z.boolean().optional(),
    })
    .strict(),
  removeFolder: z.object({ id }).strict(),
  previewRules: z
    .object({
      folderId: id.optional(),
      path: absolutePath.optional(),
      rules: z.array(userRuleSchema).max(50).optional(),
    })
    .strict(),
  chooseFolder: empty,
  intakePaths: z.object({ profileId: id, paths: z.array(absolutePath).min(1).max(10_000) }).strict(),
  intakeUploaded: z.object({ profileId: id, uploadIds: z.array(id).min(1).max(10_000) }).strict(),
  listDocuments: documentFilterSchema,
  countDocuments: z.object({ profileId: id.optional() }).strict(),
  getDocument: z.object({ id }).strict(),
  updateMetadata: z.object({ id, metadata: actMetadataSchema, parentId: id.nullable().optional() }).strict(),
  retryDocuments: z.object({ ids: z.array(id).min(1).max(10_000) }).strict(),
  ignoreDocuments: z.object({ ids: z.array(id).min(1).max(10_000) }).strict(),
  forceDocuments: z.object({ ids: z.array(id).min(1).max(10_000) }).strict(),
  depositNow: z.object({ ids: z.array(id).min(1).max(100_000) }).strict(),
  depositTonight: z.object({ ids: z.array(id).min(1).max(100_000) }).strict(),
  /** One transfer for a whole folder (a procurement file, a year of registers): the tree mirrors sub-folders. */
  depositFolder: z
    .object({
      ids: z.array(id).min(1).max(10_000),
      title: z.string().trim().min(1, 'Donnez un intitulé au dossier.').max(499),
      tonight: z.boolean().default(false),
    })
    .strict(),
  pauseSync: empty,
  resumeSync: empty,
  getSyncStatus: empty,
  exportReceipt: z.object({ documentId: id }).strict(),
  exportEvidence: z.object({ documentId: id }).strict(),
  openOriginal: z.object({ documentId: id }).strict(),
  verifyIntegrity: empty,
  getSettings: empty,
  updateSettings: settingsPatchSchema,
  exportDiagnostics: empty,
  /** The proxy password goes to the keychain only; null removes it. */
  setProxyPassword: z.object({ password: z.string().max(1000).nullable() }).strict(),
  openExternal: z.object({ url: z.url().max(2048) }).strict(),
  searchClassification: z.object({ query: shortText, profileId: id.optional() }).strict(),
  getClassification: z.object({ profileId: id }).strict(),
  importClassification: z
    .object({
      profileId: id,
      fileName: z.string().trim().min(1).max(255),
      // The file's bytes (2 Mo at most): it is often ISO-8859-1, so it is not sent as text.
      contentBase64: z
        .string()
        .min(1, 'Le fichier est vide.')
        .max(2_796_204, 'Le fichier de classification est trop volumineux (2 Mo au plus).')
        .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'Le contenu du fichier est mal transmis.'),
    })
    .strict(),
  resetClassification: z.object({ profileId: id }).strict(),
} as const;

export type Channel = keyof typeof CHANNELS;
export type RequestOf<C extends Channel> = z.input<(typeof CHANNELS)[C]>;
export type ParsedRequestOf<C extends Channel> = z.output<(typeof CHANNELS)[C]>;

export interface ChannelResponses {
  getAppInfo: AppInfo;
  listProfiles: ProfileView[];
  createProfile: ProfileView;
  updateProfile: ProfileView;
  removeProfile: { removed: boolean };
  testConnection: ConnectionCheckView;
  listFolders: FolderView[];
  addFolder: FolderView;
  updateFolder: FolderView;
  removeFolder: { removed: boolean };
  previewRules: RulePreviewRow[];
  chooseFolder: { path: string | null };
  intakePaths: IntakeResult;
  intakeUploaded: IntakeResult;
  listDocuments: { total: number; rows: DocumentSummary[] };
  countDocuments: Record<DocumentState, number>;
  getDocument: DocumentDetail;
  updateMetadata: DocumentDetail;
  retryDocuments: { changed: number };
  ignoreDocuments: { changed: number };
  forceDocuments: { changed: number };
  depositNow: { queued: number; problems: { id: string; message: string }[] };
  depositTonight: { queued: number; problems: { id: string; message: string }[] };
  depositFolder: { queued: number; problems: { id: string; message: string }[] };
  pauseSync: SyncStatusView;
  resumeSync: SyncStatusView;
  getSyncStatus: SyncStatusView;
  exportReceipt: ExportRef;
  exportEvidence: ExportRef;
  openOriginal: ExportRef;
  verifyIntegrity: IntegrityReport;
  getSettings: SettingsView;
  updateSettings: SettingsView;
  exportDiagnostics: ExportRef;
  setProxyPassword: { stored: boolean };
  openExternal: { opened: boolean };
  searchClassification: { source: 'national' | 'prefecture'; results: { code: string; label: string }[] };
  getClassification: ClassificationView;
  importClassification: ClassificationView;
  resetClassification: ClassificationView;
}

export type ResponseOf<C extends Channel> = ChannelResponses[C];

export const CHANNEL_NAMES = Object.keys(CHANNELS) as Channel[];

/** IPC channel string for a contract channel (Electron). */
export const ipcChannel = (c: Channel): string => `sceau:${c}`;
export const EVENT_CHANNEL = 'sceau:event';

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
  /** Hands dropped or chosen files to the core (paths in Electron, upload in the web host). */
  intakeFiles(profileId: string, files: File[]): Promise<ResponseOf<'intakePaths'>>;
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
