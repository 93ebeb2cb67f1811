/**
 * A Windows service's side of the Service Control Manager, as an explicit state machine, whatever
 * runs the dispatcher (run()'s own, or the preload's thread for a plain Node program):
 *
 *   START_PENDING --start() resolved--> RUNNING --STOP/SHUTDOWN/until--> STOP_PENDING --stop() resolved--> STOPPED (0)
 *   START_PENDING --start() threw--> STOPPED (1066 + service-specific 1)
 *   STOP_PENDING --stop() threw / timed out--> STOPPED (1066 + 2 / 3)
 *   a stop asked for during START_PENDING is taken once RUNNING is reached.
 *
 * It never exits the process and creates no error a program could meet with the wrong class: what
 * went wrong is a plain `Failure`, which run() turns into its errors.
 */
import { ERROR, SC } from './constants.js';
import type { ServiceStatus } from './win32.js';

/** Service-specific exit codes reported with ERROR_SERVICE_SPECIFIC_ERROR. */
export const EXIT = { startFailed: 1, stopFailed: 2, stopTimedOut: 3 } as const;

/** Wait hint while a callback runs; the checkpoint is bumped every second so the SCM sees progress. */
const HINT_MS = 5000;
const PROGRESS_MS = 1000;

export type State = typeof SC.START_PENDING | typeof SC.RUNNING | typeof SC.STOP_PENDING | typeof SC.STOPPED;
export type StopKind = 'stop' | 'shutdown';

/** What the service's program does at each transition. */
export interface ScmProgram {
  start(): Promise<void>;
  stop(kind: StopKind): Promise<void>;
}

/** What went wrong, for run() to turn into ProgramError / TimeoutError. */
export interface Failure {
  phase: 'start' | StopKind | 'timeout';
  cause: unknown;
}

/** An error a program's start or stop may throw to have the service stop with this service-specific exit code. */
export interface WithExitCode {
  serviceExitCode: number;
}

function exitCodeOf(e: unknown, otherwise: number): number {
  const code = (e as Partial<WithExitCode> | null)?.serviceExitCode;
  return typeof code === 'number' && code > 0 ? code : otherwise;
}

/** Reports a status to the SCM (SetServiceStatus with the service's status handle); false when that failed. */
export type Report = (status: ServiceStatus) => boolean;

export interface ScmServiceOptions {
  report: Report;
  stopTimeoutMs: number;
  /** Told of a report the SCM refused. */
  onReportFailed?: (state: State) => void;
}

export function statusOf(state: State, checkPoint: number, exit: { specific?: number } = {}): ServiceStatus {
  const pending = state === SC.START_PENDING || state === SC.STOP_PENDING;
  return {
    dwServiceType: SC.SERVICE_WIN32_OWN_PROCESS,
    dwCurrentState: state,
    dwControlsAccepted: state === SC.RUNNING ? SC.ACCEPT_STOP | SC.ACCEPT_SHUTDOWN | SC.ACCEPT_PRESHUTDOWN : 0,
    dwWin32ExitCode: exit.specific === undefined ? 0 : ERROR.SERVICE_SPECIFIC_ERROR,
    dwServiceSpecificExitCode: exit.specific ?? 0,
    dwCheckPoint: pending ? checkPoint : 0,
    dwWaitHint: pending ? HINT_MS : 0,
  };
}

async function within<T>(p: Promise<T>, ms: number): Promise<T | typeof TIMED_OUT> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<typeof TIMED_OUT>((resolve) => {
    // Unreferenced: a program that ends within the bound ends the process (the preload's case).
    timer = setTimeout(() => resolve(TIMED_OUT), ms).unref();
  });
  try {
    return await Promise.race([p, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
const TIMED_OUT = Symbol('timed out');

export class ScmService {
  state: State = SC.START_PENDING;
  private checkPoint = 1;
  private progress: NodeJS.Timeout | undefined;
  /** A stop asked for while still starting, taken once RUNNING is reached. */
  private pendingStop: StopKind | undefined;
  private readonly stopped: Promise<void>;
  private markStopped!: () => void;
  /** What made the program fail. */
  failure: Failure | undefined;

  constructor(
    private readonly program: ScmProgram,
    private readonly opts: ScmServiceOptions,
  ) {
    this.stopped = new Promise((resolve) => (this.markStopped = resolve));
  }

  /** The bound on the program's stop, once known (the service's configuration is read after the dispatcher connects). */
  setStopTimeout(ms: number): void {
    this.opts.stopTimeoutMs = ms;
  }

  /** Resolves once STOPPED has been reported. */
  whenStopped(): Promise<void> {
    return this.stopped;
  }

  /** Report a state (and keep reporting a pending one, so the SCM does not give up). */
  enter(state: State, exit: { specific?: number } = {}): void {
    clearInterval(this.progress);
    this.state = state;
    this.send(exit);
    if (state === SC.START_PENDING || state === SC.STOP_PENDING) {
      this.progress = setInterval(() => this.send(), PROGRESS_MS);
      this.progress.unref();
    }
    if (state === SC.STOPPED) this.markStopped();
  }

  private send(exit: { specific?: number } = {}): void {
    if (!this.opts.report(statusOf(this.state, this.checkPoint++, exit))) this.opts.onReportFailed?.(this.state);
  }

  /** START_PENDING -> RUNNING, or STOPPED when start() throws. */
  async start(): Promise<void> {
    this.enter(SC.START_PENDING);
    try {
      await this.program.start();
    } catch (e) {
      this.failure = { phase: 'start', cause: e };
      this.enter(SC.STOPPED, { specific: exitCodeOf(e, EXIT.startFailed) });
      return;
    }
    if (this.state !== SC.START_PENDING) return; // stopped meanwhile (the process is ending)
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
    this.enter(SC.STOP_PENDING);
    try {
      const done = await within(this.program.stop(kind), this.opts.stopTimeoutMs);
      if (done === TIMED_OUT) {
        this.failure = { phase: 'timeout', cause: `the ${kind} callback did not finish within ${this.opts.stopTimeoutMs} ms` };
        this.enter(SC.STOPPED, { specific: EXIT.stopTimedOut });
      } else this.enter(SC.STOPPED);
    } catch (e) {
      this.failure = { phase: kind, cause: e };
      this.enter(SC.STOPPED, { specific: exitCodeOf(e, EXIT.stopFailed) });
    }
  }

  /** The program ended by itself (not stopped): STOPPED with its exit code, a failure when not 0. */
  ended(exitCode: number): void {
    if (this.state === SC.STOPPED) return;
    this.enter(SC.STOPPED, exitCode === 0 ? {} : { specific: exitCode });
  }

  /** HandlerEx: the controls this service accepts. */
  control(ctrl: number): number {
    switch (ctrl) {
      case SC.CONTROL_STOP:
        void this.stop('stop');
        return 0;
      case SC.CONTROL_SHUTDOWN:
      case SC.CONTROL_PRESHUTDOWN:
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
