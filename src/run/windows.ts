/**
 * The service side on Windows: StartServiceCtrlDispatcherW on a libuv worker thread (koffi .async:
 * it blocks until the service reports STOPPED), ServiceMain and HandlerEx as koffi callbacks (run on
 * the JS main thread), and SetServiceStatus reports: START_PENDING while start() runs, RUNNING, then
 * on STOP / SHUTDOWN: STOP_PENDING with wait hints while stop() runs, STOPPED with exit code 0, or
 * ERROR_SERVICE_SPECIFIC_ERROR (1066) + a service-specific code when the program failed.
 * run() resolves only after the dispatcher has returned, so the process can exit cleanly.
 */
import { ProgramError, TimeoutError } from '../errors.js';
import { ERROR, SC, Win32Error, lastError, win32, type ServiceStatus } from '../sys/win32.js';
import { bounded, type RunContext, type RunOptions } from './run.js';
export { applyServiceEnvironment } from './windows-env.js';

/** Service-specific exit codes reported with ERROR_SERVICE_SPECIFIC_ERROR. */
export const EXIT = { startFailed: 1, stopFailed: 2, stopTimedOut: 3 } as const;

/** Wait hint while a callback runs; the checkpoint is bumped every second so the SCM sees progress. */
const HINT_MS = 5000;

export async function runWindows<S>(ctx: RunContext<S>, name: string, opts: RunOptions = {}): Promise<void> {
  const w = win32();
  const { koffi } = w;
  const { program, service } = ctx;
  let statusHandle: unknown = null;
  let checkPoint = 1;
  let state: number = SC.START_PENDING;
  let failure: unknown;
  let stopping = false;
  let progress: NodeJS.Timeout | undefined;

  const report = (next: number, exit: { win32?: number; specific?: number } = {}): void => {
    state = next;
    const pending = next === SC.START_PENDING || next === SC.STOP_PENDING;
    const st: ServiceStatus = {
      dwServiceType: SC.SERVICE_WIN32_OWN_PROCESS,
      dwCurrentState: next,
      dwControlsAccepted: next === SC.RUNNING ? SC.ACCEPT_STOP | SC.ACCEPT_SHUTDOWN : 0,
      dwWin32ExitCode: exit.win32 ?? 0,
      dwServiceSpecificExitCode: exit.specific ?? 0,
      dwCheckPoint: pending ? checkPoint++ : 0,
      dwWaitHint: pending ? HINT_MS : 0,
    };
    if (statusHandle && !w.SetServiceStatus(statusHandle, st)) {
      ctx.logger.error('SetServiceStatus(%d) failed (error %d)', next, lastError());
    }
  };
  /** Keep reporting the pending state while a callback runs, so the SCM does not give up. */
  const keepPending = (pendingState: number) => {
    clearInterval(progress);
    progress = setInterval(() => report(pendingState), 1000);
  };
  const stopProgress = () => clearInterval(progress);

  const finish = (exit: { win32?: number; specific?: number } = {}) => {
    stopProgress();
    report(SC.STOPPED, exit);
  };

  const doStop = async (how: 'stop' | 'shutdown') => {
    if (stopping) return;
    stopping = true;
    if (state !== SC.RUNNING) return; // still starting: the start path sees `stopping` and stops
    report(SC.STOP_PENDING);
    keepPending(SC.STOP_PENDING);
    try {
      const fn = how === 'shutdown' && program.shutdown ? program.shutdown : program.stop;
      await bounded((async () => fn.call(program, service))(), ctx.stopTimeoutMs, `the ${how} callback`);
      finish();
    } catch (e) {
      failure = e instanceof TimeoutError ? e : new ProgramError(how, e);
      finish({ win32: ERROR.SERVICE_SPECIFIC_ERROR, specific: e instanceof TimeoutError ? EXIT.stopTimedOut : EXIT.stopFailed });
    }
  };

  const handler = koffi.register((ctrl: number) => {
    switch (ctrl) {
      case SC.CONTROL_STOP:
        void doStop('stop');
        return 0;
      case SC.CONTROL_SHUTDOWN:
      case SC.CONTROL_PRESHUTDOWN:
        void doStop('shutdown');
        return 0;
      case SC.CONTROL_INTERROGATE:
        return 0;
      default:
        return ERROR.CALL_NOT_IMPLEMENTED;
    }
  }, koffi.pointer(w.HandlerExProc));

  const serviceMain = koffi.register(() => {
    statusHandle = w.RegisterServiceCtrlHandlerExW(name, handler, null);
    if (!statusHandle) {
      failure = new Win32Error('RegisterServiceCtrlHandlerExW', lastError());
      return; // the SCM sees the process never report and fails the start
    }
    report(SC.START_PENDING);
    keepPending(SC.START_PENDING);
    void (async () => {
      try {
        await program.start(service);
      } catch (e) {
        failure = new ProgramError('start', e);
        finish({ win32: ERROR.SERVICE_SPECIFIC_ERROR, specific: EXIT.startFailed });
        return;
      }
      stopProgress();
      report(SC.RUNNING);
      if (stopping) {
        stopping = false;
        await doStop('stop');
      }
    })();
  }, koffi.pointer(w.ServiceMainProc));

  opts.until?.then(() => void doStop('stop'), () => void doStop('stop'));
  // The dispatcher call holds a worker thread; this interval keeps the event loop alive meanwhile.
  const keepAlive = setInterval(() => undefined, 1 << 30);
  try {
    await new Promise<void>((resolve, reject) => {
      w.StartServiceCtrlDispatcherW.async([{ name, proc: serviceMain }, { name: null, proc: null }], (err: unknown, ok: unknown) => {
        if (err) reject(err);
        else if (!ok) reject(new Win32Error('StartServiceCtrlDispatcherW', lastError()));
        else resolve();
      });
    });
  } finally {
    clearInterval(keepAlive);
    stopProgress();
    koffi.unregister(serviceMain);
    koffi.unregister(handler);
  }
  if (failure !== undefined) throw failure;
}
