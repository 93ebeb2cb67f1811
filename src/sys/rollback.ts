/** Run install steps so that a failure undoes every step already done, newest first. */
import { ServiceError, type RollbackFailure } from '../errors.js';

export type Undo = (() => Promise<void>) | undefined;
export type Step = (name: string, fn: () => Promise<Undo>) => Promise<void>;

export async function withRollback(body: (step: Step) => Promise<void>): Promise<void> {
  const undos: { name: string; undo: () => Promise<void> }[] = [];
  const step: Step = async (name, fn) => {
    const undo = await fn();
    if (undo) undos.push({ name, undo });
  };
  try {
    await body(step);
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
