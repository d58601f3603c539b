// A sync engine in its own process, so a test can SIGKILL it mid-upload or mid-tracking.
import { openDatabase } from '../../../../main/core/store/db';
import { EventBus } from '../../../../main/core/events';
import type { PreparedTransfer } from '../../../../main/core/archive/connector';
import { AsalaeClient } from '../../../../main/core/archive/asalae-client';
import { VitamClient } from '../../../../main/core/archive/vitam-client';
import { SyncEngine } from '../../../../main/core/sync/sync-engine';
import type { SyncSettings } from '../../../../main/core/sync/sync-types';
import { DEMO_ASALAE_LOGIN, DEMO_ASALAE_PASSWORD, DEMO_VITAM_TENANT } from '../../../../main/demo-archive/demo-account';

const args = JSON.parse(process.argv[2] ?? '{}') as {
  dbFile: string;
  kind: 'asalae' | 'vitam';
  url: string;
  prepared: Record<string, PreparedTransfer>;
  settings: SyncSettings;
  /** Merge never-sent transfers (batching.ts); a merged transfer's package never comes (the test kills first). */
  batch?: boolean;
};
const db = openDatabase(args.dbFile);
const bus = new EventBus();
bus.on((e) => {
  if (e.type === 'transfer.progress')
    process.send?.({ type: 'progress', sentBytes: e.sentBytes, totalBytes: e.totalBytes });
});
const http = { connectTimeoutMs: 1_000, idleTimeoutMs: 2_000 };
const engine = new SyncEngine({
  db,
  bus,
  connectorFor: () =>
    args.kind === 'asalae'
      ? new AsalaeClient({
          baseUrl: args.url,
          login: DEMO_ASALAE_LOGIN,
          password: DEMO_ASALAE_PASSWORD,
          http,
          chunkThresholdBytes: 64 * 1024,
          chunkSizeBytes: 32 * 1024,
        })
      : new VitamClient({ baseUrl: args.url, tenant: DEMO_VITAM_TENANT, http }),
  endpointsCount: () => 1,
  prepare: async (id) => {
    const p = args.prepared[id];
    if (p) return p;
    if (!args.batch) throw new Error('paquet inconnu');
    // The merge is committed and this transfer is about to be sent: hold here until killed.
    process.send?.({ type: 'preparing', id });
    return new Promise<PreparedTransfer>(() => {});
  },
  ...(args.batch
    ? {
        batch: {
          maxActs: 50,
          maxBytes: 1e9,
          allowed: () => true,
          messageIdentifier: () => `SCEAU-TEST-MERGED-${process.pid}`,
        },
      }
    : {}),
  // Reports each committed state so the parent can kill at a precise point.
  onTransferState: (id, state) => {
    process.send?.({ type: 'state', id, state });
  },
  settings: () => args.settings,
});
engine.start();
process.send?.({ type: 'started' });
