// Output for humans and for scripts: --json prints one JSON document on stdout (or JSON
// lines for `watch`); otherwise French lines. Progress bars only on a TTY (stderr), so a
// log file or a pipe never gets carriage returns.
import type { Writable } from 'node:stream';

export interface OutputOptions {
  json: boolean;
  stdout?: Writable & { isTTY?: boolean; columns?: number };
  stderr?: Writable & { isTTY?: boolean; columns?: number };
  /**
   * Lines for stdout gathered and written together (once per turn of the event loop, or per
   * 64 KiB): a 10,000-file deposit prints 50,000 lines, one write each was a system call each.
   * Anything written to stderr first flushes them, so the two streams keep their order.
   */
  buffered?: boolean;
}

/** Buffered stdout text written at once beyond this size. */
const BUFFER_MAX = 64 * 1024;

// Control characters (C0, DEL, C1) and bidirectional overrides in a file name could move the
// cursor, clear the screen or forge a line: shown as escapes, never sent to the terminal.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
// eslint-disable-next-line no-control-regex -- idem
const CONTROL_BUT_NEWLINE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

function escapeControl(c: string): string {
  if (c === '\n') return '\\n';
  if (c === '\r') return '\\r';
  if (c === '\t') return '\\t';
  const code = c.codePointAt(0) ?? 0;
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u{${code.toString(16)}}`;
}

/** A name (file, folder, path) as printable text: every control character escaped, newline included. */
export function printable(name: string): string {
  return name.replace(CONTROL, escapeControl);
}

/** A whole message: its own line breaks and tabs kept, any other control character escaped. */
export function printableLines(text: string): string {
  return text.replace(CONTROL_BUT_NEWLINE, escapeControl);
}

export class Output {
  readonly json: boolean;
  private readonly out: Writable & { isTTY?: boolean; columns?: number };
  private readonly err: Writable & { isTTY?: boolean; columns?: number };
  private barShown = false;
  private readonly buffered: boolean;
  private pending = '';
  private flushQueued = false;

  constructor(options: OutputOptions) {
    this.json = options.json;
    this.out = options.stdout ?? process.stdout;
    this.err = options.stderr ?? process.stderr;
    this.buffered = options.buffered === true;
  }

  /** Writes what is buffered for stdout (also done at each turn of the event loop). */
  flush(): void {
    if (this.pending === '') return;
    const text = this.pending;
    this.pending = '';
    this.out.write(text);
  }

  private write(text: string): void {
    if (!this.buffered) {
      this.out.write(text);
      return;
    }
    this.pending += text;
    if (this.pending.length >= BUFFER_MAX) this.flush();
    else if (!this.flushQueued) {
      this.flushQueued = true;
      setImmediate(() => {
        this.flushQueued = false;
        this.flush();
      });
    }
  }

  get interactive(): boolean {
    return !this.json && this.err.isTTY === true;
  }

  /** A result line for humans (suppressed in --json mode). */
  line(text: string): void {
    if (this.json) return;
    this.clearBar();
    this.write(`${printableLines(text)}\n`);
  }

  data(value: unknown): void {
    this.write(`${JSON.stringify(value, null, 2)}\n`);
  }

  jsonLine(value: unknown): void {
    this.write(`${JSON.stringify(value)}\n`);
  }

  warn(text: string): void {
    this.clearBar();
    this.flush();
    this.err.write(`${printableLines(text)}\n`);
  }

  /** Progress: a bar redrawn in place on a TTY; nothing otherwise (events print lines). */
  progress(label: string, done: number, total: number, rate?: number): void {
    if (!this.interactive) return;
    const width = Math.max(10, Math.min(30, (this.err.columns ?? 80) - 50));
    const ratio = total > 0 ? Math.min(1, done / total) : 0;
    const filled = Math.round(ratio * width);
    const speed = rate && rate > 0 ? ` ${formatBytes(rate)}/s` : '';
    const text = `${label.slice(0, 30).padEnd(30)} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(Math.round(ratio * 100)).padStart(3)} %${speed}`;
    this.flush();
    this.err.write(`\r${text}\x1b[K`);
    this.barShown = true;
  }

  clearBar(): void {
    if (this.barShown) this.err.write('\r\x1b[K'); // the bar is only drawn once stdout was flushed
    this.barShown = false;
  }
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${Math.round(n)} o`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} Kio`;
  if (n < 1024 ** 3) return `${(n / 1024 / 1024).toFixed(1)} Mio`;
  return `${(n / 1024 ** 3).toFixed(2)} Gio`;
}
