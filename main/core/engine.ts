// Composition root: one object the hosts (desktop shell, web host, CLI) drive. It owns the
// database, the vault, the capture service and the sync engine, and exposes the contract's
// handlers and one event stream. The demo archive and TSA come from the host (DemoServices).
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { UserError, type Handlers } from './api/dispatch';
import { CHANNEL_NAMES, parseRequest, type InvokeFunctions } from '../contract/api';
import { buildHandlers } from './app/handlers/index';
import { ExportRegistry } from './app/exports';
import { FileAccess, type FileAccessMode } from './app/file-access';
import { NO_LOCKS, Settings, type SettingsLocks } from './app/settings';
import { NO_POLICY, settingsLocks, type LoadedPolicy } from './policy';
import { buildConnector, DeferredConnector, type ConnectorContext } from './app/connectors';
import type { ArchiveConnector } from './archive/connector';
import { DepositService } from './app/deposit';
import { DEMO_TSA_NAME, demoTrustFallback, JournalTimestamps, tsaFromSettings } from './app/timestamps';
import { recordMessageHashes } from './evidence/message-records';
import { AutoDeposit } from './app/auto-deposit';
import { ActivityFeed } from './app/activity';
import { ArrivalNotices } from './app/arrivals';
import { CaptureService } from './capture/service';
import { openCredentialStore, type CredentialPreference } from './credentials/open-credential-store';
import type { CredentialStore } from './credentials/credential-store';
import { KEYCHAIN_REQUIRED_MESSAGE, NoCredentialStore } from './credentials/no-store';
import { EventBus } from './events';
import { Journal } from './seal/journal';
import { openDatabase } from './store/db';
import { DocumentRepository } from './store/documents';
import { ClassificationRepository } from './store/classifications';
import { ProfileRepository } from './store/profiles';
import { SettingsRepository } from './store/settings';
import { TransferRepository } from './store/transfers';
import { WatchedFolderRepository } from './store/watched-folders';
import { DEFAULT_SYNC_SETTINGS, documentStatesHook, SyncEngine, type SyncSettings } from './sync';
import type { ProxySettings } from './net/proxy';
import { accountFor } from './credentials/credential-store';
import type { DemoServices } from './demo-services';
import type { EngineLog, EngineParts } from './parts';

export type { EngineLog, EngineParts, LogLevel } from './parts';
export type { DemoServices } from './demo-services';

export interface EngineOptions {
  dataDir: string;
  /** Where passwords go; 'auto' falls back to session-only memory, said clearly. */
  credentials?: CredentialPreference;
  /** The administrator's policy (main/core/policy); none by default. */
  policy?: LoadedPolicy;
  /** Settings imposed by the administrator; derived from `policy` when absent. */
  locks?: () => SettingsLocks;
  log?: EngineLog;
  /**
   * The demo archive and TSA, started by the host (main/compose/demo-services.ts); the engine
   * asks for them when a demo profile needs them and closes them with itself. None: no demo.
   */
  demo?: DemoServices;
  /**
   * Which local paths callers may hand over: 'any' for in-process callers (CLI, tests),
   * 'granted' in the desktop shell (drops and dialogs seen by main, watched folders), 'uploads-only'
   * in the web host. Default 'any'.
   */
  fileAccess?: FileAccessMode;
  /** Faster polling of the archive for tests and the demo (ms). */
  trackingIntervalMs?: number;
  /** Stability delay before sealing a watched file (ms); else the setting. */
  stabilityDelayMs?: number;
  /** Versions of the host shell, for the diagnostic report (e.g. { shell: '45.5.0', chrome: '…' }). */
  hostVersions?: Record<string, string>;
  /** Host-specific handlers (the desktop shell's folder dialog, external links …). */
  overrides?: Partial<Handlers>;
}

/**
 * Every handler parses its request with the contract's schema first, so in-process callers
 * (CLI, tests) get the same validation and defaults as the renderer.
 */
function validated(raw: Handlers): InvokeFunctions {
  const out: Record<string, (request: unknown) => Promise<unknown>> = {};
  for (const channel of CHANNEL_NAMES) {
    const handler = raw[channel] as (r: unknown) => Promise<unknown>;
    out[channel] = async (request: unknown) => {
      const parsed = parseRequest(channel, request);
      if (!parsed.ok) throw new UserError(parsed.message, 'invalid');
      return handler(parsed.value);
    };
  }
  return out as unknown as InvokeFunctions;
}

export class Engine {
  /** The contract's functions; every request is validated (defaults applied) first. */
  readonly handlers: InvokeFunctions;
  readonly bus: EventBus;
  private started = false;
  private closed = false;

  private constructor(
    readonly parts: EngineParts,
    private readonly stopDemo: () => Promise<void>,
    private readonly startedRef: { value: boolean },
    overrides: Partial<Handlers>,
  ) {
    this.bus = parts.bus;
    this.handlers = validated({ ...buildHandlers(parts), ...overrides });
  }

  static async open(options: EngineOptions): Promise<Engine> {
    const log: EngineLog = options.log ?? (() => undefined);
    const dataDir = path.resolve(options.dataDir);
    const dirs = {
      vaultDir: path.join(dataDir, 'vault'),
      stagingDir: path.join(dataDir, 'staging'),
      inboxDir: path.join(dataDir, 'inbox'),
      exportsDir: path.join(dataDir, 'exports'),
      backupsDir: path.join(dataDir, 'backups'),
    };
    for (const d of Object.values(dirs)) mkdirSync(d, { recursive: true });

    const db = openDatabase(path.join(dataDir, 'sceau.db'), { backupDir: dirs.backupsDir });
    // First line of every run in the technical log: which schema the data folder is at.
    log('info', `engine opened (database schema ${String(db.pragma('user_version', { simple: true }))})`);
    const journal = new Journal(db);
    const bus = new EventBus();
    const settingsRepo = new SettingsRepository(db);
    const policy = options.policy ?? NO_POLICY;
    const policyLocks = settingsLocks(policy) as SettingsLocks;
    const settings = new Settings(settingsRepo, options.locks ?? (() => (options.policy ? policyLocks : NO_LOCKS)));
    const scrubbed = settings.scrubCredentialsInUrls();
    if (scrubbed.length > 0) log('warn', `credentials removed from saved addresses: ${scrubbed.join(', ')}`);

    const credentialMode = options.credentials ?? policy.values.credentialStorage ?? 'auto';
    const status = await openCredentialStore(credentialMode);
    let credentials: CredentialStore;
    let keychain: EngineParts['keychain'];
    if (status.ok) {
      credentials = status.store;
      keychain = { kind: status.kind, message: status.message };
    } else if (status.sessionFallbackAllowed) {
      credentials = status.useSessionOnly();
      keychain = { kind: 'session', message: status.message };
      log('warn', `keychain unavailable, session-only secrets: ${status.detail}`);
    } else {
      // The keychain is required: keep nothing at all (not even in memory) rather than a weaker store.
      credentials = new NoCredentialStore();
      keychain = { kind: 'none', message: KEYCHAIN_REQUIRED_MESSAGE };
      log('warn', `keychain required by policy but unavailable: ${status.detail}`);
    }

    // The demo archive and TSA start lazily, the first time a demo profile needs them.
    const demo = options.demo ?? null;
    let partsRef: EngineParts | null = null;
    const startedRef = { value: false };
    // The demo profile gets timestamps out of the box from a demo TSA (unless one is configured).
    const ensureDemoTsa = async () => {
      if (!demo || !partsRef?.timestamps || partsRef.timestamps.current()) return;
      // Demo tokens only when every profile is a demo one: they have no probative value.
      if (partsRef.profiles.list().some((p) => p.archiveKind !== 'demo')) return;
      const tsa = await demo.ensureTsa();
      if (!tsa || !partsRef.timestamps || partsRef.timestamps.current()) return;
      partsRef.timestamps.useDemoTsa({ url: tsa.url, trustPem: tsa.caPem, name: DEMO_TSA_NAME, demo: true });
    };
    const ensureDemoArchive = async (): Promise<string | null> => {
      await ensureDemoTsa();
      return demo ? demo.ensureArchive() : null;
    };

    const connectors: ConnectorContext = {
      credentials,
      policy,
      demoArchiveUrl: () => demo?.archiveUrl() ?? null,
      demoPassword: demo?.account.password ?? '',
      proxy: (): ProxySettings => {
        const p = settings.values().proxy;
        if (p.mode === 'manual' && p.url)
          return { mode: 'manual', url: p.url, ...(p.username ? { username: p.username } : {}) };
        return p.mode === 'none' ? { mode: 'none' } : { mode: 'system' };
      },
      proxyPassword: () => credentials.get(accountFor('global', 'proxy-password')),
    };

    const profiles = new ProfileRepository(db);
    const classifications = new ClassificationRepository(db);
    const folders = new WatchedFolderRepository(db);
    const documents = new DocumentRepository(db);
    const transfers = new TransferRepository(db);
    const exports = new ExportRegistry(dirs.exportsDir);

    const capture = new CaptureService({
      db,
      journal,
      vaultDir: dirs.vaultDir,
      bus,
      stabilityDelayMs: options.stabilityDelayMs ?? settings.values().stabilityDelayMs,
      log: (m: string) => log('info', m),
    });

    const deposit = new DepositService({
      db,
      journal,
      bus,
      profiles,
      classifications,
      documents,
      transfers,
      stagingDir: dirs.stagingDir,
      vaultDir: dirs.vaultDir,
      policy,
      checkpoint: () => partsRef?.timestamps?.transferCheckpoint() ?? null,
    });

    // One connector per profile endpoint, rebuilt when the profile changes.
    const connectorCache = new Map<string, ArchiveConnector>();
    const connectorFor = (profileId: string, endpointIndex: number): ArchiveConnector | null => {
      const profile = profiles.get(profileId);
      if (!profile) return null;
      if (endpointIndex >= endpointsCount(profileId)) return null;
      const key = `${profileId}:${endpointIndex}:${profile.updatedAt}`;
      let c = connectorCache.get(key);
      if (!c) {
        c = new DeferredConnector(profile.archiveKind === 'vitam' ? 'vitam' : 'asalae', async () => {
          if (profile.archiveKind === 'demo') await ensureDemoArchive();
          return buildConnector(profile, endpointIndex, connectors);
        });
        connectorCache.set(key, c);
      }
      return c;
    };
    const endpointsCount = (profileId: string): number => {
      const profile = profiles.get(profileId);
      if (!profile) return 0;
      return profile.archiveKind === 'demo' ? 1 : profile.endpoints.length;
    };

    const fast = options.trackingIntervalMs;
    const sync = new SyncEngine({
      db,
      bus,
      connectorFor,
      endpointsCount,
      prepare: (transferId: string) => deposit.prepare(transferId),
      // A backlog of never-sent acts leaves as a few versements (fewer ACK/ATR polls for the archive).
      batch: deposit.batching(),
      onTransferState: recordMessageHashes(journal, transfers, documentStatesHook(db, journal)),
      settings: (): SyncSettings => ({
        ...DEFAULT_SYNC_SETTINGS,
        bandwidth: settings.bandwidthRules(),
        metered: false,
        ...(fast
          ? {
              tracking: { ...DEFAULT_SYNC_SETTINGS.tracking, initialMs: fast, maxMs: fast * 8 },
              retry: { baseMs: fast * 2, maxMs: fast * 40, minMs: fast },
              probeIntervalMs: fast * 4,
              notifyDelayMs: fast * 4,
            }
          : {}),
      }),
    });

    // The configured TSA goes through the same proxy as the archives (read at each request).
    const tsaProxy = async (): Promise<ProxySettings> => {
      const p = connectors.proxy();
      return p.mode === 'manual' ? { ...p, password: (await connectors.proxyPassword()) ?? undefined } : p;
    };
    // Always there: verify and export read the tokens (each with its TSA chain) even with no TSA.
    const timestamps = new JournalTimestamps(
      db,
      () => {
        const tsa = tsaFromSettings(settings.values());
        return tsa ? { ...tsa, proxy: tsaProxy } : null;
      },
      credentials,
      (m) => log('warn', m),
      { dataDir, fallbackTrust: demoTrustFallback(dataDir) },
    );

    const activity = new ActivityFeed(db, { documents, folders, profiles });
    activity.prune();
    activity.attach(bus);
    const arrivals = new ArrivalNotices(
      bus,
      { db, folders, profiles, busy: (id) => capture.busyIn(id), lookAgain: (id) => capture.lookAgainIn(id) },
      fast ? { quietMs: fast * 4 } : {},
    );
    arrivals.attach();

    const parts: EngineParts = {
      db,
      journal,
      bus,
      dataDir,
      vaultDir: dirs.vaultDir,
      stagingDir: dirs.stagingDir,
      inboxDir: dirs.inboxDir,
      profiles,
      classifications,
      folders,
      documents,
      transfers,
      settings,
      policy,
      credentials,
      keychain,
      exports,
      fileAccess: new FileAccess(options.fileAccess ?? 'any', () => folders.list().map((f) => f.path)),
      capture,
      sync,
      deposit,
      timestamps,
      autoDeposit: new AutoDeposit(db, bus, settings, deposit, sync, (m) => log('warn', m)),
      activity,
      arrivals,
      connectors,
      demoAccount: demo?.account ?? null,
      ensureDemoArchive,
      log,
      hostVersions: options.hostVersions ?? {},
    };
    partsRef = parts;
    const engine = new Engine(
      parts,
      async () => {
        if (demo) await demo.close();
      },
      startedRef,
      options.overrides ?? {},
    );
    if (profiles.list().some((p) => p.archiveKind === 'demo')) await ensureDemoArchive();
    return engine;
  }

  /** Starts watching folders and sending; idempotent. */
  async start(): Promise<void> {
    if (this.started || this.closed) return;
    this.started = true;
    this.startedRef.value = true;
    await this.parts.capture.start();
    this.parts.sync.start();
    this.parts.autoDeposit.start();
    this.parts.timestamps?.start();
  }

  /** A consistent copy of the database in backups/ (before an update that migrates it). */
  backupDatabase(): string {
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const target = path.join(this.parts.dataDir, 'backups', `sceau.db.${stamp}.bak`);
    this.parts.db.prepare('VACUUM INTO ?').run(target);
    return target;
  }

  resolveExport(exportId: string): { path: string; fileName: string } | null {
    return this.parts.exports.resolve(exportId);
  }

  /** Graceful stop: watchers, in-flight seals and uploads end cleanly, then the DB closes. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.parts.autoDeposit.stop();
    this.parts.timestamps?.stop();
    await this.parts.sync.stop();
    // One last stamp of the head, so even a short run leaves its work covered (bounded wait).
    if (this.parts.timestamps) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([this.parts.timestamps.tick(), new Promise((r) => (timer = setTimeout(r, 5_000)))]);
      // A pending timer would keep a CLI process alive 5 s after its work is done.
      clearTimeout(timer);
    }
    await this.parts.capture.stop();
    await this.stopDemo();
    this.parts.arrivals.stop();
    this.parts.activity.stop();
    this.parts.db.close();
  }
}
