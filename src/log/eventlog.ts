/**
 * Windows Event Log logger: RegisterEventSourceW / ReportEventW through koffi (advapi32), source =
 * service name (registered by install), Application log, types error / warning / information.
 * Falls back to stderr when the event log cannot be opened.
 */
import { Win32Error, win32 } from '../sys/win32.js';
import { loggerFrom, withStderrFallback, type Level, type Logger } from './logger.js';

export const EVENT_TYPE: Record<Level, number> = { error: 1, warning: 2, info: 4 };
/** Event ID 1, as `eventcreate` uses with its message file (one %1 string). */
const EVENT_ID = 1;

export function eventLogLogger(source: string, onError?: (e: unknown) => void): Logger {
  let handle: unknown;
  const sink = withStderrFallback(
    source,
    (level, message) => {
      const w = win32();
      handle ??= w.RegisterEventSourceW(null, source);
      if (!handle) throw new Win32Error(`RegisterEventSourceW(${source})`, w.GetLastError() as number);
      if (!w.ReportEventW(handle, EVENT_TYPE[level], 0, EVENT_ID, null, 1, 0, [message], null)) {
        throw new Win32Error('ReportEventW', w.GetLastError() as number);
      }
    },
    onError,
  );
  return loggerFrom(sink, onError);
}
