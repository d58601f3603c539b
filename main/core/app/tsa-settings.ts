// The time-stamping authority in force and what the user is told about it.
import type { ProxySettings } from '../net/proxy';

export interface TsaSettings {
  url: string;
  trustPem: string;
  /** The proxy in force at request time; absent: direct (the demo TSA on loopback). */
  proxy?: () => Promise<ProxySettings>;
  /** Shown to the user and the auditor (« démonstration » for the demo TSA). */
  name?: string;
  policyOid?: string;
  /** A qualified eIDAS TSA: only then may the receipt say « qualifié ». */
  qualified?: boolean;
  /** The demo TSA: only for deposits on the demo archive. */
  demo?: boolean;
}

export interface TimestampStatus {
  configured: boolean;
  name: string | null;
  url: string | null;
  qualified: boolean;
  demo: boolean;
  pending: number;
  granted: number;
  lastGrantedAt: string | null;
  coveredSeq: number | null;
  headSeq: number;
  /** French sentence for the dashboard / status, loud when off. */
  message: string;
}
