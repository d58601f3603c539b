// Streaming multipart/form-data reader for the demo archive: file parts go to disk as they
// arrive, small fields stay in memory under a cap, so a large upload never sits in memory.
import { randomUUID } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';

export interface StreamedPart {
  name: string;
  filename?: string;
  /** In-memory parts (fields, the bordereau). */
  data?: Buffer;
  /** File parts, written under tmpDir. */
  file?: string;
  size: number;
}

export class MultipartLimitError extends Error {}

export interface MultipartLimits {
  /** Whole body. */
  maxBytes: number;
  /** Any part kept in memory. */
  maxMemoryPart: number;
  /** Part names written to disk. */
  fileParts: ReadonlySet<string>;
}

/** Undefined when the body is not multipart/form-data (or is malformed). */
export async function receiveMultipart(
  body: AsyncIterable<Buffer>,
  contentType: string | undefined,
  tmpDir: string,
  limits: MultipartLimits,
): Promise<StreamedPart[] | undefined> {
  const m = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType ?? '');
  const boundary = m?.[1] ?? m?.[2]?.trim();
  if (!boundary || !/^multipart\/form-data/i.test(contentType ?? '')) return undefined;
  const first = Buffer.from(`--${boundary}`);
  const delim = Buffer.from(`\r\n--${boundary}`);
  const parts: StreamedPart[] = [];
  let state: 'preamble' | 'headers' | 'body' | 'after' | 'done' = 'preamble';
  let buf: Buffer = Buffer.alloc(0);
  let total = 0;
  let current: StreamedPart | null = null;
  let sink: WriteStream | null = null;
  let memory: Buffer[] = [];

  const write = async (data: Buffer) => {
    if (!current || data.length === 0) return;
    current.size += data.length;
    if (sink) {
      if (!sink.write(data)) await new Promise<void>((r) => sink?.once('drain', () => r()));
    } else {
      if (current.size > limits.maxMemoryPart)
        throw new MultipartLimitError(`partie « ${current.name} » trop volumineuse`);
      memory.push(data);
    }
  };
  const finish = async () => {
    if (!current) return;
    if (sink) {
      const s = sink;
      await new Promise<void>((resolve, reject) => s.end((e?: Error | null) => (e ? reject(e) : resolve())));
    } else current.data = Buffer.concat(memory);
    parts.push(current);
    current = null;
    sink = null;
    memory = [];
  };

  try {
    for await (const chunk of body) {
      total += chunk.length;
      if (total > limits.maxBytes) throw new MultipartLimitError('requête trop volumineuse');
      // After the closing delimiter: the epilogue is read and dropped (stopping early would reset the connection).
      if (state === 'done') continue;
      buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
      for (;;) {
        if (state === 'preamble') {
          const i = buf.indexOf(first);
          if (i < 0) {
            if (buf.length > 64 * 1024) return undefined;
            break;
          }
          buf = buf.subarray(i + first.length);
          state = 'after';
        } else if (state === 'after') {
          if (buf.length < 2) break;
          if (buf.subarray(0, 2).toString() === '--') {
            state = 'done';
            break;
          }
          buf = buf.subarray(2); // CRLF
          state = 'headers';
        } else if (state === 'headers') {
          const end = buf.indexOf('\r\n\r\n');
          if (end < 0) {
            if (buf.length > 16 * 1024) return undefined;
            break;
          }
          const head = buf.subarray(0, end).toString('utf8');
          buf = buf.subarray(end + 4);
          const disp = /content-disposition:[^\r\n]*/i.exec(head)?.[0] ?? '';
          const name = /\bname="([^"]*)"/i.exec(disp)?.[1] ?? '';
          const filename = /\bfilename="([^"]*)"/i.exec(disp)?.[1];
          current = { name, ...(filename !== undefined ? { filename } : {}), size: 0 };
          if (limits.fileParts.has(name)) {
            current.file = path.join(tmpDir, `part-${randomUUID()}`);
            sink = createWriteStream(current.file);
          }
          state = 'body';
        } else if (state === 'body') {
          const i = buf.indexOf(delim);
          if (i < 0) {
            // Keep what could be the start of the delimiter.
            const keep = Math.min(buf.length, delim.length - 1);
            await write(buf.subarray(0, buf.length - keep));
            buf = Buffer.from(buf.subarray(buf.length - keep));
            break;
          }
          await write(buf.subarray(0, i));
          await finish();
          buf = buf.subarray(i + delim.length);
          state = 'after';
        } else break;
      }
    }
    if (state !== 'done') throw new MultipartLimitError('corps multipart incomplet');
    return parts;
  } catch (e) {
    sink?.destroy();
    await Promise.all(
      [...parts, ...(current ? [current] : [])].map((p) => (p.file ? rm(p.file, { force: true }) : undefined)),
    );
    if (e instanceof MultipartLimitError && e.message === 'corps multipart incomplet') return undefined;
    throw e;
  }
}

/** Removes the files of parts that were not kept. */
export async function discardParts(parts: StreamedPart[] | undefined): Promise<void> {
  await Promise.all((parts ?? []).map((p) => (p.file ? rm(p.file, { force: true }) : undefined)));
}
