// Streamed request bodies (a file range, or multipart/form-data around file parts) that pass
// every slice through the throttle and report progress; reopened on each attempt.
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { UploadThrottle } from './connector';
import type { RequestBody } from '../net/http-client';

const SLICE = 64 * 1024;

export interface BodyHooks {
  throttle?: UploadThrottle;
  signal?: AbortSignal;
  /** Called with the number of file bytes just handed to the socket. */
  onBytes?: (n: number) => void;
}

export interface FileRange {
  path: string;
  /** inclusive */
  start?: number;
  /** exclusive */
  end: number;
}

async function* readRange(range: FileRange, hooks: BodyHooks): AsyncGenerator<Uint8Array> {
  const start = range.start ?? 0;
  if (range.end <= start) return;
  const stream = createReadStream(range.path, { start, end: range.end - 1, highWaterMark: SLICE });
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      for (let off = 0; off < chunk.length; off += SLICE) {
        const slice = chunk.subarray(off, Math.min(off + SLICE, chunk.length));
        if (hooks.throttle) await hooks.throttle.take(slice.length, hooks.signal);
        yield slice;
        hooks.onBytes?.(slice.length);
      }
    }
  } finally {
    stream.destroy();
  }
}

export function fileBody(range: FileRange, hooks: BodyHooks = {}): RequestBody {
  return { length: range.end - (range.start ?? 0), open: () => readRange(range, hooks) };
}

export type MultipartPart =
  | { name: string; value: string }
  | {
      name: string;
      filename: string;
      contentType: string;
      file: FileRange;
      /** not counted in progress nor throttled */ small?: boolean;
    };

function quote(s: string): string {
  return s.replace(/[\r\n"\\]/g, (c) => (c === '"' ? '%22' : c === '\\' ? '\\\\' : ''));
}

export function multipartBody(
  parts: MultipartPart[],
  hooks: BodyHooks = {},
): { body: RequestBody; contentType: string } {
  const boundary = `----SceauBoundary${randomBytes(12).toString('hex')}`;
  const pieces: (Buffer | (FileRange & { small?: boolean }))[] = [];
  for (const p of parts) {
    if ('value' in p) {
      pieces.push(
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="${quote(p.name)}"\r\n\r\n${p.value}\r\n`,
          'utf8',
        ),
      );
    } else {
      pieces.push(
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="${quote(p.name)}"; filename="${quote(p.filename)}"\r\nContent-Type: ${p.contentType}\r\n\r\n`,
          'utf8',
        ),
      );
      pieces.push(p.small ? { ...p.file, small: true } : p.file);
      pieces.push(Buffer.from('\r\n'));
    }
  }
  pieces.push(Buffer.from(`--${boundary}--\r\n`));
  const length = pieces.reduce((n, p) => n + (Buffer.isBuffer(p) ? p.length : p.end - (p.start ?? 0)), 0);
  return {
    contentType: `multipart/form-data; boundary=${boundary}`,
    body: {
      length,
      async *open() {
        for (const p of pieces) {
          if (Buffer.isBuffer(p)) yield p;
          else yield* readRange(p, p.small ? { signal: hooks.signal } : hooks);
        }
      },
    },
  };
}
