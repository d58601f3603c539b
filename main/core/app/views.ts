// Maps store records to the contract's view types (what may cross to the renderer: never
// a secret, never a vault path).
import type { DocumentSummary, FolderView, PendingCounts, ProfileView, TimelineEntry } from '../../contract/api';
import type { StateCounts } from '../store/document-counts';
import type { JournalEntry } from '../seal/journal';
import type { DocumentRecord } from '../store/documents';
import type { Profile } from '../store/profiles';
import { storedArchiveOptions } from './profile-options';
import type { WatchedFolder } from '../store/watched-folders';
import type { DocumentState } from '../../contract/types';
import { DOCUMENT_STATES } from '../../contract/types';
import { journalEntryLabel, STATE_TIMELINE_LABELS } from '../../contract/messages';

/** What waits, from a commune's or folder's counts per state. */
export function pendingCounts(c: StateCounts): PendingCounts {
  const n = (s: DocumentState) => c[s] ?? 0;
  const out = {
    needsMetadata: n('needs_metadata'),
    ready: n('ready'),
    failed: n('failed'),
    rejected: n('rejected'),
    queued: n('queued') + n('sending'),
    awaitingReply: n('sent') + n('acknowledged'),
  };
  return { ...out, total: Object.values(out).reduce((a, b) => a + b, 0) };
}

export function profileView(p: Profile, hasPassword: boolean, counts: StateCounts = {}): ProfileView {
  return {
    id: p.id,
    name: p.name,
    siren: p.siren,
    archiveKind: p.archiveKind,
    endpoints: p.endpoints.map((e) => ({ url: e.url, ...(e.label ? { label: e.label } : {}) })),
    sedaVersion: p.sedaVersion,
    archivalAgencyId: p.archivalAgencyId,
    transferringAgencyId: p.transferringAgencyId,
    originatingAgencyId: p.originatingAgencyId,
    submissionAgencyId: p.submissionAgencyId,
    archivalAgreement: p.archivalAgreement,
    archivalProfile: p.archivalProfile,
    ...(p.vitamTenant !== null ? { vitamTenant: p.vitamTenant } : {}),
    ...(p.vitamContext ? { vitamContext: p.vitamContext } : {}),
    login: p.login ?? '',
    hasPassword,
    tls: { ...(p.tls.caPem ? { caPem: p.tls.caPem } : {}), ...(p.tls.spkiPins ? { spkiPins: p.tls.spkiPins } : {}) },
    rules: (p.rules as ProfileView['rules']) ?? [],
    ...archiveView(p),
    createdAt: p.createdAt,
    pending: pendingCounts(counts),
  };
}

/** The archive options as the UI sees them: the SEDA profile by its size, never its text. */
function archiveView(
  p: Profile,
): Pick<ProfileView, 'management' | 'vitamAccessContract' | 'asalaeChunkBytes' | 'sedaProfileBytes'> {
  const { sedaProfileRng, ...rest } = storedArchiveOptions(p);
  return { ...rest, ...(sedaProfileRng ? { sedaProfileBytes: Buffer.byteLength(sedaProfileRng, 'utf8') } : {}) };
}

export function documentSummary(d: DocumentRecord): DocumentSummary {
  return {
    id: d.id,
    profileId: d.profileId,
    fileName: d.fileName,
    relativePath: d.relativePath,
    size: d.size,
    state: d.state,
    role: d.role,
    parentId: d.parentId,
    metadata: d.metadata,
    missing: d.missingFields,
    reason: d.reason,
    transferId: d.transferId,
    archiveReference: d.archiveReference ?? null,
    ...(d.role !== 'act' ? { parentNumber: d.parentNumber ?? null } : {}),
    updatedAt: d.updatedAt,
    createdAt: d.createdAt,
  };
}

export function folderView(
  f: WatchedFolder,
  status: { effectiveMode: 'native' | 'polling'; status: FolderView['status']; message?: string },
  activity: { counts: StateCounts; lastActivityAt: string | null } = { counts: {}, lastActivityAt: null },
): FolderView {
  return {
    id: f.id,
    profileId: f.profileId,
    path: f.path,
    mode: f.mode,
    effectiveMode: status.effectiveMode,
    exclusions: f.exclusions,
    enabled: f.enabled,
    status: status.status,
    ...(status.message ? { message: status.message } : {}),
    pending: pendingCounts(activity.counts),
    documentCount: Object.values(activity.counts).reduce((a, b) => a + (b ?? 0), 0),
    acceptedCount: activity.counts.accepted ?? 0,
    lastActivityAt: activity.lastActivityAt,
  };
}

/** French labels of the states, for the timeline (one catalogue: contract/messages). */
export const STATE_LABELS = STATE_TIMELINE_LABELS;

export function timelineEntry(e: JournalEntry): TimelineEntry {
  const data = (e.data ?? {}) as Record<string, unknown>;
  const to =
    typeof data.to === 'string' && (DOCUMENT_STATES as readonly string[]).includes(data.to)
      ? (data.to as DocumentState)
      : undefined;
  const reason = typeof data.reason === 'string' ? data.reason : undefined;
  return {
    seq: e.seq,
    at: e.at,
    type: e.type,
    ...(to ? { state: to } : {}),
    label: to ? STATE_TIMELINE_LABELS[to] : journalEntryLabel(e.type),
    ...(reason ? { detail: reason } : {}),
  };
}
