// CaptureService: the one intake path for watched folders, dropped files/folders and the
// CLI. Candidate → stable → sealed (small files by the batch in the seal pool, larger ones
// streamed with bounded concurrency) → recorded (group commit) → metadata state.
import { existsSync } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve, sep } from 'node:path';
import type { Db } from '../store/db';
import type { DigestAlgorithm } from '../../contract/types';
import type { CoreEvent, EventBus } from '../events';
import type { UserRule } from '../acts';
import { Journal } from '../seal/journal';
import { sealFile, SealError, type SealResult } from '../seal/seal';
import { sharedSealPool, SMALL_FILE_MAX } from '../seal/seal-pool';
import { prepareVault, vaultAbsolutePath } from '../seal/vault';
import { DocumentRepository, type DocumentOrigin } from '../store/documents';
import { stmt } from '../store/statements';
import { ProfileRepository } from '../store/profiles';
import { WatchedFolderRepository, type WatchedFolder } from '../store/watched-folders';
import { IgnoreRules, isHiddenOnly, isIgnoredName } from './ignore';
import { Limiter } from './limiter';
import { recordSealedFile, type RecordOutcome, type SealedCandidate } from './record';
import { waitUntilStable } from './stability';
import { walkFiles, toRelative } from './walk';
import { FolderWatcher, chooseWatchMode } from './watcher';

export interface CaptureSettings {
  /** Size + mtime unchanged this long ⇒ stable (default 2000 ms). */
  stabilityDelayMs?: number;
  /** Streaming seals (files over 1 MiB) in flight (default 4); smaller files go through the seal pool. */
  concurrency?: number;
  algorithm?: DigestAlgorithm;
  /** Listing interval for network shares (default 10 s). */
  pollIntervalMs?: number;
  /** Safety reconciliation for natively watched folders (default 10 min). */
  reconcileIntervalMs?: number;
  /** Files at least this large are sealed in a worker thread. */
  workerThreshold?: number;
  /** Poll every folder, whatever its file system. */
  forcePolling?: boolean;
  /** A locked file is looked at again after this delay (default 30 s). */
  lockedRetryMs?: number;
  /**
   * After a transient failure (disk full, I/O error, too many open files) a file is retried
   * after this delay, doubled at each new failure up to 10 min (default 30 s).
   */
  transientRetryMs?: number;
  /** Give up waiting for a file that never settles (default 10 min). */
  maxStabilityWaitMs?: number;
}

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

export type CandidateResult =
  | { path: string; kind: 'created' | 'moved' | 'unchanged'; documentId: string; state: string }
  | { path: string; kind: 'ignored' | 'vanished' | 'cancelled' }
  | { path: string; kind: 'ignored'; message: string }
  | { path: string; kind: 'locked' | 'error'; message: string };

export interface IntakeReport {
  results: CandidateResult[];
  created: number;
  errors: Array<{ path: string; message: string }>;
}

interface Candidate {
  profileId: string;
  folderId: string | null;
  path: string;
  relativePath: string;
  origin: DocumentOrigin;
  /** A symlink the user dropped explicitly (top level only): followed. Never for watched files. */
  followLink?: boolean;
}

/** « Dossier illisible » for a folder that exists but cannot be listed. */
export function unreadableDirMessage(dir: string, code: string): string {
  const why =
    code === 'EACCES' || code === 'EPERM'
      ? 'accès refusé'
      : code === 'ELOOP'
        ? 'boucle de liens symboliques'
        : code === 'EIO'
          ? 'erreur de lecture du disque'
          : code === 'EMFILE' || code === 'ENFILE'
            ? 'trop de fichiers ouverts'
            : 'il ne peut pas être parcouru';
  return `Dossier illisible : ${why} (${dir}). Vérifiez ses droits ; son contenu n’est pas versé.`;
}

// Without the path (the result is listed against it): a path such as /dev/null would read as
// a technical word in the message.
function notAFileMessage(_path: string): string {
  return 'Cet élément n’est pas un fichier ordinaire (tube, prise ou périphérique) : il n’est pas scellé.';
}

function symlinkMessage(path: string): string {
  return `${path} est un lien symbolique : il n’est pas suivi ni scellé.`;
}

/** The engine's own entries in its data folder (see Engine.open). */
const DATA_ENTRIES = /^(sceau\.db(-wal|-shm|-journal)?|backups|staging|exports|logs)$/;

const HIDDEN_REASON = 'Fichier caché : il n’est pas versé.';

export class CaptureService {
  readonly journal: Journal;
  private readonly db: Db;
  private readonly bus: EventBus;
  private readonly vaultDir: string;
  private readonly excludeDirs: string[];
  private readonly log: (message: string) => void;
  private readonly s: Required<Omit<CaptureSettings, 'workerThreshold'>> & { workerThreshold?: number };
  private readonly docs: DocumentRepository;
  private readonly folders: WatchedFolderRepository;
  private readonly profiles: ProfileRepository;
  private readonly sealLimiter: Limiter;
  private readonly watchers = new Map<string, FolderWatcher>();
  private readonly pending = new Map<string, { promise: Promise<CandidateResult>; again: boolean }>();
  /** One pending retry per file at most (a full disk must not pile up timers). */
  private readonly retryTimers = new Map<
    string,
    { timer: NodeJS.Timeout; folderId: string | null; profileId: string }
  >();
  /** Per watched folder: sub-folders it could not list at its last scan, with the message. */
  private readonly unreadable = new Map<string, Map<string, string>>();
  /** Transient failures in a row, per candidate key (for the back-off). */
  private readonly transientFailures = new Map<string, number>();
  private abort = new AbortController();
  private running = false;
  private vaultReady: Promise<void> | null = null;
  private readonly recordQueue: Array<{
    input: SealedCandidate;
    resolve: (o: RecordOutcome) => void;
    reject: (e: unknown) => void;
  }> = [];

  constructor(options: CaptureServiceOptions) {
    this.db = options.db;
    this.bus = options.bus;
    this.vaultDir = resolve(options.vaultDir);
    this.log = options.log ?? (() => undefined);
    this.excludeDirs = [this.vaultDir, ...(options.excludeDirs ?? []).map((d) => resolve(d))];
    const st: CaptureSettings = {
      ...(options.stabilityDelayMs !== undefined ? { stabilityDelayMs: options.stabilityDelayMs } : {}),
      ...options.settings,
    };
    this.s = {
      stabilityDelayMs: st.stabilityDelayMs ?? 2000,
      concurrency: st.concurrency ?? 4,
      algorithm: st.algorithm ?? 'sha256',
      pollIntervalMs: st.pollIntervalMs ?? 10_000,
      reconcileIntervalMs: st.reconcileIntervalMs ?? 10 * 60_000,
      forcePolling: st.forcePolling ?? false,
      lockedRetryMs: st.lockedRetryMs ?? 30_000,
      transientRetryMs: st.transientRetryMs ?? 30_000,
      maxStabilityWaitMs: st.maxStabilityWaitMs ?? 10 * 60_000,
      ...(st.workerThreshold !== undefined ? { workerThreshold: st.workerThreshold } : {}),
    };
    this.journal = options.journal ?? new Journal(this.db);
    this.docs = new DocumentRepository(this.db);
    this.folders = new WatchedFolderRepository(this.db);
    this.profiles = new ProfileRepository(this.db);
    this.sealLimiter = new Limiter(Math.max(1, this.s.concurrency));
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
    for (const r of this.retryTimers.values()) clearTimeout(r.timer);
    this.retryTimers.clear();
    this.transientFailures.clear();
    await Promise.all([...this.watchers.values()].map((w) => w.stop()));
    this.watchers.clear();
    await Promise.allSettled([...this.pending.values()].map((p) => p.promise));
  }

  async addFolder(folder: WatchedFolder): Promise<void> {
    if (!this.running || !folder.enabled) return;
    await this.removeFolder(folder.id);
    const mode = chooseWatchMode(folder, this.s.forcePolling);
    const watcher: FolderWatcher = new FolderWatcher({
      folder,
      mode,
      pollIntervalMs: this.s.pollIntervalMs,
      reconcileIntervalMs: this.s.reconcileIntervalMs,
      onCandidate: (path) => {
        if (!this.isExcluded(path)) void this.submit(this.watchCandidate(folder, path));
      },
      isExcluded: (path) => this.isExcluded(path),
      reconcile: (): Promise<void> => this.reconcileFolder(folder, watcher.rules),
      onError: (message) =>
        this.bus.emit({ type: 'capture.error', profileId: folder.profileId, path: folder.path, message }),
    });
    this.watchers.set(folder.id, watcher);
    try {
      await watcher.start();
    } catch (e) {
      this.watchers.delete(folder.id);
      this.bus.emit({
        type: 'capture.error',
        profileId: folder.profileId,
        path: folder.path,
        message: `Le dossier ${folder.path} ne peut pas être surveillé : ${(e as Error).message}`,
      });
    }
  }

  async removeFolder(folderId: string): Promise<void> {
    const w = this.watchers.get(folderId);
    this.watchers.delete(folderId);
    this.unreadable.delete(folderId);
    for (const [key, r] of this.retryTimers)
      if (r.folderId === folderId) {
        clearTimeout(r.timer);
        this.retryTimers.delete(key);
      }
    await w?.stop();
  }

  watchModeOf(folderId: string): 'native' | 'polling' | null {
    return this.watchers.get(folderId)?.mode ?? null;
  }

  /** Catch-up: compares listings with what the database knows; resolves when all is sealed. */
  async rescan(profileId?: string): Promise<void> {
    const targets = [...this.watchers.entries()].filter(([id]) => {
      const f = this.folders.get(id);
      return f && (!profileId || f.profileId === profileId);
    });
    await Promise.all(targets.map(([, w]) => w.reconcileSoon()));
    await this.idle();
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
    if (!this.profiles.get(profileId)) throw new Error(`Profil introuvable : ${profileId}`);
    await this.ensureVault();
    const jobs: Array<Promise<CandidateResult>> = [];
    const errors: Array<{ path: string; message: string }> = [];
    const noRules = new IgnoreRules([]);
    // The same file given twice (alone and inside its folder, or twice in the list): once.
    const seen = new Set<string>();
    const take = (c: Candidate): void => {
      if (seen.has(c.path)) return;
      seen.add(c.path);
      jobs.push(this.submit(c));
    };
    const unreadable = (dir: string, code: string): void => {
      if (seen.has(dir)) return;
      seen.add(dir);
      jobs.push(Promise.resolve({ path: dir, kind: 'error', message: unreadableDirMessage(dir, code) }));
    };
    for (const raw of paths) {
      const p = resolve(raw);
      let s;
      try {
        // A link given explicitly at the top level is the user's choice: followed (only here).
        s = await stat(p);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code ?? '';
        if (code === 'EACCES' || code === 'EPERM') unreadable(p, code);
        else errors.push({ path: p, message: `Fichier ou dossier introuvable : ${p}` });
        continue;
      }
      if (this.isExcluded(p)) {
        if (!seen.has(p)) {
          seen.add(p);
          jobs.push(
            Promise.resolve({
              path: p,
              kind: 'ignored',
              message: `${p} fait partie des données de Sceau : il n’est pas versé.`,
            }),
          );
        }
        continue;
      }
      if (s.isDirectory()) {
        const base = dirname(p);
        try {
          await walkFiles(
            p,
            noRules,
            (f) => {
              const rel = toRelative(base, f.path);
              if (!noRules.isIgnored(rel)) take({ profileId, folderId: null, path: f.path, relativePath: rel, origin });
            },
            { withStat: false, exclude: (x) => this.isExcluded(x), onUnreadableDir: unreadable },
          );
        } catch (e) {
          unreadable(p, (e as NodeJS.ErrnoException).code ?? 'EIO');
        }
      } else if (isIgnoredName(basename(p))) {
        if (!seen.has(p)) {
          seen.add(p);
          jobs.push(
            Promise.resolve(
              isHiddenOnly(basename(p))
                ? { path: p, kind: 'ignored', message: HIDDEN_REASON }
                : { path: p, kind: 'ignored' },
            ),
          );
        }
      } else {
        take({ profileId, folderId: null, path: p, relativePath: basename(p), origin, followLink: true });
      }
    }
    const results = await Promise.all(jobs);
    for (const r of results)
      if (r.kind === 'error' || r.kind === 'locked') errors.push({ path: r.path, message: r.message });
    return { results, created: results.filter((r) => r.kind === 'created').length, errors };
  }

  /**
   * Sceau's own files are never captured: the vault, any excludeDirs and, once the vault's
   * parent is seen to be the data folder (it holds sceau.db), the engine's own entries there
   * (sceau.db and its -wal/-shm, backups, staging, exports, logs). Not the whole parent: a
   * user folder next to the data (or the inbox) stays capturable.
   */
  isExcluded(path: string): boolean {
    const p = resolve(path);
    const inside = (d: string) => p === d || p.startsWith(d.endsWith(sep) ? d : d + sep);
    if (this.excludeDirs.some(inside)) return true;
    const dataDir = dirname(this.vaultDir);
    if (dataDir === this.vaultDir || !inside(dataDir) || p === dataDir) return false;
    const first =
      p
        .slice(dataDir.length)
        .split(sep)
        .find((x) => x !== '') ?? '';
    if (!DATA_ENTRIES.test(first)) return false;
    return this.isDataDir(dataDir);
  }

  private dataDirSeen = false;
  private isDataDir(dir: string): boolean {
    if (this.dataDirSeen) return true;
    this.dataDirSeen = existsSync(join(dir, 'sceau.db'));
    return this.dataDirSeen;
  }

  private ensureVault(): Promise<void> {
    this.vaultReady ??= prepareVault(this.vaultDir);
    return this.vaultReady;
  }

  private watchCandidate(folder: WatchedFolder, path: string): Candidate {
    return {
      profileId: folder.profileId,
      folderId: folder.id,
      path,
      relativePath: toRelative(folder.path, path),
      origin: 'watch',
    };
  }

  /** Sub-folders of a watched folder that could not be listed at its last scan. */
  unreadableDirsOf(folderId: string): Array<{ dir: string; message: string }> {
    return [...(this.unreadable.get(folderId)?.entries() ?? [])].map(([dir, message]) => ({ dir, message }));
  }

  private async reconcileFolder(folder: WatchedFolder, rules: IgnoreRules): Promise<void> {
    const known = this.docs.knownFiles(folder.profileId);
    const before = this.unreadable.get(folder.id) ?? new Map<string, string>();
    const now = new Map<string, string>();
    await walkFiles(
      folder.path,
      rules,
      (f) => {
        const k = known.get(f.path);
        if (k && k.size === f.size && k.mtimeMs === f.mtimeMs) return;
        const c = this.watchCandidate(folder, f.path);
        if (this.retryPending(c)) return;
        void this.submit(c);
      },
      {
        signal: this.abort.signal,
        exclude: (p) => this.isExcluded(p),
        onUnreadableDir: (dir, code) => {
          const message = unreadableDirMessage(dir, code);
          now.set(dir, message);
          // Told once (a toast every 10 s of polling would drown the user), then shown on
          // the folder until it can be read again.
          if (before.has(dir)) return;
          this.log(message);
          this.bus.emit({ type: 'capture.error', profileId: folder.profileId, path: dir, message });
        },
      },
    );
    // A cancelled walk saw only part of the tree: keep what was known. A folder removed
    // meanwhile keeps no state.
    if (this.abort.signal.aborted || !this.watchers.has(folder.id)) return;
    if (now.size > 0) this.unreadable.set(folder.id, now);
    else this.unreadable.delete(folder.id);
  }

  /** One pipeline per path at a time; a new event during processing re-checks once after. */
  private submit(c: Candidate): Promise<CandidateResult> {
    const key = candidateKey(c);
    const existing = this.pending.get(key);
    if (existing) {
      existing.again = true;
      return existing.promise;
    }
    const entry = { promise: Promise.resolve<CandidateResult>({ path: c.path, kind: 'cancelled' }), again: false };
    entry.promise = (async () => {
      let result = await this.process(c);
      // A failure that scheduled its own retry is not retried at once for a repeat event.
      while (
        entry.again &&
        this.running !== false &&
        result.kind !== 'cancelled' &&
        !(result.kind === 'error' && this.retryTimers.has(key))
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
      if (result.kind !== 'error') this.transientFailures.delete(key);
      return result;
    })().finally(() => this.pending.delete(key));
    this.pending.set(key, entry);
    return entry.promise;
  }

  private async process(c: Candidate): Promise<CandidateResult> {
    const signal = this.abort.signal;
    if (signal.aborted && c.origin === 'watch') return { path: c.path, kind: 'cancelled' };
    try {
      const stable = await waitUntilStable(c.path, {
        delayMs: this.s.stabilityDelayMs,
        trustOldMtime: c.origin !== 'watch' || this.watchModeOf(c.folderId ?? '') === 'native',
        followSymlinks: c.followLink === true && c.origin !== 'watch',
        maxWaitMs: this.s.maxStabilityWaitMs,
        ...(c.origin === 'watch' ? { signal } : {}),
      });
      if (stable.kind === 'cancelled') return { path: c.path, kind: 'cancelled' };
      if (stable.kind === 'vanished') return { path: c.path, kind: 'vanished' };
      // Still there, just not a document: said as such (not "vanished"), never retried.
      if (stable.kind === 'not_a_file') return { path: c.path, kind: 'ignored', message: notAFileMessage(c.path) };
      if (stable.kind === 'symlink') return { path: c.path, kind: 'ignored', message: symlinkMessage(c.path) };
      if (stable.kind === 'denied') {
        this.bus.emit({ type: 'capture.error', profileId: c.profileId, path: c.path, message: stable.message });
        return { path: c.path, kind: 'error', message: stable.message };
      }
      if (stable.kind === 'locked') {
        this.retryLater(c);
        return { path: c.path, kind: 'locked', message: stable.message };
      }
      // Already sealed with this size and date: nothing new (a rename or a repeat event).
      const latest = this.latestSealOf(c);
      if (latest && latest.size === stable.size && latest.mtimeMs === stable.mtimeMs) {
        return { path: c.path, kind: 'unchanged', documentId: latest.id, state: latest.state };
      }
      const { seal, head } = (await this.sealSmall(c, stable.size)) ?? (await this.sealLarge(c));
      const profile = this.profiles.get(c.profileId);
      const outcome = await this.record({
        ...c,
        sourcePath: c.path,
        seal,
        head,
        userRules: (profile?.rules ?? []) as UserRule[],
      });
      return toResult(c.path, outcome);
    } catch (e) {
      if (e instanceof SealError && e.code === 'vanished') return { path: c.path, kind: 'vanished' };
      const message = e instanceof Error ? e.message : String(e);
      if (e instanceof SealError && (e.code === 'locked' || e.code === 'unstable')) this.retryLater(c);
      // Disk full, I/O error…: the messages promise the file will be taken up again, so it
      // is, for dropped files too, without waiting for the next reconciliation.
      if (e instanceof SealError && e.code === 'transient') this.retryAfterTransient(c);
      this.bus.emit({ type: 'capture.error', profileId: c.profileId, path: c.path, message });
      return { path: c.path, kind: 'error', message };
    }
  }

  /**
   * Small files go to the seal pool: sealed by the batch in worker threads, each batch's
   * vault folders fsynced once, and the promise settles only once the copy is durable.
   * null: not sealed there (larger than announced, changed while read, no pool).
   */
  private async sealSmall(c: Candidate, size: number): Promise<{ seal: SealResult; head: Buffer } | null> {
    if (size > SMALL_FILE_MAX) return null;
    const pool = sharedSealPool();
    if (!pool || pool.broken) return null;
    const o = await pool.seal({ source: c.path, vaultDir: this.vaultDir, algorithm: this.s.algorithm, sizeHint: size });
    if (o.kind === 'retry') return null;
    if (o.kind === 'error') throw new SealError(o.code, o.message, c.path);
    this.bus.emit({ type: 'seal.progress', path: c.path, bytes: o.result.size, totalBytes: o.result.size });
    return {
      seal: { ...o.result, attempts: 1 },
      head: Buffer.from(o.head.buffer, o.head.byteOffset, o.head.byteLength),
    };
  }

  /** Streaming seal, one file at a time (bounded), in a worker thread when very large. */
  private async sealLarge(c: Candidate): Promise<{ seal: SealResult; head: Buffer }> {
    const seal = await this.sealLimiter.run(() =>
      sealFile(c.path, this.vaultDir, {
        algorithm: this.s.algorithm,
        ...(this.s.workerThreshold !== undefined ? { workerThreshold: this.s.workerThreshold } : {}),
        retryDelayMs: Math.min(500, this.s.stabilityDelayMs),
        onProgress: (bytes, totalBytes) => this.bus.emit({ type: 'seal.progress', path: c.path, bytes, totalBytes }),
      }),
    );
    return { seal, head: await readHead(vaultAbsolutePath(this.vaultDir, seal.vaultPath)) };
  }

  /**
   * Group commit: sealed files that finish in the same tick share one SQLite transaction
   * (one fsync), each in its own savepoint so one failure does not sink the others.
   */
  private record(input: SealedCandidate): Promise<RecordOutcome> {
    return new Promise((resolve, reject) => {
      this.recordQueue.push({ input, resolve, reject });
      if (this.recordQueue.length === 1) setImmediate(() => this.flushRecords());
    });
  }

  private flushRecords(): void {
    const batch = this.recordQueue.splice(0);
    const done: Array<() => void> = [];
    const events: CoreEvent[] = [];
    try {
      this.db
        .transaction(() => {
          for (const item of batch) {
            try {
              const r = recordSealedFile(this.db, this.journal, item.input);
              events.push(...r.events);
              done.push(() => item.resolve(r.outcome));
            } catch (e) {
              done.push(() => item.reject(e));
            }
          }
        })
        .immediate();
    } catch (e) {
      for (const item of batch) item.reject(e);
      return;
    }
    for (const ev of events) this.bus.emit(ev);
    for (const d of done) d();
  }

  /**
   * The last document sealed from this path under this relative path. documents has no
   * index on source_path (findBySource scans the whole profile, once per candidate): the
   * (profile_id, relative_path) index narrows it to a row or two. A path recorded under
   * another relative path (dropped once alone, once with its folder) is simply re-sealed,
   * and recordSealedFile then finds it unchanged.
   */
  private latestSealOf(c: Candidate): { id: string; state: string; size: number; mtimeMs: number } | undefined {
    const row = stmt(
      this.db,
      'SELECT id, state, size, mtime_ms FROM documents WHERE profile_id = ? AND relative_path = ? AND source_path = ? ORDER BY created_at DESC, rowid DESC LIMIT 1',
    ).get(c.profileId, c.relativePath, c.path) as
      { id: string; state: string; size: number; mtime_ms: number } | undefined;
    return row && { id: row.id, state: row.state, size: row.size, mtimeMs: row.mtime_ms };
  }

  private retryLater(c: Candidate): void {
    if (c.origin !== 'watch') return;
    this.submitLater(c, this.s.lockedRetryMs);
  }

  private retryAfterTransient(c: Candidate): void {
    const key = candidateKey(c);
    // A failure met while a retry is already planned (a repeat event) does not lengthen its back-off.
    if (this.retryTimers.has(key)) return;
    const failures = (this.transientFailures.get(key) ?? 0) + 1;
    this.transientFailures.set(key, failures);
    this.submitLater(c, Math.min(this.s.transientRetryMs * 2 ** (failures - 1), MAX_TRANSIENT_RETRY_MS));
  }

  private submitLater(c: Candidate, delayMs: number): void {
    if (!this.running) return;
    const key = candidateKey(c);
    if (this.retryTimers.has(key)) return;
    const timer = setTimeout(() => {
      this.retryTimers.delete(key);
      if (!this.running || !this.profiles.get(c.profileId)) return;
      // A watched file whose folder was removed or disabled meanwhile is left alone.
      if (c.origin === 'watch' && c.folderId !== null && !this.watchers.has(c.folderId)) return;
      void this.submit(c);
    }, delayMs);
    timer.unref?.();
    this.retryTimers.set(key, { timer, folderId: c.folderId, profileId: c.profileId });
  }

  /** Whether this file waits for a retry already (scans leave it to its timer). */
  private retryPending(c: Candidate): boolean {
    return this.retryTimers.has(candidateKey(c));
  }
}

const MAX_TRANSIENT_RETRY_MS = 10 * 60_000;

function candidateKey(c: Candidate): string {
  return `${c.profileId}\u0000${c.path}`;
}

function toResult(path: string, o: RecordOutcome): CandidateResult {
  return { path, kind: o.kind, documentId: o.document.id, state: o.document.state };
}

async function readHead(path: string): Promise<Buffer> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(4096);
    const { bytesRead } = await fh.read(buf, 0, 4096, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}
