// The logger every host opens: rotating JSON lines in <dataDir>/logs (5 × 2 MiB).
import { logsDir } from '../paths';
import { createLogger, parseLogLevel, type LogSink, type Logger, type LogLevel } from './logger';

export interface AppLoggerOptions {
  level?: LogLevel;
  format?: 'json' | 'plain';
  sinks?: LogSink[];
  maxBytes?: number;
  maxFiles?: number;
  /** File name stem; the CLI uses its own so two processes never rotate the same file. */
  baseName?: string;
}

export function openAppLogger(dataDir: string, options: AppLoggerOptions = {}): Logger {
  return createLogger({
    level: options.level ?? parseLogLevel(process.env.SCEAU_LOG_LEVEL),
    file: {
      dir: logsDir(dataDir),
      baseName: options.baseName ?? 'sceau',
      maxBytes: options.maxBytes ?? 2 * 1024 * 1024,
      maxFiles: options.maxFiles ?? 5,
      format: options.format ?? 'json',
    },
    sinks: options.sinks ?? [],
  });
}
