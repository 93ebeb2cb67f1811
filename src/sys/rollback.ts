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
}

function interrupted(signal: AbortSignal | undefined, before: string): InterruptedError | undefined {
  if (!signal?.aborted) return undefined;
  const why = signal.reason instanceof Error ? signal.reason.message : String(signal.reason ?? 'aborted');
  return new InterruptedError(`interrupted (${why}) ${before}; undone`, { cause: signal.reason });
}

export async function withRollback(body: (step: Step) => Promise<void>, opts: RollbackOptions = {}): Promise<void> {
  const undos: { name: string; undo: () => Promise<void> }[] = [];
  const step: Step = async (name, fn, undoUpFront) => {
    const stop = interrupted(opts.signal, `before "${name}"`);
    if (stop) throw stop;
    if (undoUpFront) undos.push({ name, undo: undoUpFront });
    const undo = await fn();
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
