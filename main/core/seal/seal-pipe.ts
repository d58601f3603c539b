// A large file's seal split between two threads (issue 18). A seal worker only hashes, in a
// blocking loop over a ring of shared 4 MiB slots; the calling thread reads the source into
// the ring and writes each slot to the vault temp file (O_DIRECT) as soon as it is read, with
// asynchronous calls (its event loop is never held). A slot is read into again only once it
// has been both hashed and written, so the vault copy holds exactly the bytes that were
// hashed, from one read of the source. The disk starts writing while the worker is still
// booting, and the hash — the one step that cannot be split — never waits for a read queued
// behind writes, nor runs I/O callbacks between its updates.
import { createHash, randomUUID } from 'node:crypto';
import { open, stat, unlink } from 'node:fs/promises';
import { Worker } from 'node:worker_threads';
import type { DigestAlgorithm, Fingerprint } from '../../contract/types';
import {
  ChangedDuringRead,
  changedDuringRead,
  SealError,
  onVault,
  sourceOpenFlags,
  type SealOptions,
  type SealResult,
} from './seal-core';
import { commitToVault, inVaultTmp, vaultTempPath } from './vault';
import { createVaultFile, DIRECT_IO_MIN_BYTES } from './vault-file';

/**
 * 16 slots of 2 MiB: up to 32 MiB read ahead of the hash (~18 ms of hashing here). A ring of
 * 64 MiB measured no faster, 16 MiB slower. On a disk busy with other work, smaller writes
 * with three in flight finished 1 GiB sooner than 4 MiB ones with two (medians of 5
 * interleaved: 1,026 vs 1,216 ms), and as fast on a quiet one.
 */
export const PIPE_CHUNK = 2 * 1024 * 1024;
export const PIPE_SLOTS = 16;
/**
 * Vault writes in flight: three, and the reads keep a thread of libuv's four. The writes all
 * extend the file, so ext4 takes them one at a time on the inode lock; more only spin there.
 */
const MAX_WRITES = 3;

// Control words shared with the hashing worker.
const READ = 0; // chunks [0, READ) are in the ring
const HASHED = 1; // chunks [0, HASHED) are hashed
const ABORT = 2; // the reading side gave up: stop
const CONTROL_WORDS = 4;

/** What the hashing worker receives (seal worker mode 'hash'). */
export interface HashJob {
  mode: 'hash';
  algorithm: DigestAlgorithm;
  ring: SharedArrayBuffer;
  control: SharedArrayBuffer;
  chunk: number;
  slots: number;
}

/** What it answers. */
export type HashOutcome = { kind: 'hashed'; hex: string; bytes: number } | { kind: 'aborted' };

type WaitAsync = (
  a: Int32Array,
  i: number,
  v: number,
  t?: number,
) => { async: boolean; value: Promise<string> | string };
const waitAsync = (Atomics as unknown as { waitAsync?: WaitAsync }).waitAsync;

/** Whether this runtime can run the two-thread seal. */
export function pipeAvailable(): boolean {
  return typeof SharedArrayBuffer === 'function' && typeof Atomics.wait === 'function';
}

/** Files at least this large are sealed by the pipeline (two chunks: one is not worth a ring). */
export function pipeMinBytes(options: SealOptions): number {
  return 2 * (options.pipeline?.chunkBytes ?? PIPE_CHUNK);
}

/** A page-aligned shared ring (a shared WebAssembly memory is allocated by pages). */
function sharedRing(bytes: number): { ring: SharedArrayBuffer; aligned: boolean } {
  try {
    const pages = Math.ceil(bytes / 65536);
    const memory = new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true });
    return { ring: memory.buffer as unknown as SharedArrayBuffer, aligned: true };
  } catch {
    return { ring: new SharedArrayBuffer(bytes), aligned: false }; // written through the page cache
  }
}

function slotsOf(ring: SharedArrayBuffer, chunk: number, slots: number): Buffer[] {
  return Array.from({ length: slots }, (_, i) => Buffer.from(ring, i * chunk, chunk));
}

/**
 * The hashing worker's loop: blocks until each chunk is in the ring, hashes it, says so.
 * The chunk lengths follow the control words; a short chunk is the file's last.
 */
export function runHasher(job: HashJob): HashOutcome {
  const control = new Int32Array(job.control, 0, CONTROL_WORDS);
  const lengths = new Int32Array(job.control, 4 * CONTROL_WORDS, job.slots);
  const slots = slotsOf(job.ring, job.chunk, job.slots);
  const hash = createHash(job.algorithm);
  let bytes = 0;
  for (let k = 0; ; k++) {
    for (;;) {
      if (Atomics.load(control, ABORT) === 1) return { kind: 'aborted' };
      const ready = Atomics.load(control, READ);
      if (ready > k) break;
      Atomics.wait(control, READ, ready, 1000);
    }
    const n = Atomics.load(lengths, k % job.slots);
    hash.update(n === job.chunk ? slots[k % job.slots]! : slots[k % job.slots]!.subarray(0, n));
    bytes += n;
    Atomics.store(control, HASHED, k + 1);
    Atomics.notify(control, HASHED);
    if (n < job.chunk) return { kind: 'hashed', hex: hash.digest('hex'), bytes };
  }
}

/** Resolves when control[index] is no longer `v`, or after `ms` (the timer keeps the loop alive). */
async function changed(control: Int32Array, index: number, v: number, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const elapsed = new Promise<void>((r) => (timer = setTimeout(r, waitAsync ? ms : 1)));
  try {
    const w = waitAsync?.(control, index, v, ms);
    await (w?.async ? Promise.race([w.value, elapsed]) : elapsed);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * One attempt at sealing `source` (the same checks and commit as sealOnce): this thread reads
 * and writes, a worker started from `entry` (a seal worker file) hashes.
 */
export async function sealOncePiped(
  entry: URL,
  source: string,
  vaultDir: string,
  options: SealOptions = {},
  execArgv?: string[],
): Promise<Omit<SealResult, 'attempts'>> {
  const algorithm = options.algorithm ?? 'sha256';
  const chunk = options.pipeline?.chunkBytes ?? PIPE_CHUNK;
  const n = options.pipeline?.slots ?? PIPE_SLOTS;
  const src = await open(source, sourceOpenFlags(options));
  const tempPath = vaultTempPath(vaultDir, `${randomUUID()}.part`);
  const controlBuf = new SharedArrayBuffer(4 * (CONTROL_WORDS + n));
  const control = new Int32Array(controlBuf, 0, CONTROL_WORDS);
  const lengths = new Int32Array(controlBuf, 4 * CONTROL_WORDS, n);
  let hasher: Worker | null = null;
  let committed = false;
  try {
    const before = await src.stat();
    if (!before.isFile()) throw new SealError('io', `Ce n’est pas un fichier ordinaire : ${source}`, source);
    const { ring, aligned } = sharedRing(chunk * n);
    const slots = slotsOf(ring, chunk, n);
    const direct = (options.directIo ?? before.size >= DIRECT_IO_MIN_BYTES) && aligned;
    const dst = await onVault(
      inVaultTmp(vaultDir, () => createVaultFile(tempPath, direct)),
      source,
    );
    let stopped = false; // this attempt is over: no more writes to the file
    try {
      // Its boot (tens of ms) overlaps the first reads and writes.
      const job: HashJob = { mode: 'hash', algorithm, ring, control: controlBuf, chunk, slots: n };
      const w = new Worker(entry, { ...(execArgv ? { execArgv } : {}), workerData: job });
      hasher = w;
      let gone: string | null = null;
      const hashed = new Promise<HashOutcome>((resolve, reject) => {
        w.once('message', (m: HashOutcome) => resolve(m));
        w.once('error', (e) => {
          gone = e.message;
          reject(e);
        });
        w.once('exit', (code) => {
          gone ??= `code ${code}`;
          reject(new Error(`Le calcul d’empreinte s’est interrompu (${gone}).`));
        });
      });
      hashed.catch(() => undefined); // awaited below; not an unhandled rejection meanwhile

      let writtenUpTo = 0; // chunks [0, writtenUpTo) are written
      let marks = new Uint8Array(1024); // 1: chunk written (they may finish out of order)
      let writeError: unknown = null;
      let wake: (() => void) | null = null;
      const queued: Array<[c: number, bytes: number]> = [];
      let inFlight = 0;
      const issue = (): void => {
        while (inFlight < MAX_WRITES && queued.length > 0 && !writeError && !stopped) {
          const [c, bytes] = queued.shift()!;
          inFlight++;
          void dst
            .write(slots[c % n]!.subarray(0, bytes), c * chunk)
            .then(
              () => {
                if (c >= marks.length) {
                  const grown = new Uint8Array(2 * c + 1);
                  grown.set(marks);
                  marks = grown;
                }
                marks[c] = 1;
                while (marks[writtenUpTo] === 1) writtenUpTo++;
              },
              (e: unknown) => {
                writeError ??= e;
              },
            )
            .finally(() => {
              inFlight--;
              issue();
              wake?.();
            });
        }
      };

      let total = 0;
      let lastProgress = 0;
      for (let c = 0; ; c++) {
        // Slot c % n is free once chunk c - n is both written and hashed.
        for (;;) {
          if (writeError) throw writeError;
          if (gone !== null) await hashed;
          const h = Atomics.load(control, HASHED);
          if (c < n || (writtenUpTo > c - n && h > c - n)) break;
          await Promise.race([
            new Promise<void>((r) => (wake = r)),
            h > c - n ? new Promise<void>(() => undefined) : changed(control, HASHED, h, 50),
          ]);
          wake = null;
        }
        const slot = slots[c % n]!;
        let bytes = 0;
        while (bytes < chunk) {
          const { bytesRead } = await src.read(slot, bytes, chunk - bytes, c * chunk + bytes);
          if (bytesRead === 0) break;
          bytes += bytesRead;
        }
        Atomics.store(lengths, c % n, bytes);
        Atomics.store(control, READ, c + 1);
        Atomics.notify(control, READ);
        total += bytes;
        if (bytes > 0) {
          queued.push([c, bytes]);
          issue();
        }
        if (options.onProgress && total - lastProgress >= 4 * chunk) {
          lastProgress = total;
          try {
            options.onProgress(Math.min(total, Atomics.load(control, HASHED) * chunk), before.size);
          } catch {
            // progress is advisory
          }
        }
        if (bytes < chunk) break;
      }
      while (inFlight > 0 || (queued.length > 0 && !writeError)) {
        await new Promise<void>((r) => (wake = r));
        wake = null;
      }
      if (writeError) throw writeError;
      await dst.sync();
      const digest = await hashed;
      if (digest.kind !== 'hashed' || digest.bytes !== total) throw new Error('empreinte incomplète');
      if (changedDuringRead(before, total, await src.stat(), await stat(source))) throw new ChangedDuringRead();
      const fingerprint: Fingerprint = { algorithm, hex: digest.hex };
      const { vaultPath, existed } = await onVault(commitToVault(vaultDir, tempPath, fingerprint, total), source);
      committed = true;
      options.onProgress?.(total, total);
      return { fingerprint, size: total, mtimeMs: before.mtimeMs, vaultPath, alreadyInVault: existed };
    } finally {
      stopped = true;
      await dst.close();
    }
  } finally {
    if (hasher) {
      Atomics.store(control, ABORT, 1);
      Atomics.notify(control, READ);
      await hasher.terminate();
    }
    await src.close();
    if (!committed) await unlink(tempPath).catch(() => undefined);
  }
}
