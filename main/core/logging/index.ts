export { createLogger, formatPlain, nullLogger, parseLogLevel, LOG_LEVELS } from './logger';
export type { LogFields, LogLevel, LogRecord, LogSink, Logger, LoggerOptions } from './logger';
export { Redactor, REDACTED, isSecretKey } from './redact';
export { RotatingFile } from './rotating-file';
export { openAppLogger } from './app-logger';
export type { AppLoggerOptions } from './app-logger';
