// One desktop's transfer queue in memory, with the same answers as the SQLite repository
// (main/core/store/sync-queue.ts): the fleet simulation runs 10,000 desktops' real
// scheduling code without 10,000 databases. Ordering mirrors the SQL: due sends by
// creation, due polls by poll time with never-set times first (SQLite sorts NULL first).
import type { CoreEvent } from '../../main/core/events';
import type {
  DueTransfer,
  FreshTransfer,
  SyncQueueStore,
  TrackedTransfer,
  TransferPatch,
} from '../../main/core/store/sync-queue';
import type { TransferRecord, TransferState } from '../../main/core/store/transfers';

interface Row extends TransferRecord {
  nightOnly: boolean;
  agency: string | null;
  /** Acts the transfer carries (SQLite counts its documents without a parent). */
  acts: number;
  /** Documents it carries (acts, annexes, signatures). */
  documents: number;
  /** Creation order, SQLite's rowid: ties on created_at keep it. */
  seq: number;
}

const FRESH = (r: Row) =>
  r.kind === 'act' && r.state === 'queued' && r.attempts === 0 && r.operationId === null && r.sentAt === null;

const UNFINISHED = (r: Row) =>
  r.state === 'queued' ||
  r.state === 'sending' ||
  r.state === 'sent' ||
  r.state === 'acknowledged' ||
  (r.state === 'failed' && r.nextAttemptAt !== null);

const TRACKED = (s: TransferState) => s === 'sent' || s === 'acknowledged';

export class MemorySyncQueue implements SyncQueueStore {
  readonly rows = new Map<string, Row>();
  private seq = 0;

  constructor(
    private readonly onCommit?: (id: string, patch: TransferPatch) => void,
    private readonly onMerge?: (into: TransferRecord, fromIds: readonly string[]) => void,
  ) {}

  add(t: TransferRecord, acts = 1, nightOnly = false, documents = acts): void {
    this.rows.set(t.id, { ...t, nightOnly, agency: null, acts, documents, seq: this.seq++ });
  }

  /** Acts a transfer carries (what SQLite reads from its documents). */
  actsOf(id: string): number {
    return this.rows.get(id)?.acts ?? 0;
  }

  get(id: string): TransferRecord | null {
    const r = this.rows.get(id);
    return r ? { ...r } : null;
  }

  blockedIds(profileId: string): string[] {
    return [...this.rows.values()]
      .filter((r) => r.profileId === profileId && r.state === 'failed' && r.nextAttemptAt === null)
      .map((r) => r.id);
  }

  dueSends(nowIso: string): DueTransfer[] {
    const out: DueTransfer[] = [];
    for (const r of this.rows.values()) {
      const sendable =
        r.state === 'queued' || r.state === 'sending' || (r.state === 'failed' && r.nextAttemptAt !== null);
      if (sendable && (r.nextAttemptAt === null || r.nextAttemptAt <= nowIso))
        out.push({ id: r.id, profileId: r.profileId, nightOnly: r.nightOnly });
    }
    // As the SQL store: each profile's oldest first, profiles interleaved.
    const rank = new Map<string, number>();
    const perProfile = new Map<string, number>();
    const sorted = out.map((d) => this.rows.get(d.id)!).sort(byCreation);
    for (const r of sorted) {
      const n = (perProfile.get(r.profileId) ?? 0) + 1;
      perProfile.set(r.profileId, n);
      rank.set(r.id, n);
    }
    return sorted
      .sort((a, b) => rank.get(a.id)! - rank.get(b.id)! || byCreation(a, b))
      .slice(0, 500)
      .map((r) => ({ id: r.id, profileId: r.profileId, nightOnly: r.nightOnly }));
  }

  dueTracks(nowIso: string): DueTransfer[] {
    const rows = [...this.rows.values()].filter(
      (r) => TRACKED(r.state) && (r.nextAttemptAt === null || r.nextAttemptAt <= nowIso),
    );
    const key = (r: (typeof rows)[number]) => r.nextAttemptAt ?? '';
    rows.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
    // As the SQL store: each profile's first, profiles interleaved.
    const rank = new Map<string, number>();
    const perProfile = new Map<string, number>();
    for (const r of rows) {
      const n = (perProfile.get(r.profileId) ?? 0) + 1;
      perProfile.set(r.profileId, n);
      rank.set(r.id, n);
    }
    rows.sort((a, b) => rank.get(a.id)! - rank.get(b.id)! || (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
    return rows.slice(0, 500).map((r) => ({ id: r.id, profileId: r.profileId, nightOnly: r.nightOnly }));
  }

  nextWake(nowIso: string): string | null {
    let m: string | null = null;
    for (const r of this.rows.values()) {
      if (r.state === 'accepted' || r.state === 'rejected') continue;
      if (r.nextAttemptAt !== null && r.nextAttemptAt > nowIso && (m === null || r.nextAttemptAt < m))
        m = r.nextAttemptAt;
    }
    return m;
  }

  counts(): { pending: number; blocked: number } {
    let pending = 0;
    let blocked = 0;
    for (const r of this.rows.values()) {
      if (UNFINISHED(r)) pending++;
      else if (r.state === 'failed') blocked++;
    }
    return { pending, blocked };
  }

  profilesWithWork(): string[] {
    const s = new Set<string>();
    for (const r of this.rows.values()) if (UNFINISHED(r)) s.add(r.profileId);
    return [...s];
  }

  tracked(profileId: string): TrackedTransfer[] {
    return [...this.rows.values()]
      .filter((r) => r.profileId === profileId && TRACKED(r.state))
      .sort((a, b) => (a.sentAt ?? '').localeCompare(b.sentAt ?? '') || a.createdAt.localeCompare(b.createdAt))
      .map((r) => ({ id: r.id, sentAt: r.sentAt, nextAttemptAt: r.nextAttemptAt }));
  }

  recentReplies(profileId: string, limit: number): Array<{ sentAt: string; repliedAt: string }> {
    return [...this.rows.values()]
      .filter((r) => r.profileId === profileId && r.sentAt !== null && r.repliedAt !== null)
      .sort((a, b) => b.repliedAt!.localeCompare(a.repliedAt!))
      .slice(0, limit)
      .map((r) => ({ sentAt: r.sentAt!, repliedAt: r.repliedAt! }));
  }

  documentCount(): number {
    return 1;
  }

  setNext(id: string, nextAttemptAt: string | null, error: string | null, atIso: string): void {
    const r = this.rows.get(id);
    if (!r) return;
    r.nextAttemptAt = nextAttemptAt;
    if (error !== null) r.lastError = error;
    r.updatedAt = atIso;
  }

  shiftWaits(deltaMs: number, atIso: string): void {
    for (const r of this.rows.values()) {
      if (r.nextAttemptAt === null) continue;
      r.nextAttemptAt = new Date(Date.parse(r.nextAttemptAt) + deltaMs).toISOString();
      r.updatedAt = atIso;
    }
  }

  setResume(id: string, resumeJson: string, atIso: string): void {
    const r = this.rows.get(id);
    if (!r) return;
    r.resumeState = JSON.parse(resumeJson) as Record<string, unknown>;
    r.updatedAt = atIso;
  }

  setSentBytes(id: string, bytes: number, atIso: string): void {
    const r = this.rows.get(id);
    if (!r) return;
    r.sentBytes = bytes;
    r.updatedAt = atIso;
  }

  agencyOf(id: string): string | null {
    return this.rows.get(id)?.agency ?? null;
  }

  setAgency(id: string, agency: string): void {
    const r = this.rows.get(id);
    if (r) r.agency = agency;
  }

  setNight(id: string, nightOnly: boolean, nextAttemptAt: string | null, atIso: string): void {
    const r = this.rows.get(id);
    if (!r) return;
    r.nightOnly = nightOnly;
    r.nextAttemptAt = nextAttemptAt;
    r.updatedAt = atIso;
  }

  setProfileError(profileId: string, message: string, atIso: string): void {
    for (const r of this.rows.values()) {
      if (r.profileId === profileId && r.state !== 'accepted' && r.state !== 'rejected') {
        r.lastError = message;
        r.updatedAt = atIso;
      }
    }
  }

  freshSiblings(seedId: string, nowIso: string): FreshTransfer[] {
    const seed = this.rows.get(seedId);
    if (!seed || !FRESH(seed)) return [];
    const rows = [...this.rows.values()].filter(
      (r) =>
        r.profileId === seed.profileId &&
        r.nightOnly === seed.nightOnly &&
        FRESH(r) &&
        (r.nextAttemptAt === null || r.nextAttemptAt <= nowIso),
    );
    rows.sort((a, b) => Number(b.id === seedId) - Number(a.id === seedId) || byCreation(a, b));
    return rows.slice(0, 500).map((r) => ({
      id: r.id,
      createdAt: r.createdAt,
      totalBytes: r.totalBytes,
      acts: r.acts,
      documents: r.documents,
    }));
  }

  merge(into: TransferRecord, fromIds: readonly string[], inside: () => CoreEvent[] | void): CoreEvent[] | null {
    const from = fromIds.map((id) => this.rows.get(id));
    if (from.length === 0 || from.some((r) => !r || !FRESH(r))) return null;
    this.add(
      into,
      from.reduce((n, r) => n + r!.acts, 0),
      from[0]!.nightOnly,
      from.reduce((n, r) => n + r!.documents, 0),
    );
    const events = inside() ?? [];
    for (const id of fromIds) this.rows.delete(id);
    this.onMerge?.(into, fromIds);
    return events;
  }

  commit(id: string, patch: TransferPatch, inside: () => CoreEvent[] | void): CoreEvent[] {
    const r = this.rows.get(id);
    if (!r) throw new Error(`Transfert introuvable : ${id}`);
    Object.assign(r, patch);
    this.onCommit?.(id, patch);
    return inside() ?? [];
  }
}

function byCreation(a: Row, b: Row): number {
  return a.createdAt.localeCompare(b.createdAt) || a.seq - b.seq;
}
