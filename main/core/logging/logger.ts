// The one logger of the core. Every record is redacted before it is formatted, so no
// caller can leak a secret by accident; hosts add sinks (file, console) as they need.
import { RotatingFile, type RotatingFileOptions } from './rotating-file';
import { Redactor } from './redact';

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export type LogFields = Record<string, unknown>;

export interface LogRecord {
  at: string;
  level: LogLevel;
  msg: string;
  [field: string]: unknown;
}

export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  /** Same sinks, with fields added to every record (e.g. { module: 'sync' }). */
  child(bindings: LogFields): Logger;
  /** Any value registered here is masked wherever it appears later. */
  registerSecret(value: string | null | undefined): void;
  close(): void;
}

export type LogSink = (record: LogRecord) => void;

export interface LoggerOptions {
  level?: LogLevel;
  /** Rotating files in this folder (normally `<dataDir>/logs`). */
  file?: RotatingFileOptions & { format?: 'json' | 'plain' };
  sinks?: LogSink[];
  redactor?: Redactor;
}

export function formatPlain(record: LogRecord): string {
  const { at, level, msg, ...rest } = record;
  const extra = Object.keys(rest).length > 0 ? ` ${JSON.stringify(rest)}` : '';
  return `${at} ${level.toUpperCase().padEnd(5)} ${msg}${extra}`;
}

export function parseLogLevel(value: string | undefined, fallback: LogLevel = 'info'): LogLevel {
  return (LOG_LEVELS as readonly string[]).includes(value ?? '') ? (value as LogLevel) : fallback;
}

class CoreLogger implements Logger {
  constructor(
    private readonly shared: { level: number; sinks: LogSink[]; redactor: Redactor; closers: Array<() => void> },
    private readonly bindings: LogFields,
  ) {}

  debug(msg: string, fields?: LogFields): void {
    this.log('debug', msg, fields);
  }
  info(msg: string, fields?: LogFields): void {
    this.log('info', msg, fields);
  }
  warn(msg: string, fields?: LogFields): void {
    this.log('warn', msg, fields);
  }
  error(msg: string, fields?: LogFields): void {
    this.log('error', msg, fields);
  }

  child(bindings: LogFields): Logger {
    return new CoreLogger(this.shared, { ...this.bindings, ...bindings });
  }

  registerSecret(value: string | null | undefined): void {
    this.shared.redactor.addSecret(value);
  }

  close(): void {
    for (const close of this.shared.closers.splice(0)) close();
  }

  private log(level: LogLevel, msg: string, fields?: LogFields): void {
    if (LOG_LEVELS.indexOf(level) < this.shared.level) return;
    const { redactor } = this.shared;
    const safe = redactor.redactValue({ ...this.bindings, ...fields }) as LogFields;
    const record: LogRecord = { ...safe, at: new Date().toISOString(), level, msg: redactor.redactText(msg) };
    for (const sink of this.shared.sinks) {
      try {
        sink(record);
      } catch {
        // A full disk must not take the app down with it.
      }
    }
  }
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const sinks = [...(options.sinks ?? [])];
  const closers: Array<() => void> = [];
  if (options.file) {
    const file = new RotatingFile(options.file);
    const format = options.file.format ?? 'json';
    sinks.push((r) => file.write(format === 'json' ? JSON.stringify(r) : formatPlain(r)));
    closers.push(() => file.close());
  }
  return new CoreLogger(
    {
      level: LOG_LEVELS.indexOf(options.level ?? 'info'),
      sinks,
      redactor: options.redactor ?? new Redactor(),
      closers,
    },
    {},
  );
}

/** Discards everything (tests, or before the data folder is known). */
export const nullLogger: Logger = createLogger({ sinks: [] });
