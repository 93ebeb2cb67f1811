/**
 * Windows Event Log logger: RegisterEventSourceW / ReportEventW through koffi (advapi32), source =
 * service name (registered by install), Application log, types error / warning / information.
 * The source handle is opened by the first message and released when the process exits. Falls
 * back to stderr when the event log cannot be opened.
 */
import { loggerFrom, withStderrFallback, type Level, type Logger } from '../../log/logger.js';
import { EVENTLOG, Win32Error, lastError, win32 } from './win32.js';

export const EVENT_TYPE: Record<Level, number> = { error: EVENTLOG.ERROR, warning: EVENTLOG.WARNING, info: EVENTLOG.INFORMATION };
/** Event ID 1, as `eventcreate` uses with its message file (one %1 string). */
const EVENT_ID = 1;
const NO_CATEGORY = 0;

export function eventLogLogger(source: string, onError?: (e: unknown) => void): Logger {
  let handle: unknown;
  const open = (): unknown => {
    const w = win32();
    const h = w.RegisterEventSourceW(null, source);
    if (!h) throw new Win32Error(`RegisterEventSourceW(${source})`, lastError());
    process.once('exit', () => w.DeregisterEventSource(h));
    return h;
  };
  const sink = withStderrFallback(
    source,
    (level, message) => {
      handle ??= open();
      if (!win32().ReportEventW(handle, EVENT_TYPE[level], NO_CATEGORY, EVENT_ID, null, 1, 0, [message], null)) {
        throw new Win32Error('ReportEventW', lastError());
      }
    },
    onError,
  );
  return loggerFrom(sink, onError);
}
