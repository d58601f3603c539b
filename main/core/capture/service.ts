// CaptureService: the one intake path for watched folders, dropped files/folders and the CLI.
// Candidate → stable → sealed (small files by the batch in the seal pool, larger ones streamed)
// → recorded (group commit) → metadata state. Its parts live next to it: folder-watching,
// intake-walk (dropped paths), retry-timers, seal-step and record-queue.
import { resolve } from 'node:path';
import type { Db } from '../store/db';
import type { EventBus } from '../events';
import type { UserRule } from '../acts';
import { Journal } from '../seal/journal';
import { SealError } from '../seal/seal';
import { vaultPreparation } from '../seal/vault';
import { CaptureRecordRepository, latestKey } from '../store/capture-records';
import { DocumentRepository, type DocumentOrigin } from '../store/documents';
import { ProfileRepository } from '../store/profiles';
import { WatchedFolderRepository, type WatchedFolder } from '../store/watched-folders';
import { Exclusions } from './exclusions';
import { FolderWatching } from './folder-watching';
import { walkIntakeChunks, type IntakeChunk } from './intake-walk';
import { IntakeTally } from './intake-report';
import { notAFileMessage, recordFailure, symlinkMessage } from './messages';
import type { RecordOutcome } from './record';
import { NameReadings } from './name-readings';
import { RecordQueue } from './record-queue';
import { RetryTimers } from './retry-timers';
import { SealStep } from './seal-step';
import { quickStable, type QuickStat } from './quick-stable';
import { waitUntilStable, type StabilityResult } from './stability';
import {
  candidateKey,
  resolveSettings,
  type Candidate,
  type CandidateResult,
  type CaptureSettings,
  type IntakeReport,
  type KnownStable,
  type Pending,
  type ResolvedCaptureSettings,
} from './types';

export type { CaptureSettings, CandidateResult, IntakeReport } from './types';
export { unreadableDirMessage } from './messages';

export interface CaptureServiceOptions {
  db: Db;
  vaultDir: string;
  bus: EventBus;
  /** Share the engine's journal (one writer of the chain); created otherwise. */
  journal?: Journal;
  settings?: CaptureSettings;
  /** Shorthand for settings.stabilityDelayMs. */
  stabilityDelayMs?: number;
  /**
   * Folders never captured, whatever is watched or dropped. Sceau's own data folder (the
   * vault's parent when it holds sceau.db) and the vault itself are always excluded.
   */
  excludeDirs?: readonly string[];
  log?: (message: string) => void;
}

export class CaptureService {
  readonly journal: Journal;
  private readonly bus: EventBus;
  private readonly vaultDir: string;
  private readonly s: ResolvedCaptureSettings;
  private readonly folders: WatchedFolderRepository;
  private readonly profiles: ProfileRepository;
  private readonly records: CaptureRecordRepository;
  private readonly exclusions: Exclusions;
  private readonly watching: FolderWatching;
  private readonly retries: RetryTimers;
  private readonly sealer: SealStep;
  private readonly recordQueue: RecordQueue;
  private readonly names = new NameReadings();
  private readonly pending = new Map<string, Pending>();
  private abort = new AbortController();
  private running = false;
  private readonly ensureVault: () => Promise<void>;

  constructor(options: CaptureServiceOptions) {
    const db = options.db;
    this.bus = options.bus;
    this.vaultDir = resolve(options.vaultDir);
    this.ensureVault = vaultPreparation(this.vaultDir);
    const log = options.log ?? (() => undefined);
    this.exclusions = new Exclusions(this.vaultDir, options.excludeDirs ?? []);
    this.s = resolveSettings({
      ...(options.stabilityDelayMs !== undefined ? { stabilityDelayMs: options.stabilityDelayMs } : {}),
      ...options.settings,
    });
    this.journal = options.journal ?? new Journal(db);
    this.folders = new WatchedFolderRepository(db);
    this.profiles = new ProfileRepository(db);
    this.records = new CaptureRecordRepository(db);
    this.retries = new RetryTimers({
      lockedRetryMs: this.s.lockedRetryMs,
      transientRetryMs: this.s.transientRetryMs,
      // A watched file whose folder was removed or disabled meanwhile is left alone.
      stillWanted: (c) =>
        this.running &&
        this.profiles.get(c.profileId) !== null &&
        !(c.origin === 'watch' && c.folderId !== null && !this.watching.has(c.folderId)),
      resubmit: (c) => void this.submit(c),
    });
    this.watching = new FolderWatching({
      settings: this.s,
      bus: this.bus,
      docs: new DocumentRepository(db),
      log,
      isExcluded: (p) => this.isExcluded(p),
      submit: (c) => void this.submit(c),
      retryPending: (c) => this.retries.pending(c),
      signal: () => this.abort.signal,
    });
    this.sealer = new SealStep({
      vaultDir: this.vaultDir,
      bus: this.bus,
      algorithm: this.s.algorithm,
      concurrency: this.s.concurrency,
      ...(this.s.workerThreshold !== undefined ? { workerThreshold: this.s.workerThreshold } : {}),
      retryDelayMs: Math.min(500, this.s.stabilityDelayMs),
    });
    this.recordQueue = new RecordQueue(db, this.journal, this.bus);
  }

  /** Starts every enabled watched folder; each runs a catch-up scan in the background. */
  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.abort = new AbortController();
    await this.ensureVault();
    for (const f of this.folders.list()) if (f.enabled) await this.addFolder(f);
  }

  /** Stops watching, cancels waits, and waits for seals already in flight to be recorded. */
  async stop(): Promise<void> {
    this.running = false;
    this.abort.abort();
    this.retries.clearAll();
    await this.watching.stopAll();
    await Promise.allSettled([...this.pending.values()].map((p) => p.promise));
  }

  async addFolder(folder: WatchedFolder): Promise<void> {
    if (!this.running || !folder.enabled) return;
    await this.watching.add(folder);
  }

  async removeFolder(folderId: string): Promise<void> {
    this.retries.clearFolder(folderId);
    await this.watching.remove(folderId);
  }

  watchModeOf(folderId: string): 'native' | 'polling' | null {
    return this.watching.modeOf(folderId);
  }

  /** Sub-folders of a watched folder that could not be listed at its last scan. */
  unreadableDirsOf(folderId: string): Array<{ dir: string; message: string }> {
    return this.watching.unreadableDirsOf(folderId);
  }

  /** Why a folder is polled although native notifications were wanted (French), or null. */
  watchNoticeOf(folderId: string): string | null {
    return this.watching.noticeOf(folderId);
  }

  /** Catch-up: compares listings with what the database knows; resolves when all is sealed. */
  async rescan(profileId?: string): Promise<void> {
    await this.watching.reconcileSoon((id) => {
      const f = this.folders.get(id);
      return f !== null && (!profileId || f.profileId === profileId);
    });
    await this.idle();
  }

  /** Whether a file of this watched folder is still being waited for or sealed. */
  busyIn(folderId: string): boolean {
    for (const p of this.pending.values()) if (p.folderId === folderId) return true;
    return false;
  }

  /** Lists a watched folder afresh; what it finds is submitted before this resolves. */
  lookAgainIn(folderId: string): Promise<void> {
    return this.watching.lookAgain(folderId);
  }

  /** Resolves once no candidate is pending. */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending.values()].map((p) => p.promise));
  }

  /**
   * Dropped files/folders and the CLI: folders are taken recursively, their own name kept
   * in the relative path (rules may read a nature from it).
   */
  async intake(profileId: string, paths: readonly string[], origin: DocumentOrigin): Promise<IntakeReport> {
    const profile = this.profiles.get(profileId);
    if (!profile) throw new Error(`Profil introuvable : ${profileId}`);
    // Read once for the whole drop (not once per file).
    const rules = profile.rules as UserRule[];
    await this.ensureVault();
    const tally = new IntakeTally();
    // Streamed: the walk is pulled a chunk at a time, and a chunk only once the files in
    // flight leave room, so memory stays flat whatever the size of the drop. Files not yet
    // complete take the slow way in the background and hold no place in the window.
    const inFlight = new Set<Promise<void>>();
    // One waiter woken when a place frees: `Promise.race(inFlight)` per file would hang a
    // reaction on each of the ~1,000 files in flight, every time (~10^8 objects per 100k drop).
    let wake: (() => void) | null = null;
    const slow: Array<Promise<void>> = [];
    let first = true;
    const chunks = walkIntakeChunks(profileId, paths, origin, (p) => this.isExcluded(p), this.s.intakeChunk);
    // Which files of a chunk are complete now (two quick stats, no writer; the seal workers start meanwhile). The
    // next chunk is looked at while this one is submitted: its stats overlap the seals and records instead of stalling them.
    const look = async (): Promise<LookedAt | null> => {
      const n = await chunks.next();
      if (n.done) return null;
      const candidates = n.value.items.flatMap((it) => ('candidate' in it ? [it.candidate] : []));
      if (candidates.length > FEW_FILES) this.sealer.warm();
      return { chunk: n.value, candidates, stable: await quickStable(candidates, this.s.stabilityDelayMs) };
    };
    let next = look();
    for (let looked = await next; looked; looked = await next) {
      const { chunk, candidates, stable } = looked;
      next = chunk.last ? Promise.resolve(null) : look();
      // Awaited at the next turn of this loop; a failure meanwhile is not "unhandled".
      next.catch(() => undefined);
      for (const m of chunk.missing) tally.error(m);
      // What is already sealed from these paths (one query per few hundred paths).
      const latest = candidates.length >= BULK_LOOKUP_MIN ? this.records.latestSealsOf(profileId, candidates) : null;
      const few = first && chunk.last && candidates.length <= FEW_FILES;
      first = false;
      for (const it of chunk.items) {
        const slot = tally.reserve();
        if (!('candidate' in it)) {
          tally.settle(slot, it.result);
          continue;
        }
        const c = it.candidate;
        const now = stable.get(c.path);
        const known = now && {
          ...now,
          few,
          rules,
          ...(latest ? { latest: latest.get(latestKey(c.relativePath, c.path)) ?? null } : {}),
        };
        const done = this.submit(c, known).then((r) => tally.settle(slot, r));
        if (!now) {
          slow.push(done);
          continue;
        }
        inFlight.add(done);
        void done.finally(() => {
          inFlight.delete(done);
          const w = wake;
          wake = null;
          w?.();
        });
        // Several seal-pool batches in flight: the workers seal the next ones while this thread
        // records the last.
        while (inFlight.size >= this.s.intakeWindow) await new Promise<void>((r) => (wake = r));
      }
    }
    await Promise.all([...inFlight, ...slow]);
    return tally.report();
  }

  /** Sceau's own files are never captured (see exclusions.ts). */
  isExcluded(path: string): boolean {
    return this.exclusions.isExcluded(path);
  }

  /**
   * One pipeline per path at a time; a new event during processing re-checks once after.
   * `known`: the file was found complete already (explicit drops), for the first pass only.
   */
  private submit(c: Candidate, known?: KnownStable): Promise<CandidateResult> {
    const key = candidateKey(c);
    const existing = this.pending.get(key);
    if (existing) {
      existing.again = true;
      return existing.promise;
    }
    const entry = {
      promise: Promise.resolve<CandidateResult>({ path: c.path, kind: 'cancelled' }),
      again: false,
      folderId: c.folderId,
    };
    entry.promise = (async () => {
      let result = await this.process(c, known);
      // A failure that scheduled its own retry is not retried at once for a repeat event.
      while (
        entry.again &&
        this.running !== false &&
        result.kind !== 'cancelled' &&
        !(result.kind === 'error' && this.retries.pending(c))
      ) {
        entry.again = false;
        const next = await this.process(c);
        // A repeat event that finds nothing new must not hide that this run created the document.
        const keep =
          next.kind === 'unchanged' &&
          (result.kind === 'created' || result.kind === 'moved') &&
          result.documentId === next.documentId;
        if (!keep) result = next;
      }
      if (result.kind !== 'error') this.retries.succeeded(c);
      return result;
    })().finally(() => this.pending.delete(key));
    this.pending.set(key, entry);
    return entry.promise;
  }

  private async process(c: Candidate, known?: KnownStable): Promise<CandidateResult> {
    const signal = this.abort.signal;
    if (signal.aborted && c.origin === 'watch') return { path: c.path, kind: 'cancelled' };
    try {
      const stable: StabilityResult = known
        ? { kind: 'stable', size: known.size, mtimeMs: known.mtimeMs }
        : await waitUntilStable(c.path, {
            delayMs: this.s.stabilityDelayMs,
            trustOldMtime: c.origin !== 'watch' || this.watchModeOf(c.folderId ?? '') === 'native',
            followSymlinks: c.followLink === true && c.origin !== 'watch',
            maxWaitMs: this.s.maxStabilityWaitMs,
            ...(c.origin === 'watch' ? { signal } : {}),
          });
      if (stable.kind === 'cancelled') return { path: c.path, kind: 'cancelled' };
      if (stable.kind === 'vanished') return { path: c.path, kind: 'vanished' };
      // Still there, just not a document: said as such (not "vanished"), never retried.
      if (stable.kind === 'not_a_file') return { path: c.path, kind: 'ignored', message: notAFileMessage() };
      if (stable.kind === 'symlink') return { path: c.path, kind: 'ignored', message: symlinkMessage(c.path) };
      if (stable.kind === 'denied') {
        this.bus.emit({ type: 'capture.error', profileId: c.profileId, path: c.path, message: stable.message });
        return { path: c.path, kind: 'error', message: stable.message };
      }
      if (stable.kind === 'locked') {
        this.retries.afterLock(c);
        return { path: c.path, kind: 'locked', message: stable.message };
      }
      // Already sealed with this size and date: nothing new (a rename or a repeat event). A path
      // recorded under another relative path (dropped alone, then with its folder) is simply
      // re-sealed, and recordSealedFile then finds it unchanged.
      const latest =
        known?.latest !== undefined
          ? (known.latest ?? undefined)
          : this.records.latestSeal(c.profileId, c.relativePath, c.path);
      if (latest && latest.size === stable.size && latest.mtimeMs === stable.mtimeMs) {
        return { path: c.path, kind: 'unchanged', documentId: latest.id, state: latest.state };
      }
      const sealing = this.sealer.seal(c.path, stable.size, known?.few === true, c.followLink === true);
      // Handled below; a rejection while the name is read is not "unhandled".
      sealing.catch(() => undefined);
      const rules = known?.rules ?? ((this.profiles.get(c.profileId)?.rules ?? []) as UserRule[]);
      const reading = await this.names.read(c.relativePath, rules);
      const { seal, head, tail } = await sealing;
      const outcome = await this.recordQueue.record({
        ...c,
        sourcePath: c.path,
        seal,
        head,
        ...(tail ? { tail } : {}),
        userRules: rules,
        ...(reading ? { reading } : {}),
      });
      return toResult(c.path, outcome);
    } catch (caught) {
      // A record the database could not write (disk full) is retried like a seal the vault refused.
      const e = recordFailure(caught, c.path) ?? caught;
      if (e instanceof SealError && e.code === 'vanished') return { path: c.path, kind: 'vanished' };
      const message = e instanceof Error ? e.message : String(e);
      if (e instanceof SealError && (e.code === 'locked' || e.code === 'unstable')) this.retries.afterLock(c);
      // « il sera repris quand il ne bougera plus »: dropped files too (afterLock is for watched ones).
      if (e instanceof SealError && e.code === 'unstable' && c.origin !== 'watch') this.retries.afterTransient(c);
      // Disk full, I/O error…: the messages promise the file will be taken up again, so it
      // is, for dropped files too, without waiting for the next reconciliation.
      if (e instanceof SealError && e.code === 'transient') this.retries.afterTransient(c);
      this.bus.emit({ type: 'capture.error', profileId: c.profileId, path: c.path, message });
      return { path: c.path, kind: 'error', message };
    }
  }
}

/** From this many files on, what is already sealed is read for the whole profile at once. */
const BULK_LOOKUP_MIN = 200;

/** Up to this many files in a drop: sealed in this thread (no pool worker to start). */
const FEW_FILES = 4;

interface LookedAt {
  chunk: IntakeChunk;
  candidates: Candidate[];
  stable: Map<string, QuickStat>;
}

function toResult(path: string, o: RecordOutcome): CandidateResult {
  return { path, kind: o.kind, documentId: o.document.id, state: o.document.state };
}
