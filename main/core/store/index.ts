export {
  openDatabase,
  assertConnectionPragmas,
  DatabaseTooNewError,
  DatabaseSetupError,
  knownSchemaVersion,
} from './db';
export type { Db, OpenDatabaseOptions } from './db';
export { ProfileRepository } from './profiles';
export type { Profile, ProfileInput, Endpoint, TlsSettings } from './profiles';
export { WatchedFolderRepository } from './watched-folders';
export type { WatchedFolder, WatchMode } from './watched-folders';
export { DocumentRepository } from './documents';
export type {
  DocumentRecord,
  DocumentFilter,
  DocumentPage,
  DocumentPatch,
  DocumentSort,
  NewDocument,
  DocumentOrigin,
  MissingField,
} from './documents';
export { TransferRepository } from './transfers';
export type { TransferRecord, TransferState, NewTransfer } from './transfers';
export { SettingsRepository } from './settings';
export { uuidv7, nowIso } from './ids';
