// Composition root: one object the hosts (desktop shell, web host, CLI) drive. It owns the
// database, the vault, the capture service, the sync engine and the built-in demo archive,
// and exposes the contract's handlers and one event stream.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { UserError, type Handlers } from './api/dispatch';
import { CHANNEL_NAMES, parseRequest, type InvokeFunctions } from '../contract/api';
import { buildHandlers } from './app/handlers';
import { ExportRegistry } from './app/exports';
import { NO_LOCKS, Settings, type SettingsLocks } from './app/settings';
import { NO_POLICY, settingsLocks, type LoadedPolicy } from './policy';
import { buildConnector, DeferredConnector, type ConnectorContext } from './app/connectors';
import type { ArchiveConnector } from './archive/connector';
import { DepositService } from './app/deposit';
import { JournalTimestamps } from './app/timestamps';
import { AutoDeposit } from './app/auto-deposit';
import { CaptureService } from './capture/service';
import { openCredentialStore, type CredentialPreference } from './credentials/open-credential-store';
import type { CredentialStore } from './credentials/credential-store';
import { SessionCredentialStore } from './credentials/session-store';
import { EventBus } from './events';
import { Journal } from './seal/journal';
import { openDatabase, type Db } from './store/db';
import { DocumentRepository } from './store/documents';
import { ClassificationRepository } from './store/classifications';
import { ProfileRepository } from './store/profiles';
import { SettingsRepository } from './store/settings';
import { TransferRepository } from './store/transfers';
import { WatchedFolderRepository } from './store/watched-folders';
import { DEFAULT_SYNC_SETTINGS, documentStatesHook, SyncEngine, type SyncSettings } from './sync';
import { DEMO_ASALAE_PASSWORD } from '../demo-archive/demo-account';
import { startDemoArchive } from '../demo-archive/server';
import { startDemoTsa } from '../demo-archive/demo-tsa';
import type { ProxySettings } from './archive/http';
import { accountFor } from './credentials/credential-store';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type EngineLog = (level: LogLevel, message: string) => void;

export interface EngineOptions {
  dataDir: string;
  /** Where passwords go; 'auto' falls back to session-only memory, said clearly. */
  credentials?: CredentialPreference;
  /** The administrator's policy (main/core/policy); none by default. */
  policy?: LoadedPolicy;
  /** Settings imposed by the administrator; derived from `policy` when absent. */
  locks?: () => SettingsLocks;
  log?: EngineLog;
  /** 'in-process' (default) starts the demo archive when a profile uses it. */
  demoArchive?: 'in-process' | 'off';
  /** Use an already running demo archive at this base URL instead (tests, CLI). */
  demoArchiveUrl?: string;
  /** Faster polling of the archive for tests and the demo (ms). */
  trackingIntervalMs?: number;
  /** Stability delay before sealing a watched file (ms); else the setting. */
  stabilityDelayMs?: number;
  /** Versions of the host shell, for the diagnostic report (e.g. { shell: '45.5.0', chrome: '…' }). */
  hostVersions?: Record<string, string>;
  /** Host-specific handlers (the desktop shell's folder dialog, external links …). */
  overrides?: Partial<Handlers>;
}

export interface EngineParts {
  db: Db;
  journal: Journal;
  bus: EventBus;
  dataDir: string;
  vaultDir: string;
  stagingDir: string;
  inboxDir: string;
  profiles: ProfileRepository;
  classifications: ClassificationRepository;
  folders: WatchedFolderRepository;
  documents: DocumentRepository;
  transfers: TransferRepository;
  settings: Settings;
  policy: LoadedPolicy;
  credentials: CredentialStore;
  keychain: { kind: 'keychain' | 'session' | 'none'; message: string };
  exports: ExportRegistry;
  capture: CaptureService;
  sync: SyncEngine;
  deposit: DepositService;
  timestamps: JournalTimestamps | null;
  autoDeposit: AutoDeposit;
  connectors: ConnectorContext;
  ensureDemoArchive: () => Promise<string | null>;
  log: EngineLog;
  hostVersions: Record<string, string>;
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
    const journal = new Journal(db);
    const bus = new EventBus();
    const settingsRepo = new SettingsRepository(db);
    const policy = options.policy ?? NO_POLICY;
    const policyLocks = settingsLocks(policy) as SettingsLocks;
    const settings = new Settings(settingsRepo, options.locks ?? (() => (options.policy ? policyLocks : NO_LOCKS)));

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
      // Policy requires the keychain: keep nothing at all rather than a weaker store.
      credentials = new SessionCredentialStore();
      keychain = { kind: 'none', message: status.message };
      log('warn', `keychain required by policy but unavailable: ${status.detail}`);
    }

    // The demo archive starts lazily, the first time a demo profile needs it.
    let demoUrl: string | null = options.demoArchiveUrl ?? null;
    let demoHandle: { close(): Promise<void> } | null = null;
    let demoStarting: Promise<string | null> | null = null;
    let demoTsa: { close(): Promise<void> } | null = null;
    let partsRef: EngineParts | null = null;
    // The demo profile gets timestamps out of the box from a demo TSA (unless one is configured).
    const ensureDemoTsa = async () => {
      if (demoTsa || !partsRef || partsRef.timestamps || options.demoArchive === 'off') return;
      const tsa = await startDemoTsa({ dataDir: path.join(dataDir, 'demo-tsa') });
      demoTsa = tsa;
      partsRef.timestamps = new JournalTimestamps(db, { url: tsa.url, trustPem: tsa.caPem }, credentials, (m) =>
        log('warn', m),
      );
      if (startedRef.value) partsRef.timestamps.start();
    };
    const startedRef = { value: false };
    const ensureDemoArchive = async (): Promise<string | null> => {
      await ensureDemoTsa();
      if (demoUrl) return demoUrl;
      if (options.demoArchive === 'off') return null;
      demoStarting ??= startDemoArchive({ port: 0, dataDir: path.join(dataDir, 'demo-archive') }).then((h) => {
        demoHandle = h;
        demoUrl = h.url;
        log('info', `demo archive listening on ${h.url}`);
        return h.url;
      });
      return demoStarting;
    };

    const connectors: ConnectorContext = {
      credentials,
      policy,
      demoArchiveUrl: () => demoUrl,
      demoPassword: DEMO_ASALAE_PASSWORD,
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
      onTransferState: documentStatesHook(db, journal),
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

    const tsa = settings.values();
    const timestamps =
      tsa.tsaUrl && tsa.tsaCertPem
        ? new JournalTimestamps(db, { url: tsa.tsaUrl, trustPem: tsa.tsaCertPem }, credentials, (m) => log('warn', m))
        : null;

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
      capture,
      sync,
      deposit,
      timestamps,
      autoDeposit: new AutoDeposit(db, bus, settings, deposit, sync, (m) => log('warn', m)),
      connectors,
      ensureDemoArchive,
      log,
      hostVersions: options.hostVersions ?? {},
    };
    partsRef = parts;
    const engine = new Engine(
      parts,
      async () => {
        if (demoHandle) await demoHandle.close();
        if (demoTsa) await demoTsa.close();
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
    if (this.parts.timestamps)
      await Promise.race([this.parts.timestamps.tick(), new Promise((r) => setTimeout(r, 5_000))]);
    await this.parts.capture.stop();
    await this.stopDemo();
    this.parts.db.close();
  }
}
