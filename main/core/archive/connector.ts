// The one interface the sync engine drives, whatever archive is behind it
// (as@lae REST, Vitam ingest-external, or the built-in demo archive speaking either).
import type { SedaVersion } from '../../contract/types';

/** A transfer ready to leave: everything is on disk, nothing large sits in memory. */
export interface PreparedTransfer {
  /** Our MessageIdentifier, generated and stored before the first attempt. */
  messageIdentifier: string;
  /** TransferringAgency/Identifier of the bordereau (as@lae keys ACK/ATR by it). */
  transferringAgency: string;
  sedaVersion: SedaVersion;
  /** The bordereau (as@lae: seda_message part; Vitam: also inside the SIP as manifest.xml). */
  bordereauPath: string;
  /** as@lae: one tar.gz of the files at the paths the bordereau's Uri name. */
  attachmentsPath?: string;
  /** Vitam: zip with manifest.xml at the root and content/. */
  sipPath?: string;
  /** Bytes that will be uploaded (attachments or SIP). */
  totalBytes: number;
}

/** What is known of a transfer on the archive side (ids learnt while sending). */
export interface TransferRef {
  messageIdentifier: string;
  transferringAgency: string;
  /** Vitam operation id (X-Request-Id), when known. */
  operationId?: string;
  /**
   * When the last attempt's body had entirely left (ISO): from then on the archive may hold
   * the transfer. Vitam fills its logbook later, so a lookup waits a grace period after it.
   */
  bodySentAt?: string;
}

/** Resumable upload state, persisted by the sync engine between attempts and restarts. */
export interface ResumeState {
  /** as@lae chunk session */
  sessionIdentifier?: string;
  securityIdentifier?: string;
  chunkSize?: number;
  /** 1-based index of the last chunk the archive confirmed. */
  lastChunkAcked?: number;
  /** Vitam: when the SIP's last byte left (see TransferRef.bodySentAt). */
  bodySentAt?: string;
}

export interface UploadThrottle {
  /** Resolves when `bytes` may be sent; honours the current rate (may change live). */
  take(bytes: number, signal?: AbortSignal): Promise<void>;
}

export interface SendOptions {
  signal?: AbortSignal;
  onProgress?: (sentBytes: number, totalBytes: number) => void;
  throttle?: UploadThrottle;
  resume?: ResumeState;
  /** Called each time resumable state advances, so it can be stored before going on. */
  onResumeState?: (state: ResumeState) => void;
}

export interface SendResult {
  /** Vitam: X-Request-Id */
  operationId?: string;
}

export type AckResult = { state: 'pending' } | { state: 'received'; xml: string; date?: string };

export type ReplyOutcome =
  | { state: 'pending' }
  | {
      state: 'accepted' | 'accepted_with_warnings' | 'rejected';
      /** as@lae 000/101/300…; Vitam OK/WARNING/KO/FATAL */
      replyCode: string;
      /** The archive's own words, shown to the user. */
      comment: string;
      /** as@lae ArchivalAgencyArchiveUnitIdentifier ("cote"), Vitam SystemId. */
      archiveReference?: string;
      xml: string;
      date?: string;
      /** Vitam BLANK_TEST ("Test OK" / "Test KO"): checked only, nothing was archived. */
      dryRun?: boolean;
    };

// Every connector failure is the network layer's error (one class, so the HTTP client's
// failures reach the sync engine unchanged). `message` is French and shown as is.
export { NetError as ArchiveError, type NetErrorCode as ArchiveErrorCode } from '../net/errors';

export interface ConnectionCheck {
  reachable: boolean;
  authenticated: boolean;
  /** e.g. "as@lae V2.1.0" or "Vitam" */
  serverVersion?: string;
  /** French explanation when something failed. */
  message: string;
}

export interface ArchiveConnector {
  readonly kind: 'asalae' | 'vitam';
  /** Network + authentication test ("Tester la connexion"). Never throws. */
  check(signal?: AbortSignal): Promise<ConnectionCheck>;
  /** Cheap reachability probe used by the sync engine (not the OS online flag). */
  ping(signal?: AbortSignal): Promise<boolean>;
  send(transfer: PreparedTransfer, options?: SendOptions): Promise<SendResult>;
  /** After an unknown outcome: did the archive receive this MessageIdentifier? */
  lookup(ref: TransferRef, signal?: AbortSignal): Promise<{ received: boolean; operationId?: string }>;
  /** as@lae Acknowledgement; Vitam has none and answers received with the operation state. */
  acknowledgement(ref: TransferRef, signal?: AbortSignal): Promise<AckResult>;
  reply(ref: TransferRef, signal?: AbortSignal): Promise<ReplyOutcome>;
}
