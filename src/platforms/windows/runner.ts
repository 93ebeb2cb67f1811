/**
 * The service side on Windows: StartServiceCtrlDispatcherW on a libuv worker thread (koffi .async:
 * it blocks until the service reports STOPPED), ServiceMain and HandlerEx as koffi callbacks (run on
 * the JS main thread), and SetServiceStatus reports, as an explicit state machine:
 *
 *   START_PENDING --start() resolved--> RUNNING --STOP/SHUTDOWN/until--> STOP_PENDING --stop() resolved--> STOPPED (0)
 *   START_PENDING --start() threw--> STOPPED (1066 + service-specific 1)
 *   STOP_PENDING --stop() threw / timed out--> STOPPED (1066 + 2 / 3)
 *   a stop asked for during START_PENDING is taken once RUNNING is reached.
 *
 * run() resolves only after the dispatcher has returned, so the process can exit cleanly.
 */
import { ProgramError, TimeoutError } from '../../errors.js';
import { bounded, type RunContext, type RunOptions } from '../../run/run.js';
import { applyServiceEnvironment } from './env.js';
import { ERROR, SC, Win32Error, lastError, win32, type ServiceStatus } from './win32.js';

/** Service-specific exit codes reported with ERROR_SERVICE_SPECIFIC_ERROR. */
export const EXIT = { startFailed: 1, stopFailed: 2, stopTimedOut: 3 } as const;

/** Wait hint while a callback runs; the checkpoint is bumped every second so the SCM sees progress. */
const HINT_MS = 5000;
const PROGRESS_MS = 1000;

type State = typeof SC.START_PENDING | typeof SC.RUNNING | typeof SC.STOP_PENDING | typeof SC.STOPPED;
type StopKind = 'stop' | 'shutdown';
interface Exit {
  specific?: number;
}

class ScmService<S> {
  private state: State = SC.START_PENDING;
  private statusHandle: unknown = null;
  private checkPoint = 1;
  private progress: NodeJS.Timeout | undefined;
  /** A stop asked for while still starting, taken once RUNNING is reached. */
  private pendingStop: StopKind | undefined;
  /** What made the program fail (run() rejects with it). */
  failure: unknown;

  constructor(private readonly ctx: RunContext<S>) {}

  private report(next: State, exit: Exit = {}): void {
    const w = win32();
    this.state = next;
    const pending = next === SC.START_PENDING || next === SC.STOP_PENDING;
    const st: ServiceStatus = {
      dwServiceType: SC.SERVICE_WIN32_OWN_PROCESS,
      dwCurrentState: next,
      dwControlsAccepted: next === SC.RUNNING ? SC.ACCEPT_STOP | SC.ACCEPT_SHUTDOWN : 0,
      dwWin32ExitCode: exit.specific === undefined ? 0 : ERROR.SERVICE_SPECIFIC_ERROR,
      dwServiceSpecificExitCode: exit.specific ?? 0,
      dwCheckPoint: pending ? this.checkPoint++ : 0,
      dwWaitHint: pending ? HINT_MS : 0,
    };
    if (this.statusHandle && !w.SetServiceStatus(this.statusHandle, st)) {
      this.ctx.logger.error('SetServiceStatus(%d) failed (error %d)', next, lastError());
    }
  }

  /** Enter a pending state and keep reporting it while the callback runs, so the SCM does not give up. */
  private enterPending(state: typeof SC.START_PENDING | typeof SC.STOP_PENDING): void {
    this.report(state);
    clearInterval(this.progress);
    this.progress = setInterval(() => this.report(state), PROGRESS_MS);
  }

  private enter(state: typeof SC.RUNNING | typeof SC.STOPPED, exit: Exit = {}): void {
    clearInterval(this.progress);
    this.report(state, exit);
  }

  /** ServiceMain: register the handler, then START_PENDING -> RUNNING or STOPPED. */
  async main(name: string, handler: unknown): Promise<void> {
    this.statusHandle = win32().RegisterServiceCtrlHandlerExW(name, handler, null);
    if (!this.statusHandle) {
      this.failure = new Win32Error('RegisterServiceCtrlHandlerExW', lastError());
      return; // the SCM sees the process never report and fails the start
    }
    this.enterPending(SC.START_PENDING);
    try {
      await this.ctx.program.start(this.ctx.service);
    } catch (e) {
      this.failure = new ProgramError('start', e);
      this.enter(SC.STOPPED, { specific: EXIT.startFailed });
      return;
    }
    this.enter(SC.RUNNING);
    if (this.pendingStop) await this.stop(this.pendingStop);
  }

  /** A stop (SCM control or `until`): RUNNING -> STOP_PENDING -> STOPPED; remembered while starting; once only. */
  async stop(kind: StopKind): Promise<void> {
    if (this.state === SC.START_PENDING) {
      this.pendingStop ??= kind;
      return;
    }
    if (this.state !== SC.RUNNING) return;
    this.enterPending(SC.STOP_PENDING);
    const { program, service } = this.ctx;
    try {
      const fn = kind === 'shutdown' && program.shutdown ? program.shutdown : program.stop;
      await bounded((async () => fn.call(program, service))(), this.ctx.stopTimeoutMs, `the ${kind} callback`);
      this.enter(SC.STOPPED);
    } catch (e) {
      const timedOut = e instanceof TimeoutError;
      this.failure = timedOut ? e : new ProgramError(kind, e);
      this.enter(SC.STOPPED, { specific: timedOut ? EXIT.stopTimedOut : EXIT.stopFailed });
    }
  }

  /** HandlerEx: the controls this service accepts. */
  control(ctrl: number): number {
    switch (ctrl) {
      case SC.CONTROL_STOP:
        void this.stop('stop');
        return 0;
      case SC.CONTROL_SHUTDOWN:
        void this.stop('shutdown');
        return 0;
      case SC.CONTROL_INTERROGATE:
        return 0;
      default:
        return ERROR.CALL_NOT_IMPLEMENTED;
    }
  }

  dispose(): void {
    clearInterval(this.progress);
  }
}

export async function runWindows<S>(ctx: RunContext<S>, name: string, opts: RunOptions = {}): Promise<void> {
  applyServiceEnvironment(name);
  const w = win32();
  const { koffi } = w;
  const svc = new ScmService(ctx);
  const handler = koffi.register((ctrl: number) => svc.control(ctrl), koffi.pointer(w.HandlerExProc));
  const serviceMain = koffi.register(() => void svc.main(name, handler), koffi.pointer(w.ServiceMainProc));
  opts.until?.then(() => svc.stop('stop'), () => svc.stop('stop'));
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
    svc.dispose();
    koffi.unregister(serviceMain);
    koffi.unregister(handler);
  }
  if (svc.failure !== undefined) throw svc.failure;
}
