// The hosts' side of the demonstration: starts the reference archive and the demo
// time-stamping authority from main/demo-archive, lazily (the first time a demo profile
// needs them), and hands them to the engine as core's DemoServices. Shared by the web host,
// the Electron main process and the CLI; main/core never imports main/demo-archive.
import path from 'node:path';
import type { DemoAccount, DemoServices } from '../core/demo-services';
import {
  DEMO_ARCHIVAL_AGENCY,
  DEMO_ARCHIVAL_AGREEMENT,
  DEMO_ARCHIVAL_PROFILE,
  DEMO_ASALAE_LOGIN,
  DEMO_ASALAE_PASSWORD,
  DEMO_ORIGINATING_AGENCY,
  DEMO_TRANSFERRING_AGENCY,
} from '../demo-archive/demo-account';

export const DEMO_ACCOUNT: DemoAccount = {
  login: DEMO_ASALAE_LOGIN,
  password: DEMO_ASALAE_PASSWORD,
  archivalAgency: DEMO_ARCHIVAL_AGENCY,
  transferringAgency: DEMO_TRANSFERRING_AGENCY,
  originatingAgency: DEMO_ORIGINATING_AGENCY,
  archivalAgreement: DEMO_ARCHIVAL_AGREEMENT,
  archivalProfile: DEMO_ARCHIVAL_PROFILE,
};

export interface HostDemoOptions {
  /** The engine's data folder: demo-archive/ and demo-tsa/ live beside its database. */
  dataDir: string;
  /** An already running demo archive (tests, `--demo-archive-url`): used instead of starting one. */
  archiveUrl?: string;
  /** Whether this host may start the demo archive and TSA in its own process (default true). */
  start?: boolean;
  log?: (message: string) => void;
}

/** Lazily started demo archive and TSA; each starts at most once, both stop on close(). */
export function hostDemoServices(options: HostDemoOptions): DemoServices {
  const mayStart = options.start !== false;
  let url: string | null = options.archiveUrl ?? null;
  let archive: Promise<{ url: string; close(): Promise<void> }> | null = null;
  let tsa: Promise<{ url: string; caPem: string; close(): Promise<void> }> | null = null;
  return {
    account: DEMO_ACCOUNT,
    archiveUrl: () => url,
    async ensureArchive() {
      if (url) return url;
      if (!mayStart) return null;
      // Loaded when first needed: a host that never runs the demo never loads its servers.
      archive ??= import('../demo-archive/server')
        .then(({ startDemoArchive }) =>
          startDemoArchive({ port: 0, dataDir: path.join(options.dataDir, 'demo-archive') }),
        )
        .then((h) => {
          options.log?.(`demo archive listening on ${h.url}`);
          return h;
        });
      url = (await archive).url;
      return url;
    },
    async ensureTsa() {
      if (!mayStart) return null;
      tsa ??= import('../demo-archive/demo-tsa').then(({ startDemoTsa }) =>
        startDemoTsa({ dataDir: path.join(options.dataDir, 'demo-tsa') }),
      );
      const t = await tsa;
      return { url: t.url, caPem: t.caPem };
    },
    async close() {
      const started = [archive, tsa];
      archive = null;
      tsa = null;
      for (const s of started) if (s) await (await s).close();
    },
  };
}
