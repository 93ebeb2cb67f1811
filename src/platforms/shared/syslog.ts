/**
 * syslog(3) logger for SysV, OpenRC and Upstart systems: the C library's syslog through koffi
 * (no native compile), tag = service name, priorities err / warning / info. Multi-line messages
 * become one syslog line per line. Falls back to stderr if libc cannot be loaded.
 */
import { openSyslog } from '../../sys/libc.js';
import { loggerFrom, PRIORITY, withStderrFallback, type Logger } from '../../log/logger.js';

export function syslogLogger(tag: string, onError?: (e: unknown) => void): Logger {
  let write: ((priority: number, message: string) => void) | undefined;
  const sink = withStderrFallback(
    tag,
    (level, message) => {
      write ??= openSyslog(tag);
      for (const line of message.split('\n')) write(PRIORITY[level], line);
    },
    onError,
  );
  return loggerFrom(sink, onError);
}
