// Real pieces for sync tests: a SQLite store, the demo archive over HTTP on 127.0.0.1, the
// real as@lae / Vitam clients, test packages on disk, and an engine with fast settings.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Db } from '../../../main/core/store/db';
import { ProfileRepository } from '../../../main/core/store/profiles';
import { TransferRepository, type TransferRecord, type TransferState } from '../../../main/core/store/transfers';
import { DocumentRepository } from '../../../main/core/store/documents';
import { Journal } from '../../../main/core/seal/journal';
import { EventBus, type CoreEvent } from '../../../main/core/events';
import type { ArchiveConnector, PreparedTransfer } from '../../../main/core/archive/connector';
import { AsalaeClient } from '../../../main/core/archive/asalae-client';
import { VitamClient } from '../../../main/core/archive/vitam-client';
import type { HttpClientOptions } from '../../../main/core/net/http-client';
import { startDemoArchive, type DemoArchive } from '../../../main/demo-archive/server';
import {
  DEMO_ASALAE_LOGIN,
  DEMO_ASALAE_PASSWORD,
  DEMO_VITAM_ACCESS_CONTRACT,
  DEMO_VITAM_TENANT,
} from '../../../main/demo-archive/demo-account';
import { SyncEngine } from '../../../main/core/sync/sync-engine';
import { documentStatesHook } from '../../../main/core/sync/document-states';
import { DEFAULT_SYNC_SETTINGS, type SyncSettings } from '../../../main/core/sync/sync-types';
import { seededRng } from '../../../main/core/sync/backoff';
import { makeTransfer, type PackageSpec } from '../../tools/seda-package';

export type Kind = 'asalae' | 'vitam';

export const FAST_SETTINGS: SyncSettings = {
  ...DEFAULT_SYNC_SETTINGS,
  maxConcurrentUploads: 2,
  maxConcurrentPolls: 8,
  retry: { baseMs: 30, maxMs: 400, minMs: 5 },
  tracking: { initialMs: 60, maxMs: 300, vitamMinMs: 60, warnAfterMs: 60_000 },
  probeIntervalMs: 100,
  notifyDelayMs: 50,
};

export interface SyncHarness {
  dir: string;
  /** The profile's protocol. */
  kind: Kind;
  dbFile: string;
  db: Db;
  bus: EventBus;
  events: CoreEvent[];
  profileId: string;
  transfers: TransferRepository;
  /** Endpoint base URLs by kind (mutable: tests point them at a proxy). */
  endpoints: Record<Kind, string[]>;
  kindOf: Map<string, Kind>;
  prepared: Map<string, PreparedTransfer>;
  settings: SyncSettings;
  http: HttpClientOptions;
  /** as@lae clear password the connectors use (tests break it on purpose). */
  password: string;
  archive: DemoArchive | null;
  startArchive(port?: number, pendingMs?: number): Promise<DemoArchive>;
  engine(extra?: Partial<ConstructorParameters<typeof SyncEngine>[0]>): SyncEngine;
  connector(kind: Kind, index: number): ArchiveConnector | null;
  addTransfer(kind: Kind, spec?: PackageSpec, withDocuments?: number): Promise<TransferRecord>;
  waitStates(ids: string[], states: TransferState[], timeoutMs?: number): Promise<TransferRecord[]>;
  close(): Promise<void>;
}

export async function makeHarness(
  options: { kind?: Kind; pendingMs?: number; archive?: boolean } = {},
): Promise<SyncHarness> {
  const dir = mkdtempSync(join(tmpdir(), 'sceau-sync-'));
  const dbFile = join(dir, 'sceau.db');
  const db = openDatabase(dbFile);
  const profileId = new ProfileRepository(db).create({
    name: 'Mairie de Test',
    archiveKind: options.kind ?? 'asalae',
    siren: '210000000',
  }).id;
  const bus = new EventBus();
  const events: CoreEvent[] = [];
  bus.on((e) => events.push(e));
  const transfers = new TransferRepository(db);
  const documents = new DocumentRepository(db);
  const journal = new Journal(db);
  const engines: SyncEngine[] = [];
  const h: SyncHarness = {
    dir,
    kind: options.kind ?? 'asalae',
    dbFile,
    db,
    bus,
    events,
    profileId,
    transfers,
    endpoints: { asalae: [], vitam: [] },
    kindOf: new Map(),
    prepared: new Map(),
    settings: { ...FAST_SETTINGS },
    http: { connectTimeoutMs: 1_000, idleTimeoutMs: 2_000 },
    password: DEMO_ASALAE_PASSWORD,
    archive: null,
    async startArchive(port = 0, pendingMs = options.pendingMs ?? 100) {
      const a = await startDemoArchive({ port, host: '127.0.0.1', dataDir: join(dir, 'archive'), pendingMs });
      h.archive = a;
      if (h.endpoints.asalae.length === 0) {
        h.endpoints.asalae.push(a.asalaeUrl);
        h.endpoints.vitam.push(a.vitamUrl);
      }
      return a;
    },
    connector(kind, index) {
      const url = h.endpoints[kind][index];
      if (!url) return null;
      return kind === 'asalae'
        ? new AsalaeClient({
            baseUrl: url,
            login: DEMO_ASALAE_LOGIN,
            password: h.password,
            http: h.http,
            chunkThresholdBytes: 64 * 1024,
            chunkSizeBytes: 32 * 1024,
          })
        : new VitamClient({
            baseUrl: url,
            tenant: DEMO_VITAM_TENANT,
            accessContractId: DEMO_VITAM_ACCESS_CONTRACT,
            // The demo archive's header check runs pendingMs / 3 after the 202, after its XSD
            // check: seconds on a loaded machine.
            lookupGraceMs: 5_000,
            http: h.http,
          });
    },
    engine(extra = {}) {
      const e = new SyncEngine({
        db,
        bus,
        connectorFor: (_p, i) => h.connector(h.kind, i),
        endpointsCount: () => h.endpoints[h.kind].length,
        prepare: async (id) => {
          const p = h.prepared.get(id);
          if (!p) throw new Error(`paquet inconnu ${id}`);
          return p;
        },
        onTransferState: documentStatesHook(db, journal),
        settings: () => h.settings,
        rng: seededRng(1),
        ...extra,
      });
      engines.push(e);
      return e;
    },
    async addTransfer(kind, spec = {}, withDocuments = 0) {
      const p = await makeTransfer(dir, kind, spec);
      const t = transfers.insert({
        profileId,
        messageIdentifier: p.messageIdentifier,
        totalBytes: p.totalBytes,
        bordereauPath: p.bordereauPath,
        packagePath: p.attachmentsPath ?? p.sipPath ?? null,
      });
      h.prepared.set(t.id, p);
      h.kindOf.set(t.id, kind);
      for (let i = 0; i < withDocuments; i++) {
        documents.insert({
          profileId,
          sourcePath: join(dir, `doc-${t.id}-${i}.pdf`),
          relativePath: `doc-${i}.pdf`,
          fileName: `doc-${i}.pdf`,
          size: 10,
          mtimeMs: 0,
          fingerprintAlg: 'sha256',
          fingerprintHex: '0'.repeat(64),
          vaultPath: `v/${t.id}/${i}`,
          state: 'queued',
          origin: 'watch',
          transferId: t.id,
        });
      }
      return t;
    },
    async waitStates(ids, states, timeoutMs = 20_000) {
      const end = Date.now() + timeoutMs;
      for (;;) {
        const rows = ids.map((id) => transfers.get(id)!);
        if (rows.every((r) => states.includes(r.state))) return rows;
        if (Date.now() > end) {
          const summary = rows.reduce<Record<string, number>>(
            (acc, r) => (
              (acc[`${r.state}:${r.lastError ?? ''}`] = (acc[`${r.state}:${r.lastError ?? ''}`] ?? 0) + 1),
              acc
            ),
            {},
          );
          throw new Error(`timeout waiting for ${states.join('|')}: ${JSON.stringify(summary)}`);
        }
        await sleep(25);
      }
    },
    async close() {
      for (const e of engines) await e.stop();
      await h.archive?.close();
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  if (options.archive !== false) await h.startArchive();
  return h;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
