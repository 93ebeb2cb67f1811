/**
 * What execve(2) can pass on POSIX, checked before anything is written (a manager would otherwise
 * accept the definition and fail at every start with E2BIG). Pure.
 */
import { InvalidConfigError } from '../../errors.js';
import { serviceEnv } from './env-file.js';
import type { PreparedConfig } from '../platform.js';

/** Linux's MAX_ARG_STRLEN: one argument or KEY=value string, with its NUL, at most 32 pages. */
export const MAX_ARG_STRLEN = 32 * 4096;
/**
 * All arguments and variables together, with their NULs and pointers: ARG_MAX is commonly 2 MiB
 * (a quarter of the stack limit); servicekit's own values may take half, leaving the rest to the
 * variables the manager and the system add.
 */
export const EXEC_BUDGET = 1024 * 1024;
const POINTER = 8;

export function checkExecLimits(cfg: PreparedConfig): void {
  let total = 0;
  const one = (field: string, s: string) => {
    const bytes = Buffer.byteLength(s, 'utf8') + 1;
    if (bytes > MAX_ARG_STRLEN) throw new InvalidConfigError(field, `is ${bytes} bytes; a program can be given at most ${MAX_ARG_STRLEN} per argument or variable`);
    total += bytes + POINTER;
  };
  one('executable', cfg.executable);
  cfg.arguments.forEach((a, i) => one(`arguments[${i}]`, a));
  const env = serviceEnv(cfg);
  for (const [k, v] of Object.entries(env)) one(`env.${k}`, `${k}=${v}`);
  if (total > EXEC_BUDGET) {
    throw new InvalidConfigError(Object.keys(env).length ? 'env' : 'arguments', `arguments and environment take ${total} bytes; at most ${EXEC_BUDGET} can be passed to a program`);
  }
}
