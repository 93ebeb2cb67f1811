/** The Logger interface and the console logger used when running interactively. */
import { format } from 'node:util';

export type Level = 'error' | 'warning' | 'info';

/** Arguments are formatted like console.log / util.format ("%s", "%d", objects…). */
export interface Logger {
  error(...args: unknown[]): void;
  warning(...args: unknown[]): void;
  info(...args: unknown[]): void;
}

export type Sink = (level: Level, message: string) => void;

/** Build a Logger from a sink; a throwing sink is reported to onError (or dropped), never thrown at the caller. */
export function loggerFrom(sink: Sink, onError?: (e: unknown) => void): Logger {
  const emit = (level: Level, args: unknown[]): void => {
    try {
      sink(level, format(...args));
    } catch (e) {
      onError?.(e);
    }
  };
  return {
    error: (...a) => emit('error', a),
    warning: (...a) => emit('warning', a),
    info: (...a) => emit('info', a),
  };
}

/**
 * A system-log sink that falls back to plain stderr lines for good once it fails (syslog or the
 * event log unavailable); the failure is reported to onError once.
 */
export function withStderrFallback(tag: string, write: Sink, onError?: (e: unknown) => void): Sink {
  let failed = false;
  return (level, message) => {
    if (!failed) {
      try {
        write(level, message);
        return;
      } catch (e) {
        failed = true;
        onError?.(e);
      }
    }
    process.stderr.write(`${tag} ${level}: ${message}\n`);
  };
}

/** Human-readable lines on stderr, for interactive runs. */
export function consoleLogger(name: string, onError?: (e: unknown) => void, stream: NodeJS.WritableStream = process.stderr): Logger {
  return loggerFrom((level, message) => {
    stream.write(`${new Date().toISOString()} ${name} ${level}: ${message}\n`);
  }, onError);
}

/** syslog(3) priorities. */
export const PRIORITY: Record<Level, number> = { error: 3, warning: 4, info: 6 };
