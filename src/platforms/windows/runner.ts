/**
 * run() on Windows. In a Node program started through servicekit's preload (a `node SCRIPT`
 * service), the preload already runs the dispatcher: run() takes the service over (preloaded.ts).
 * Otherwise StartServiceCtrlDispatcherW runs on a libuv worker thread (koffi .async: it blocks until
 * the service reports STOPPED), ServiceMain and HandlerEx as koffi callbacks (run on the JS main
 * thread); the states are scm-service.ts's. run() resolves only after the dispatcher has returned,
 * so the process can exit cleanly.
 */
import { ProgramError, TimeoutError } from '../../errors.js';
import type { RunContext, RunOptions } from '../../run/run.js';
import { applyServiceEnvironment } from './env.js';
import { preloaded } from './preloaded.js';
import { dispatch } from './dispatcher.js';
import type { Failure, ScmProgram } from './scm-service.js';
import { Win32Error, lastError } from './win32.js';

const KEEP_ALIVE_MS = 1 << 30;

/** The error run() rejects with for what the service's program did wrong. */
function errorOf(f: Failure): Error {
  if (f.phase === 'timeout') return new TimeoutError(String(f.cause));
  return new ProgramError(f.phase, f.cause);
}

function programOf<S>(ctx: RunContext<S>): ScmProgram {
  const { program, service } = ctx;
  return {
    start: async () => program.start(service),
    stop: async (kind) => (kind === 'shutdown' && program.shutdown ? program.shutdown(service) : program.stop(service)),
  };
}

export async function runWindows<S>(ctx: RunContext<S>, name: string, opts: RunOptions = {}): Promise<void> {
  const host = preloaded();
  if (host) {
    // run() holds the process until the service has stopped, as the dispatcher does below (the preload's thread does not).
    const keepAlive = setInterval(() => undefined, KEEP_ALIVE_MS);
    const failure = await host.attach(programOf(ctx), ctx.stopTimeoutMs, opts.until).finally(() => clearInterval(keepAlive));
    if (failure) throw errorOf(failure);
    return;
  }
  applyServiceEnvironment(name);
  const svc = await dispatch(programOf(ctx), ctx.stopTimeoutMs, (state) => ctx.logger.error('SetServiceStatus(%d) failed (error %d)', state, lastError()), (s) => {
    opts.until?.then(() => s.stop('stop'), () => s.stop('stop'));
  });
  if (svc.failure !== undefined) throw svc.failure.cause instanceof Win32Error ? svc.failure.cause : errorOf(svc.failure);
}

