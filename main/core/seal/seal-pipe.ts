// A large file's seal over two threads (issue 18). The seal worker only hashes, in a blocking
// loop; a companion thread reads the source ahead into a ring of shared 4 MiB slots and
// writes each slot to the vault temp file (O_DIRECT) as soon as it is read. A slot is read
// into again only once it has been both hashed and written, so the vault copy holds exactly
// the bytes that were hashed, from one read of the source. The hash, the one step that
// cannot be split, then never waits for a read queued behind writes in libuv's pool, nor
// runs I/O callbacks between its updates.
import { createHash, randomUUID } from 'node:crypto';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { stat, unlink } from 'node:fs/promises';
import { Worker } from 'node:worker_threads';
import type { Fingerprint } from '../../contract/types';
import { ChangedDuringRead, changedDuringRead, SealError, type SealOptions, type SealResult } from './seal-core';
import { commitToVault, vaultTempPath } from './vault';
import { createVaultFile, DIRECT_IO_MIN_BYTES, type VaultFileWriter } from './vault-file';

/** 16 slots of 4 MiB: 64 MiB read ahead of the hash, ~35 ms of hashing to absorb a stall. */
export const PIPE_CHUNK = 4 * 1024 * 1024;
export const PIPE_SLOTS = 16;

// Control words shared by the two threads.
const READ = 0; // chunks [0, READ) are in the ring
const HASHED = 1; // chunks [0, HASHED) are hashed
const ALIVE = 2; // the companion runs
const START = 3; // first chunk the companion reads (-1: not decided yet)
const ABORT = 4; // the seal worker gave up: stop
const FAILED = 5; // the companion stopped on an error (its message follows)
const CONTROL_WORDS = 8;

/** What the seal worker hands the companion (worker data of mode 'pipe'). */
export interface PipeJob {
  mode: 'pipe';
  fd: number;
  tempPath: string;
  direct: boolean;
  ring: SharedArrayBuffer;
  control: SharedArrayBuffer;
  chunk: number;
  slots: number;
}

export type PipeOutcome = { kind: 'written'; wroteDirect: boolean } | { kind: 'error'; code?: string; message: string };

type WaitAsync = (
  a: Int32Array,
  i: number,
  v: number,
  t?: number,
) => { async: boolean; value: Promise<string> | string };
const waitAsync = (Atomics as unknown as { waitAsync?: WaitAsync }).waitAsync;

/** A page-aligned shared ring (a shared WebAssembly memory is allocated by pages). */
function sharedRing(bytes: number): SharedArrayBuffer {
  const pages = Math.ceil(bytes / 65536);
  try {
    return new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true })
      .buffer as unknown as SharedArrayBuffer;
  } catch {
    return new SharedArrayBuffer(bytes); // direct writes may then be refused: page cache instead
  }
}

/** Whether this runtime can run the two-thread seal. */
export function pipeAvailable(): boolean {
  return typeof SharedArrayBuffer === 'function' && typeof Atomics.wait === 'function';
}

/** Fills `buf` from `position` unless the file ends first; returns the bytes read. */
function readFull(fd: number, buf: Buffer, position: number): number {
  let n = 0;
  while (n < buf.length) {
    const r = readSync(fd, buf, n, buf.length - n, position + n);
    if (r === 0) break;
    n += r;
  }
  return n;
}

function slotsOf(ring: SharedArrayBuffer, chunk: number, slots: number): Buffer[] {
  return Array.from({ length: slots }, (_, i) => Buffer.from(ring, i * chunk, chunk));
}

/** Blocks until control[index] satisfies `ok` (or the companion fails or is gone too long). */
function waitFor(control: Int32Array, index: number, ok: (v: number) => boolean, deadlineMs: number): void {
  const until = Date.now() + deadlineMs;
  for (;;) {
    const v = Atomics.load(control, index);
    if (ok(v)) return;
    if (Atomics.load(control, FAILED) === 1) throw new CompanionFailed();
    if (Date.now() > until) throw new CompanionFailed();
    Atomics.wait(control, index, v, 200);
  }
}

class CompanionFailed extends Error {}

/**
 * One attempt at sealing `source` (see sealOnce): the same checks and the same commit, with
 * reads and writes on a companion started from `entry` (this seal worker's own file).
 */
export async function sealOncePiped(
  entry: URL,
  source: string,
  vaultDir: string,
  options: SealOptions = {},
): Promise<Omit<SealResult, 'attempts'>> {
  const algorithm = options.algorithm ?? 'sha256';
  const chunk = options.pipeline?.chunkBytes ?? PIPE_CHUNK;
  const slotCount = options.pipeline?.slots ?? PIPE_SLOTS;
  const fd = openSync(source, 'r');
  const tempPath = vaultTempPath(vaultDir, `${randomUUID()}.part`);
  const controlBuf = new SharedArrayBuffer(4 * (CONTROL_WORDS + slotCount));
  const control = new Int32Array(controlBuf, 0, CONTROL_WORDS);
  const lengths = new Int32Array(controlBuf, 4 * CONTROL_WORDS, slotCount);
  Atomics.store(control, START, -1);
  let companion: Worker | null = null;
  let committed = false;
  let exited: Promise<void> = Promise.resolve();
  try {
    const before = fstatSync(fd);
    if (!before.isFile()) throw new SealError('io', `Ce n’est pas un fichier ordinaire : ${source}`, source);
    const ring = sharedRing(chunk * slotCount);
    const job: PipeJob = {
      mode: 'pipe',
      fd,
      tempPath,
      direct: options.directIo ?? before.size >= DIRECT_IO_MIN_BYTES,
      ring,
      control: controlBuf,
      chunk,
      slots: slotCount,
    };
    const w = new Worker(entry, { workerData: job });
    companion = w;
    exited = new Promise<void>((resolve) => w.once('exit', () => resolve()));
    const outcome = new Promise<PipeOutcome>((resolve) => {
      w.once('message', (m: PipeOutcome) => resolve(m));
      w.once('error', (e) => resolve({ kind: 'error', message: e.message }));
      w.once('exit', (code) => resolve({ kind: 'error', message: `companion exited (${code})` }));
    });
    const slots = slotsOf(ring, chunk, slotCount);
    const hash = createHash(algorithm);
    let total = 0;
    let lastProgress = 0;
    let selfRead = true;
    let k = 0;
    let failed = false;
    try {
      for (;;) {
        const s = k % slotCount;
        // Until the companion runs, this thread reads (it boots in tens of ms); the ring
        // holds at most `slotCount` chunks, which the companion will write first.
        if (selfRead && (k >= slotCount || Atomics.load(control, ALIVE) === 1)) {
          waitFor(control, ALIVE, (v) => v === 1, 30_000);
          Atomics.store(control, START, k);
          Atomics.notify(control, START);
          selfRead = false;
        }
        let n: number;
        if (selfRead) {
          n = readFull(fd, slots[s]!, k * chunk);
          Atomics.store(lengths, s, n);
          Atomics.store(control, READ, k + 1);
        } else {
          waitFor(control, READ, (v) => v > k, 600_000);
          n = Atomics.load(lengths, s);
        }
        hash.update(n === chunk ? slots[s]! : slots[s]!.subarray(0, n));
        total += n;
        k++;
        Atomics.store(control, HASHED, k);
        Atomics.notify(control, HASHED);
        if (options.onProgress && total - lastProgress >= 4 * chunk) {
          lastProgress = total;
          try {
            options.onProgress(total, before.size);
          } catch {
            // progress is advisory
          }
        }
        if (n < chunk) break;
      }
    } catch (e) {
      if (!(e instanceof CompanionFailed)) throw e;
      failed = true;
    }
    if (failed) {
      // The companion reports its error (or, stopped here, exits without a word).
      Atomics.store(control, ABORT, 1);
      Atomics.notify(control, HASHED);
    }
    if (selfRead) {
      // Read to the end before the companion ran: it only writes what is in the ring.
      Atomics.store(control, START, k);
      Atomics.notify(control, START);
    }
    const done = await outcome;
    if (done.kind === 'error' || failed) {
      const err = done.kind === 'error' ? done : { code: undefined, message: 'companion failed' };
      throw Object.assign(new Error(err.message), { code: err.code });
    }
    if (changedDuringRead(before, total, fstatSync(fd), await stat(source))) throw new ChangedDuringRead();
    const fingerprint: Fingerprint = { algorithm, hex: hash.digest('hex') };
    const { vaultPath, existed } = await commitToVault(vaultDir, tempPath, fingerprint, total);
    committed = true;
    options.onProgress?.(total, total);
    return { fingerprint, size: total, mtimeMs: before.mtimeMs, vaultPath, alreadyInVault: existed };
  } finally {
    if (companion) {
      // The companion reads through our descriptor: it must be gone before the descriptor closes.
      Atomics.store(control, ABORT, 1);
      if (Atomics.load(control, START) < 0) Atomics.store(control, START, 0);
      Atomics.notify(control, START);
      Atomics.notify(control, HASHED);
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000).unref())]);
      await companion.terminate();
    }
    closeSync(fd);
    if (!committed) await unlink(tempPath).catch(() => undefined);
  }
}

/**
 * Waits until control[index] is no longer `v` (or `ms` passed). The timer also keeps this
 * thread's event loop alive: a pending Atomics.waitAsync alone does not.
 */
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
 * The companion (worker mode 'pipe'): reads chunks [START, end) into the ring, writes every
 * chunk of the file to the temp file, fsyncs it and reports. Never closes the source
 * descriptor (the seal worker owns it).
 */
export async function runPipeCompanion(job: PipeJob, report: (o: PipeOutcome) => void): Promise<void> {
  const control = new Int32Array(job.control, 0, CONTROL_WORDS);
  const lengths = new Int32Array(job.control, 4 * CONTROL_WORDS, job.slots);
  const slots = slotsOf(job.ring, job.chunk, job.slots);
  const n = job.slots;
  let dst: VaultFileWriter | null = null;
  // However this thread ends, the seal worker (blocked on the control words) must hear of it.
  process.once('exit', () => {
    Atomics.store(control, FAILED, 1);
    Atomics.notify(control, READ);
    Atomics.notify(control, ALIVE);
  });
  try {
    dst = await createVaultFile(job.tempPath, job.direct);
    const out = dst;
    Atomics.store(control, ALIVE, 1);
    Atomics.notify(control, ALIVE);
    while (Atomics.load(control, START) < 0) await changed(control, START, -1, 1000);
    const start = Atomics.load(control, START);
    let marks = new Uint8Array(start + 1024); // 1: chunk written
    let writtenUpTo = 0; // chunks [0, writtenUpTo) are written
    let writeError: unknown = null;
    let wake: (() => void) | null = null;
    const writes: Promise<void>[] = [];
    const write = (c: number, bytes: number): void => {
      const p = out.write(slots[c % n]!.subarray(0, bytes), c * job.chunk).then(
        () => {
          if (c >= marks.length) {
            const grown = new Uint8Array(marks.length * 2 + c);
            grown.set(marks);
            marks = grown;
          }
          marks[c] = 1;
          while (marks[writtenUpTo] === 1) writtenUpTo++;
        },
        (e: unknown) => {
          writeError ??= e;
        },
      );
      writes.push(p.finally(() => wake?.()));
    };
    for (let c = 0; c < start; c++) {
      const bytes = Atomics.load(lengths, c % n);
      if (bytes > 0) write(c, bytes);
    }
    let ended = start > 0 && Atomics.load(lengths, (start - 1) % n) < job.chunk;
    for (let c = start; !ended; c++) {
      // Slot c % n is free once chunk c - n is both written and hashed.
      for (;;) {
        if (Atomics.load(control, ABORT) === 1) return;
        if (writeError) throw writeError;
        if (c < n || (writtenUpTo > c - n && Atomics.load(control, HASHED) > c - n)) break;
        const hashed = Atomics.load(control, HASHED);
        await Promise.race([
          new Promise<void>((r) => (wake = r)),
          hashed > c - n ? new Promise<void>(() => undefined) : changed(control, HASHED, hashed, 50),
        ]);
        wake = null;
      }
      const bytes = readFull(job.fd, slots[c % n]!, c * job.chunk);
      Atomics.store(lengths, c % n, bytes);
      Atomics.store(control, READ, c + 1);
      Atomics.notify(control, READ);
      if (bytes > 0) write(c, bytes);
      if (bytes < job.chunk) ended = true;
    }
    await Promise.all(writes);
    if (writeError) throw writeError;
    if (Atomics.load(control, ABORT) === 1) return;
    await out.sync();
    report({ kind: 'written', wroteDirect: out.wroteDirect });
  } catch (e) {
    Atomics.store(control, FAILED, 1);
    report({
      kind: 'error',
      code: (e as NodeJS.ErrnoException).code,
      message: e instanceof Error ? e.message : String(e),
    });
  } finally {
    Atomics.notify(control, READ);
    Atomics.notify(control, ALIVE);
    await dst?.close().catch(() => undefined);
  }
}
