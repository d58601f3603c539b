export { SyncEngine } from './sync-engine';
export type { SyncEngineOptions } from './sync-engine';
export type { BatchOptions } from './batching';
export { DEFAULT_SYNC_SETTINGS } from './sync-types';
export type {
  SyncSettings,
  TrackingSettings,
  SyncStatus,
  ActiveTransferStatus,
  PauseReason,
  TransferStateHook,
  TransferStateInfo,
} from './sync-types';
export { documentStatesHook, syncPath } from './document-states';
export { RuleDrivenThrottle } from './rule-throttle';
export { backoffDelay, backoffCeiling, seededRng } from './backoff';
export type { BackoffOptions, Rng } from './backoff';
export * from './schedule-rules';
