/** Run install steps so that a failure undoes every step already done, newest first. */
import { InterruptedError, ServiceError, type RollbackFailure } from '../errors.js';

export type Undo = (() => Promise<void>) | undefined;
/**
 * A step runs fn and registers the undo fn returns. A step that can fail half-way (a unit enabled
 * whose start then failed, a registry key created but not filled) gives its undo up front instead:
 * registered before fn runs, it is undone with the others even when fn itself fails.
 */
export type Step = (name: string, fn: () => Promise<Undo | void>, undoUpFront?: () => Promise<void>) => Promise<void>;

export interface RollbackOptions {
  /** Aborted: no further step runs, and everything done is undone (an interrupted install leaves nothing). */
  signal?: AbortSignal;
  /** Called when a step its undo did not end is left behind (the caller ends what it runs: a start command still waiting). */
  onAbandon?: () => void;
}

/** How long an abandoned step may take to end once its undo has run (a cancelled start job ends at once). */
const ABANDONED_STEP_MS = 1000;

function interrupted(signal: AbortSignal | undefined, before: string): InterruptedError | undefined {
  if (!signal?.aborted) return undefined;
  const why = signal.reason instanceof Error ? signal.reason.message : String(signal.reason ?? 'aborted');
  return new InterruptedError(`interrupted (${why}) ${before}; undone`, { cause: signal.reason });
}

/**
 * A step whose undo is known up front need not be waited for once aborted (a start job that never
 * finishes: a program that never reports ready): its undo runs at once, which ends what the step
 * waits for (a stop cancels the start job), the step is given a moment to end — if it has not, the
 * caller is told to end it (onAbandon) — and the rollback goes on (running that undo once more).
 */
async function abandonable(name: string, work: Promise<Undo | void>, undo: () => Promise<void>, signal: AbortSignal, onAbandon?: () => void): Promise<Undo | void> {
  let onAbort!: () => void;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(interrupted(signal, `during "${name}"`));
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([work, aborted]);
  } catch (e) {
    if (!signal.aborted) throw e;
    work.catch(() => undefined);
    await undo().catch(() => undefined);
    let timer: NodeJS.Timeout | undefined;
    const ended = await Promise.race([work.then(() => true, () => true), new Promise<boolean>((r) => (timer = setTimeout(() => r(false), ABANDONED_STEP_MS)))]);
    clearTimeout(timer);
    if (!ended) onAbandon?.();
    throw e;
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

export async function withRollback(body: (step: Step) => Promise<void>, opts: RollbackOptions = {}): Promise<void> {
  const undos: { name: string; undo: () => Promise<void> }[] = [];
  const step: Step = async (name, fn, undoUpFront) => {
    const stop = interrupted(opts.signal, `before "${name}"`);
    if (stop) throw stop;
    if (undoUpFront) undos.push({ name, undo: undoUpFront });
    const undo = undoUpFront && opts.signal ? await abandonable(name, fn(), undoUpFront, opts.signal, opts.onAbandon) : await fn();
    if (undo) undos.push({ name, undo });
  };
  try {
    await body(step);
    // Interrupted during the last step: the caller was told to stop, so nothing stays half-wanted.
    const stop = interrupted(opts.signal, 'at the end');
    if (stop) throw stop;
  } catch (e) {
    const failures: RollbackFailure[] = [];
    for (const { name, undo } of undos.reverse()) {
      try {
        await undo();
      } catch (err) {
        failures.push({ step: name, error: err });
      }
    }
    if (failures.length && e instanceof ServiceError) {
      Object.defineProperty(e, 'rollbackFailures', { value: failures, enumerable: true });
    }
    throw e;
  }
}
