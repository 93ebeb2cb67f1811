/**
 * The service side on POSIX: call start, tell the manager we are ready, wait for SIGTERM/SIGINT
 * (the reload signal, SIGHUP by default -> reload), tell the manager we are stopping, call stop within a bounded time, resolve.
 */
import { ProgramError, TimeoutError } from '../errors.js';
import type { Logger } from '../log/logger.js';

export interface Program<S> {
  /** Start the work; must not block (return or resolve once started). */
  start(service: S): void | Promise<void>;
  /** Stop the work; should finish within the stop timeout. */
  stop(service: S): void | Promise<void>;
  /** Machine shutdown (Windows); stop is called when absent. */
  shutdown?(service: S): void | Promise<void>;
  /** The reload signal (SIGHUP, or the config's reloadSignal); ignored when absent. */
  reload?(service: S): void | Promise<void>;
}

export interface RunOptions {
  /** Resolve this to stop the service as if a stop signal had arrived (like Go's RunWait). */
  until?: Promise<unknown>;
  /** Signals that stop the service. Default SIGTERM and SIGINT. */
  signals?: NodeJS.Signals[];
}

/** How a running service reports its state to the manager (sd_notify, or nothing). */
export interface Notifier {
  ready(): void;
  /** The program's start failed: tell a waiting manager now rather than let it time out. */
  startFailed(): void;
  stopping(): void;
  reloading(): void;
  /** Interval at which to call watchdog(), in ms, or undefined when no watchdog is armed. */
  readonly watchdogIntervalMs: number | undefined;
  watchdog(): void;
  close(): void;
}

export interface RunContext<S> {
  service: S;
  program: Program<S>;
  notifier: Notifier | undefined;
  logger: Logger;
  stopTimeoutMs: number;
  /** The signal that calls the program's reload (the config's reloadSignal). Default SIGHUP. */
  reloadSignal?: NodeJS.Signals;
}

/** Resolve with p, or reject with TimeoutError after ms. */
export async function bounded<T>(p: Promise<T> | T, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(`${what} did not finish within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([Promise.resolve(p), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export async function runPosix<S>(ctx: RunContext<S>, opts: RunOptions = {}): Promise<void> {
  const { service, program, notifier, logger } = ctx;
  const signals = opts.signals ?? ['SIGTERM', 'SIGINT'];
  // The process must stay alive while the service runs, even if start() created no handles.
  const keepAlive = setInterval(() => undefined, 1 << 30);
  let watchdog: NodeJS.Timeout | undefined;
  let onStop: (why: string) => void = () => undefined;
  const stopRequested = new Promise<string>((resolve) => (onStop = resolve));
  const handlers = new Map<NodeJS.Signals, () => void>();
  for (const s of signals) {
    const h = () => onStop(s);
    handlers.set(s, h);
    process.on(s, h);
  }
  let reloading = Promise.resolve();
  const onHup = () => {
    reloading = reloading.then(async () => {
      if (!program.reload) return;
      notifier?.reloading();
      try {
        await program.reload(service);
      } catch (e) {
        logger.error('reload failed: %s', e instanceof Error ? e.message : String(e));
      }
      notifier?.ready();
    });
  };
  const reloadSignal = ctx.reloadSignal ?? 'SIGHUP';
  process.on(reloadSignal, onHup);
  opts.until?.then(() => onStop('until'), () => onStop('until'));

  try {
    try {
      await program.start(service);
    } catch (e) {
      notifier?.startFailed();
      throw new ProgramError('start', e);
    }
    notifier?.ready();
    if (notifier?.watchdogIntervalMs !== undefined) {
      watchdog = setInterval(() => notifier.watchdog(), notifier.watchdogIntervalMs);
    }
    await stopRequested;
    notifier?.stopping();
    try {
      await bounded((async () => program.stop(service))(), ctx.stopTimeoutMs, 'the stop callback');
    } catch (e) {
      throw e instanceof TimeoutError ? e : new ProgramError('stop', e);
    }
  } finally {
    clearInterval(keepAlive);
    if (watchdog) clearInterval(watchdog);
    for (const [s, h] of handlers) process.off(s, h);
    process.off(reloadSignal, onHup);
    notifier?.close();
  }
}
