// What the core needs from the reference archive and time-stamping authority shipped for
// the demonstration. The core declares it; the hosts (main/compose/demo-services.ts) build it
// from main/demo-archive, so the core never imports the stand-ins themselves.

/** The demonstration account the demo archive knows (login, password, agency ids). */
export interface DemoAccount {
  login: string;
  password: string;
  archivalAgency: string;
  transferringAgency: string;
  originatingAgency: string;
  archivalAgreement: string;
  archivalProfile: string;
}

export interface DemoServices {
  readonly account: DemoAccount;
  /** Base URL of the demo archive, started on first call when this host runs one; else null. */
  ensureArchive(): Promise<string | null>;
  /** The demo archive's URL if it runs (or was given), without starting it. */
  archiveUrl(): string | null;
  /** The demo time-stamping authority, started on first call; null when this host runs none. */
  ensureTsa(): Promise<{ url: string; caPem: string } | null>;
  /** Stops what was started; the engine calls it when it closes. */
  close(): Promise<void>;
}
