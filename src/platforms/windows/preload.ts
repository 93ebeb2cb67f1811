/**
 * A plain Node program as a Windows service, in its own process: the service's command line is
 * `node.exe --require <this file, bundled as dist/windows-preload.cjs> SCRIPT ARGS…`, so this runs in
 * the program's node.exe before the program does, when the Service Control Manager started it:
 *
 * - the configured environment and working directory are applied (env.ts), before the program's
 *   first line;
 * - a worker thread runs the dispatcher (StartServiceCtrlDispatcherW blocks its thread for the
 *   service's life; a thread of ours, unreferenced, so the program's own event loop decides when
 *   the process ends, as it does in a terminal);
 * - START_PENDING, then RUNNING once the program has stayed up through the settle window (a
 *   program that dies at once is a failed start, as install's settle window says on Linux);
 * - STOP / SHUTDOWN do what a Linux stop does to a Node program: the program's SIGTERM listeners
 *   run (else its SIGINT ones, what Ctrl-C runs on Windows); a program with neither ends at once.
 *   It is bounded by stopTimeoutSec: then it is ended, as systemd's SIGKILL would;
 * - the process's exit reports STOPPED with its exit code (non-zero: a failure the SCM's recovery
 *   actions see);
 * - a program that calls run() itself takes the service over (preloaded.ts).
 *
 * In any other process (a terminal, the program's own children and workers, which inherit
 * --require) it does nothing.
 */
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import { SETTLE_MS } from '../settle.js';
import { applyServiceEnvironment, prepareServiceProcess } from './env.js';
import { applyEnvironmentFiles } from './env-files.js';
import { NOTIFY_MARK, notifyThread, type NotifyData } from './notify.js';
import { redirectOutput } from './output.js';
import type { ScmSpec } from './render.js';
import { setPreloaded } from './preloaded.js';
import { EXIT, ScmService, statusOf, type Failure, type ScmProgram, type StopKind } from './scm-service.js';
import { storedSpec } from './stored.js';
import { ERROR, SC, lastError, processImage, serviceNameOfProcess, win32 } from './win32.js';

/** The worker's mark in its workerData: only our own worker runs the dispatcher. */
const WORKER_MARK = 'servicekit-windows-dispatcher';
/** How long past the stop timeout the dispatcher thread waits for a main thread that does not answer before it ends the process. */
const STUCK_MARGIN_MS = 5000;
/** Exit code of a process ended because its stop did not finish in time. */
const KILLED_EXIT = 1;
const DEFAULT_STOP_TIMEOUT_SEC = 20;

type Message = { main: true } | { control: number } | { failed: number };
/** How long a process that ends before the dispatcher connected waits for it, so its exit code reaches the SCM. */
const EXIT_WAIT_MS = 5000;
/** The handle (64 bits) and its ready flag (32). */
const HANDLE_BYTES = 16;

/**
 * The service's status handle, shared by the two threads: the dispatcher thread sets it as soon as
 * it has one, and the main thread can read it even at exit (when no message can arrive any more).
 */
class SharedHandle {
  private readonly value: BigInt64Array;
  private readonly ready: Int32Array;

  constructor(readonly buffer = new SharedArrayBuffer(HANDLE_BYTES)) {
    this.value = new BigInt64Array(buffer, 0, 1);
    this.ready = new Int32Array(buffer, BigInt64Array.BYTES_PER_ELEMENT, 1);
  }

  set(handle: number): void {
    Atomics.store(this.value, 0, BigInt(handle));
    Atomics.store(this.ready, 0, 1);
    Atomics.notify(this.ready, 0);
  }

  get(): number {
    return Number(Atomics.load(this.value, 0));
  }

  /** Wait (blocking) up to `ms` for the handle. */
  await(ms: number): number {
    if (Atomics.load(this.ready, 0) === 0) Atomics.wait(this.ready, 0, 0, ms);
    return this.get();
  }
}

function startedByScm(): boolean {
  try {
    return /(^|[\\/])services\.exe$/i.test(processImage(process.ppid) ?? '');
  } catch {
    return false;
  }
}

/** The program's stop as Linux does it to Node: its listeners run, or it ends. */
function signalProgram(): void {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    if (process.listenerCount(signal) > 0) {
      process.emit(signal, signal);
      return;
    }
  }
  // No listener: a signal's default action ends the process (the exit reports STOPPED, 0).
  process.exit(0);
}

/** The service's program before (and unless) run() takes it over: up through the settle window; stopped by a signal. */
class PlainProgram implements ScmProgram {
  private attached: ScmProgram | undefined;
  private takeOver!: () => void;
  private readonly attachedNow = new Promise<void>((resolve) => (this.takeOver = resolve));

  attach(program: ScmProgram): void {
    this.attached = program;
    this.takeOver();
  }

  async start(): Promise<void> {
    await Promise.race([new Promise<void>((resolve) => setTimeout(resolve, SETTLE_MS).unref()), this.attachedNow]);
    if (this.attached) await this.attached.start();
  }

  async stop(kind: StopKind): Promise<void> {
    if (this.attached) return this.attached.stop(kind);
    signalProgram();
    // Stopped when the process exits (its exit reports STOPPED), or the stop timeout runs out.
    return new Promise<void>(() => undefined);
  }
}

/** The service's name (the SCM asked once) and its configuration as install stored it, read before the program's first line. */
function whichService(): { name?: string; spec?: ScmSpec } {
  try {
    const name = serviceNameOfProcess(process.pid);
    const spec = name === undefined ? undefined : storedSpec(name);
    return { ...(name === undefined ? {} : { name }), ...(spec === undefined ? {} : { spec }) };
  } catch {
    return {};
  }
}

/** Applies the service's environment files; what went wrong, if they cannot be read. */
function environmentFilesError(spec: ScmSpec | undefined): Error | undefined {
  try {
    applyEnvironmentFiles(spec?.environmentFiles ?? []);
    return undefined;
  } catch (e) {
    return e as Error;
  }
}

function mainThread(): void {
  const { name, spec } = whichService();
  if (spec?.logs) {
    redirectOutput(spec.logs);
    // Node prints an uncaught exception to the C runtime's stderr, which a service does not have: into the file too.
    process.on('uncaughtExceptionMonitor', (e) => process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`));
  }
  // The name known, the environment needs no second question to the SCM.
  if (name === undefined) prepareServiceProcess(() => false);
  else applyServiceEnvironment(name);
  const program = new PlainProgram();
  const unreadable = environmentFilesError(spec);
  const w = win32();
  const handle = new SharedHandle();
  const stopTimeoutMs = (spec?.stopTimeoutSec ?? DEFAULT_STOP_TIMEOUT_SEC) * 1000;
  const svc = new ScmService(program, { stopTimeoutMs, report: (st) => handle.get() !== 0 && (w.SetServiceStatus(handle.get(), st) as boolean) });
  const worker = new Worker(fileURLToPath(import.meta.url), { workerData: { [WORKER_MARK]: true, stopTimeoutMs, handle: handle.buffer }, execArgv: [] });
  let attachedFailure: ((f: Failure | undefined) => void) | undefined;
  void svc.whenStopped().then(() => {
    attachedFailure?.(svc.failure);
    // A stop that ran out of time: the program is ended, as systemd's SIGKILL would.
    if (svc.failure?.phase === 'timeout' && !attachedFailure) process.kill(process.pid, 'SIGKILL');
  });
  setPreloaded({
    attach: (p, ms, until) => {
      // Stopped before run() was called (its script was slow to get there): nothing left to run.
      if (svc.state === SC.STOPPED) return Promise.resolve(svc.failure);
      program.attach(p);
      svc.setStopTimeout(ms);
      worker.postMessage({ stopTimeoutMs: ms });
      until?.then(() => svc.stop('stop'), () => svc.stop('stop'));
      // Already RUNNING (the settle window passed first): the program's start still runs.
      if (svc.state === SC.RUNNING) {
        void p.start().catch((e: unknown) => {
          svc.failure = { phase: 'start', cause: e };
          svc.enter(SC.STOPPED, { specific: EXIT.startFailed });
        });
      }
      return new Promise((resolve) => (attachedFailure = resolve));
    },
  });
  worker.on('message', (m: Message) => {
    if ('main' in m) {
      void svc.start();
    } else if ('control' in m) svc.control(m.control);
  });
  // After the listener (adding one refs the worker again): the program's own event loop decides when the process ends.
  worker.unref();
  if (unreadable !== undefined) {
    // The program must not run with the wrong environment: it never starts; the SCM learns why.
    process.stderr.write(`servicekit: ${unreadable.message}\n`);
    handle.await(EXIT_WAIT_MS);
    svc.enter(SC.STOPPED, { specific: EXIT.startFailed });
    process.exit(EXIT.startFailed);
  }
  process.on('exit', (code) => {
    if (svc.state === SC.STOPPED) return;
    // Ended before the dispatcher connected (a program that fails at once): wait for it, so the SCM learns the exit code.
    handle.await(EXIT_WAIT_MS);
    svc.enter(SC.STOPPED, code === 0 ? {} : { specific: code });
  });
}

/** The dispatcher thread: StartServiceCtrlDispatcherW, ServiceMain and HandlerEx, handing everything to the main thread. */
function dispatcherThread(): void {
  const port = parentPort!;
  const w = win32();
  const { koffi } = w;
  let handle = 0;
  const data = workerData as { stopTimeoutMs: number; handle: SharedArrayBuffer };
  const shared = new SharedHandle(data.handle);
  let stopTimeoutMs = data.stopTimeoutMs;
  port.on('message', (m: { stopTimeoutMs: number }) => (stopTimeoutMs = m.stopTimeoutMs));
  port.unref();
  const handler = koffi.register((ctrl: number) => {
    const stopping = ctrl === SC.CONTROL_STOP || ctrl === SC.CONTROL_SHUTDOWN || ctrl === SC.CONTROL_PRESHUTDOWN;
    if (stopping) {
      // A main thread that never lets the stop finish (a busy loop) is ended all the same.
      setTimeout(() => {
        w.SetServiceStatus(handle, statusOf(SC.STOPPED, 0, { specific: EXIT.stopTimedOut }));
        process.kill(process.pid, 'SIGKILL');
      }, stopTimeoutMs + STUCK_MARGIN_MS).unref();
    }
    port.postMessage({ control: ctrl } satisfies Message);
    return stopping || ctrl === SC.CONTROL_INTERROGATE ? 0 : ERROR.CALL_NOT_IMPLEMENTED;
  }, koffi.pointer(w.HandlerExProc));
  const serviceMain = koffi.register(() => {
    // One service in this process: the name is not looked at.
    handle = Number(w.RegisterServiceCtrlHandlerExW('', handler, null));
    // Reported from here at once: the main thread may be busy with the program's start-up, and the SCM waits only so long for a first word.
    if (handle !== 0) w.SetServiceStatus(handle, statusOf(SC.START_PENDING, 0));
    shared.set(handle);
    port.postMessage((handle === 0 ? { failed: lastError() } : { main: true }) satisfies Message);
  }, koffi.pointer(w.ServiceMainProc));
  w.StartServiceCtrlDispatcherW.async([{ name: '', proc: serviceMain }, { name: null, proc: null }], () => undefined);
}

if (process.platform === 'win32') {
  const mark = workerData as Record<string, unknown> | null;
  if (isMainThread) {
    if (startedByScm()) mainThread();
  } else if (mark?.[WORKER_MARK] === true) dispatcherThread();
  // servicekit's other Windows thread, watch()'s (notify.ts), runs from this file too.
  else if (mark?.[NOTIFY_MARK] === true) notifyThread(mark as unknown as NotifyData);
}
