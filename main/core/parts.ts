// The engine's parts, as the contract's handlers and the app services see them. Each handler
// group takes a Pick<> of these, never the engine itself (no import cycle back to engine.ts).
import type { ActivityFeed } from './app/activity';
import type { ArrivalNotices } from './app/arrivals';
import type { ExportRegistry } from './app/exports';
import type { FileAccess } from './app/file-access';
import type { Settings } from './app/settings';
import type { ConnectorContext } from './app/connectors';
import type { DepositService } from './app/deposit';
import type { JournalTimestamps } from './app/timestamps';
import type { AutoDeposit } from './app/auto-deposit';
import type { CaptureService } from './capture/service';
import type { CredentialStore } from './credentials/credential-store';
import type { DemoAccount } from './demo-services';
import type { EventBus } from './events';
import type { LoadedPolicy } from './policy';
import type { Journal } from './seal/journal';
import type { Db } from './store/db';
import type { DocumentRepository } from './store/documents';
import type { ClassificationRepository } from './store/classifications';
import type { ProfileRepository } from './store/profiles';
import type { TransferRepository } from './store/transfers';
import type { WatchedFolderRepository } from './store/watched-folders';
import type { SyncEngine } from './sync';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type EngineLog = (level: LogLevel, message: string) => void;

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
  /** Which local paths callers may hand over (drops, dialogs, watched folders). */
  fileAccess: FileAccess;
  capture: CaptureService;
  sync: SyncEngine;
  deposit: DepositService;
  timestamps: JournalTimestamps | null;
  autoDeposit: AutoDeposit;
  /** The activity feed (files arrived, sent, archived, refused, connection lost/back). */
  activity: ActivityFeed;
  /** « 3 fichiers arrivés dans « Délibérations » »: grouped notifications of watched-folder arrivals. */
  arrivals: ArrivalNotices;
  connectors: ConnectorContext;
  /** The demo archive's account when the host runs one (defaults of a demo profile). */
  demoAccount: DemoAccount | null;
  ensureDemoArchive: () => Promise<string | null>;
  log: EngineLog;
  hostVersions: Record<string, string>;
}
