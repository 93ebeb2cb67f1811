/**
 * What the Windows preload (preload.ts, loaded with `node --require` before a Node program the
 * Service Control Manager starts) leaves for run() in the same process. The preload and the library
 * are separate copies of servicekit's code, so they meet through a global registered symbol and
 * plain values, never through classes.
 */
import type { Failure, ScmProgram } from './scm-service.js';

export const PRELOADED = Symbol.for('servicekit.windows.preloaded');

export interface Preloaded {
  /**
   * run() takes the service over: its program is started (the service reports RUNNING once that
   * resolves, or at once if it already had), the SCM's stops go to it, bounded by `stopTimeoutMs`;
   * `until` stops it too. Resolves once STOPPED is reported, with what failed, if anything.
   */
  attach(program: ScmProgram, stopTimeoutMs: number, until?: Promise<unknown>): Promise<Failure | undefined>;
}

export function preloaded(): Preloaded | undefined {
  return (globalThis as Record<symbol, Preloaded | undefined>)[PRELOADED];
}

export function setPreloaded(p: Preloaded): void {
  (globalThis as Record<symbol, Preloaded | undefined>)[PRELOADED] = p;
}
