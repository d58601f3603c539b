// A batch of dropped files as the page sends it from Chromium: multipart/form-data built by
// XMLHttpRequest from a FormData (main/contract/upload-batch.ts, `batchForm`). XHR hands the
// network process the files' paths: 10,000 files went up with 40 % less browser CPU than a
// Blob of the same files through fetch() (issue 18). Each file is two parts, in this order:
//   `meta`: its header as JSON ({name, size, mtime}, the same as the records format);
//   `file`: exactly `size` bytes of content, then the next delimiter.
// The content is read by its declared size, never searched for the boundary; every other
// piece is bounded: the delimiter line, a part's headers, the JSON. Anything else is refused
// (400, in French) and the batch leaves nothing (receiveBatch removes its folder).
import { MAX_BATCH_HEADER_BYTES, UPLOAD_FORM_FILE, UPLOAD_FORM_META } from '../contract/upload-batch';
import { BatchRefused, batchFileHeader, INCOMPLETE, MALFORMED, type BatchReader } from './upload-batch';

/** Longest header block of one part (Content-Disposition with a long name, Content-Type). */
export const MAX_PART_HEADERS_BYTES = 8192;
/** RFC 2046 §5.1.1: 1 to 70 characters out of this set. */
const BOUNDARY = /^[0-9A-Za-z'()+_,\-./:=? ]{0,69}[0-9A-Za-z'()+_,\-./:=?]$/;
const CRLF = Buffer.from('\r\n');
const EMPTY = Buffer.alloc(0);

/** The boundary of a `multipart/form-data` Content-Type, or null when there is no valid one. */
export function formBoundary(contentType: string | undefined): string | null {
  if (!contentType || contentType.length > 512) return null;
  const [type, ...params] = contentType.split(';');
  if (type?.trim().toLowerCase() !== 'multipart/form-data') return null;
  for (const p of params) {
    const eq = p.indexOf('=');
    if (eq < 0 || p.slice(0, eq).trim().toLowerCase() !== 'boundary') continue;
    let value = p.slice(eq + 1).trim();
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    return BOUNDARY.test(value) ? value : null;
  }
  return null;
}

/** Pulls bytes from a body: bounded searches, exact reads, and content handed on in pieces. */
class Pull {
  private buf: Buffer = EMPTY;
  private readonly source: AsyncIterator<Buffer>;
  private ended = false;

  constructor(body: AsyncIterable<Buffer>) {
    this.source = body[Symbol.asyncIterator]();
  }

  private async more(): Promise<void> {
    if (!this.ended) {
      const n = await this.source.next();
      if (n.done) this.ended = true;
      else if (n.value.length > 0) {
        this.buf = this.buf.length === 0 ? n.value : Buffer.concat([this.buf, n.value]);
        return;
      } else return;
    }
    throw new BatchRefused(400, INCOMPLETE);
  }

  /** The bytes before `delim` (which is consumed); refused past `max` bytes. */
  async until(delim: Buffer, max: number): Promise<Buffer> {
    let from = 0;
    for (;;) {
      const at = this.buf.indexOf(delim, from);
      if (at >= 0 && at <= max) {
        const out = this.buf.subarray(0, at);
        this.buf = this.buf.subarray(at + delim.length);
        return out;
      }
      if (at > max || this.buf.length > max + delim.length) throw new BatchRefused(400, MALFORMED);
      from = Math.max(0, this.buf.length - delim.length + 1);
      await this.more();
    }
  }

  async exact(n: number): Promise<Buffer> {
    while (this.buf.length < n) await this.more();
    const out = this.buf.subarray(0, n);
    this.buf = this.buf.subarray(n);
    return out;
  }

  /** `n` bytes handed to `sink` as they come (no copy). */
  async stream(n: number, sink: (piece: Buffer) => Promise<void>): Promise<void> {
    while (n > 0) {
      if (this.buf.length === 0) await this.more();
      const take = Math.min(n, this.buf.length);
      const piece = this.buf.subarray(0, take);
      this.buf = this.buf.subarray(take);
      n -= take;
      await sink(piece);
    }
  }

  /** True when nothing but an optional CRLF is left. */
  async atEnd(): Promise<boolean> {
    while (!this.ended && this.buf.length <= CRLF.length) {
      const n = await this.source.next();
      if (n.done) this.ended = true;
      else this.buf = Buffer.concat([this.buf, n.value]);
    }
    return this.ended && (this.buf.length === 0 || this.buf.equals(CRLF));
  }
}

/** The `name` of a part's `Content-Disposition: form-data`, or null. */
function partName(headers: Buffer): string | null {
  let name: string | null = null;
  for (const line of headers.toString('utf8').split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon < 0) return null;
    if (line.slice(0, colon).trim().toLowerCase() !== 'content-disposition') continue;
    if (name !== null) return null;
    const value = line.slice(colon + 1).trim();
    if (!/^form-data\s*(;|$)/i.test(value)) return null;
    name = /;\s*name="([^"]*)"/i.exec(value)?.[1] ?? null;
    if (name === null) return null;
  }
  return name;
}

/** The reader of a multipart batch whose Content-Type gave `boundary` (see formBoundary). */
export function formReader(boundary: string): BatchReader {
  const delimiter = Buffer.from(`--${boundary}`);
  const nextPart = Buffer.from(`\r\n--${boundary}`);
  return async (body, checks, w) => {
    const pull = new Pull(body);
    /** The declared size of the file whose content part comes next. */
    let size = 0;
    // No preamble: the body starts with the first delimiter.
    if (!(await pull.exact(delimiter.length)).equals(delimiter)) throw new BatchRefused(400, MALFORMED);
    for (let expect: 'meta' | 'file' = 'meta'; ;) {
      // After a delimiter: CRLF and a part, or `--` and the end.
      const after = await pull.exact(2);
      if (after.toString('latin1') === '--') {
        if (expect !== 'meta' || !(await pull.atEnd())) throw new BatchRefused(400, MALFORMED);
        break;
      }
      if (!after.equals(CRLF)) throw new BatchRefused(400, MALFORMED);
      const headers = await pull.until(Buffer.from('\r\n\r\n'), MAX_PART_HEADERS_BYTES);
      const name = partName(headers);
      if (expect === 'meta') {
        if (name !== UPLOAD_FORM_META) throw new BatchRefused(400, MALFORMED);
        const h = batchFileHeader(await pull.until(nextPart, MAX_BATCH_HEADER_BYTES));
        await w.begin(checks.accept(h), h.size, h.mtime);
        expect = 'file';
        size = h.size;
        continue;
      }
      if (name !== UPLOAD_FORM_FILE) throw new BatchRefused(400, MALFORMED);
      await pull.stream(size, (piece) => w.data(piece));
      // Content longer or shorter than declared: the delimiter is not where it must be.
      if (!(await pull.exact(nextPart.length)).equals(nextPart)) throw new BatchRefused(400, MALFORMED);
      await w.end();
      expect = 'meta';
    }
    if (checks.count === 0) throw new BatchRefused(400, MALFORMED);
    return checks.count;
  };
}
