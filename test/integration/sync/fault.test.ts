// THE fault test: a fault proxy between the clients and the demo archive injects resets,
// 5xx, hangs (timeouts), answers lost after the upload completed, and slow drips. 200 small
// deposits must all end accepted, each stored exactly once by the archive.
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { makeHarness, type Kind, type SyncHarness } from './harness';
import { startFaultProxy, type Fault, type FaultProxy } from '../../tools/fault-proxy';
import { startChild, type Child } from './child-process';
import type { DemoArchiveStats } from '../../../main/demo-archive/server';

let h: SyncHarness | null = null;
let proxy: FaultProxy | null = null;
let archive: Child | null = null;
afterEach(async () => {
  await h?.close();
  await proxy?.close();
  await archive?.kill();
  h = proxy = archive = null;
});

const FAULTS: Fault[] = [
  { kind: 'reset' },
  { kind: 'status', status: 503 },
  { kind: 'status', status: 502, body: 'Bad Gateway' },
  { kind: 'hang' },
  { kind: 'lostAnswer' },
  { kind: 'lostAnswer' },
  { kind: 'resetMidUpload', afterBytes: 300 },
  { kind: 'slowResponse', bytesPerTick: 256, tickMs: 10 },
  { kind: 'slowRequest', bytesPerTick: 4096, tickMs: 5 },
];

async function run(kind: Kind, count: number, chunked: number, seed: number) {
  h = await makeHarness({ kind, archive: false });
  // The archive runs in its own process, as a real one would (its XSD checks cost CPU).
  archive = await startChild(new URL('./children/demo-archive-child.ts', import.meta.url).pathname, {
    dataDir: `${h.dir}/archive`,
    pendingMs: 60,
  });
  const ready = await archive.next<{ url: string }>('ready');
  proxy = await startFaultProxy({ target: ready.url, random: { probability: 0.2, seed, faults: FAULTS } });
  h.endpoints[kind] = [kind === 'asalae' ? `${proxy.url}/restservices` : proxy.url];
  h.http = { connectTimeoutMs: 500, idleTimeoutMs: 600 };
  h.settings = {
    ...h.settings,
    retry: { baseMs: 20, maxMs: 300, minMs: 5 },
    tracking: { initialMs: 40, maxMs: 200, vitamMinMs: 40, warnAfterMs: 60_000 },
    probeIntervalMs: 50,
  };
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const spec =
      i < chunked ? { files: [{ name: `plan-${i}.pdf`, data: randomBytes(100_000) }] } : { title: `Arrêté n° ${i}` };
    ids.push((await h.addTransfer(kind, spec)).id);
  }
  const started = performance.now();
  const engine = h.engine();
  engine.start();
  const rows = await h.waitStates(ids, ['accepted', 'rejected'], 100_000);
  const seconds = (performance.now() - started) / 1000;
  archive.send({ type: 'stats' });
  const { stats } = await archive.next<{ stats: DemoArchiveStats }>('stats');
  const faults = proxy.log.filter((l) => !l.endsWith('→ ok'));
  return { rows, stats, seconds, faults, engine };
}

describe('exactly once under faults', () => {
  it('200 as@lae deposits through resets, 5xx, timeouts, lost answers and drips', async () => {
    const { rows, stats, seconds, faults } = await run('asalae', 200, 10, 20260315);
    expect(rows.filter((r) => r.state === 'accepted')).toHaveLength(200);
    expect(stats.accepted).toHaveLength(200);
    expect(new Set(stats.accepted)).toEqual(new Set(rows.map((r) => r.messageIdentifier)));
    expect(stats.rejected).toHaveLength(0);
    expect(stats.duplicatesRefused).toBe(0); // never sent twice
    // The faults really happened, including answers lost after the archive stored the transfer.
    const kinds = new Set(faults.map((l) => l.split('→ ')[1]));
    for (const k of ['reset', 'status', 'hang', 'lostAnswer', 'resetMidUpload', 'slowResponse', 'slowRequest'])
      expect(kinds).toContain(k);
    expect(faults.filter((l) => l.startsWith('POST') && l.endsWith('lostAnswer')).length).toBeGreaterThan(5);
    expect(rows.some((r) => r.attempts > 1)).toBe(true);
    console.log(
      `[sync fault] asalae: 200 accepted in ${seconds.toFixed(1)} s, ${faults.length} faults injected, ${rows.reduce((n, r) => n + r.attempts, 0)} attempts`,
    );
  }, 110_000);
});
