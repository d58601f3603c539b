// The web host's batched upload (issue 18): a dropped folder goes up as a few requests of
// many files each, not one request per file. A batch body is a run of records
// `[header length: u32 big-endian][header: JSON, UTF-8][content: header.size bytes]`.
// Shared by the page (which builds the body from File objects without reading them) and
// the host (main/web/upload-batch.ts, which checks everything again).

/** Path of the endpoint, relative to the host's root. */
export const UPLOAD_BATCH_PATH = 'upload-batch';
export const UPLOAD_BATCH_TYPE = 'application/x-sceau-batch';
/**
 * The same batch as multipart/form-data (what the page sends, see `batchForm`): per file, a
 * `meta` part holding its BatchFileHeader as JSON, then a `file` part holding its content.
 */
export const UPLOAD_FORM_META = 'meta';
export const UPLOAD_FORM_FILE = 'file';
/** Most files in one batch; the host refuses more. */
export const MAX_BATCH_FILES = 1000;
/** Longest header the host reads (a path of a few hundred characters fits many times). */
export const MAX_BATCH_HEADER_BYTES = 4096;
/** The page starts a new batch past this many bytes (a larger file goes alone). */
export const BATCH_TARGET_BYTES = 32 * 1024 * 1024;
/**
 * Batches in flight at once: while the host writes one batch to disk, the browser reads and
 * sends the next ones (5,000 files here: 1 lane 4.3–5.7 s, 2 lanes 2.2–5.4 s, 3 lanes 2.2–2.8 s).
 */
export const UPLOAD_LANES = 3;

export interface BatchFileHeader {
  /** Path relative to what was dropped, `/`-separated. */
  name: string;
  size: number;
  /** Last modification, milliseconds since the epoch (kept on the received copy). */
  mtime?: number;
}

/** The bytes that precede a file's content in a batch. */
export function batchRecordHeader(header: BatchFileHeader): Uint8Array<ArrayBuffer> {
  const json = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(4 + json.length);
  new DataView(out.buffer).setUint32(0, json.length);
  out.set(json, 4);
  return out;
}

/**
 * A batch as a FormData, sent by XMLHttpRequest: Chromium then gives the network process the
 * files' paths and reads nothing in the page (fetch() of a Blob or a FormData goes through
 * the blob system, file by file: 40–60 % more browser CPU for 10,000 small files, issue 18).
 * `name`, `size` and `mtime` come from the caller (a File's `webkitRelativePath`, `size`,
 * `lastModified`); the file part's own file name is not read by the host.
 */
export function batchForm<T extends Blob>(files: readonly T[], header: (file: T) => BatchFileHeader): FormData {
  const form = new FormData();
  for (const file of files) {
    const h = header(file);
    form.append(UPLOAD_FORM_META, JSON.stringify(h));
    form.append(UPLOAD_FORM_FILE, file, h.name);
  }
  return form;
}

/**
 * Groups files into batches the host accepts: at most MAX_BATCH_FILES each, about
 * BATCH_TARGET_BYTES each, and never the same name twice in one batch (the host refuses it).
 * Lazy: a batch is planned when it is asked for, so the first one can leave while the
 * sizes of the next are still being read (in Chromium each File's first `size` is a
 * blocking round trip to the browser process, ~0.2 ms: 2 s for a 10,000-file folder).
 */
export function* batchesOf<T>(
  items: Iterable<T>,
  name: (item: T) => string,
  size: (item: T) => number,
  firstFiles = MAX_BATCH_FILES,
): Generator<T[]> {
  let limit = Math.min(firstFiles, MAX_BATCH_FILES);
  let current: T[] = [];
  let bytes = 0;
  let names = new Set<string>();
  for (const item of items) {
    // Case folded: « A.pdf » and « a.pdf » are one file on Windows and macOS disks; and a
    // macOS disk takes « é » composed (NFC) and decomposed (NFD) as one name too.
    const n = name(item).normalize('NFC').toLowerCase();
    const s = size(item);
    const full = current.length >= limit || (current.length > 0 && bytes + s > BATCH_TARGET_BYTES) || names.has(n);
    if (full) {
      yield current;
      limit = MAX_BATCH_FILES;
      current = [];
      bytes = 0;
      names = new Set();
    }
    current.push(item);
    bytes += s;
    names.add(n);
  }
  if (current.length > 0) yield current;
}

/**
 * The page's first batch: small, so the host starts writing while the page still reads the
 * sizes of the next thousand files.
 */
export const FIRST_BATCH_FILES = 100;

/**
 * The same batches, with a turn of the event loop before each one after the first. In a
 * page, fetch() starts its request in a later task, and planning a batch is synchronous
 * (a thousand sizes, ~0.2–1 s): without the turn, the first request left only once the
 * other lanes had planned theirs.
 */
export async function* withTaskTurns<T>(batches: Iterable<T>): AsyncGenerator<T> {
  const source = batches[Symbol.iterator]();
  for (let first = true; ; first = false) {
    // Two turns: the other lanes ask for their batch before the first one is even sent; the
    // first turn lets that send happen, the second lets the request it started leave.
    if (!first) for (let turn = 0; turn < 2; turn++) await new Promise((resolve) => setTimeout(resolve, 0));
    const next = source.next();
    if (next.done) return;
    yield next.value;
  }
}

/** Every batch of `batchesOf`, planned at once. */
export function planBatches<T>(items: readonly T[], name: (item: T) => string, size: (item: T) => number): T[][] {
  return [...batchesOf(items, name, size)];
}

/**
 * Sends every batch, `lanes` at a time, and gives their upload ids in batch order. Batches
 * are taken from `batches` only when a lane is free (a lazy `batchesOf` plans as it goes;
 * `withTaskTurns` around it lets each request leave before the next batch is planned).
 * After a failure no new batch starts, and the first error is thrown once the others have settled.
 */
export async function sendBatches<T>(
  batches: Iterable<T> | AsyncIterable<T>,
  send: (batch: T) => Promise<string>,
  lanes = UPLOAD_LANES,
): Promise<string[]> {
  const ids: string[] = [];
  // A sync source is read without an await (nothing changes for arrays and `batchesOf`).
  const sync = Symbol.asyncIterator in batches ? null : (batches as Iterable<T>)[Symbol.iterator]();
  const async = sync ? null : (batches as AsyncIterable<T>)[Symbol.asyncIterator]();
  let next = 0;
  let exhausted = false;
  let failure: { error: unknown } | null = null;
  const lane = async (): Promise<void> => {
    while (!failure && !exhausted) {
      let batch: IteratorResult<T>;
      try {
        batch = sync ? sync.next() : await async!.next();
      } catch (error) {
        failure ??= { error };
        return;
      }
      if (batch.done) {
        exhausted = true;
        return;
      }
      const i = next++;
      try {
        ids[i] = await send(batch.value);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, lanes) }, lane));
  if (failure) throw (failure as { error: unknown }).error;
  return ids;
}
