/**
 * A Windows service's environment and working directory, both ways. install stores the configured
 * variables in the service's registry key (REG_MULTI_SZ "Environment"), plus the working directory
 * as __servicekit_cwd, because the SCM starts every service in C:\Windows\System32.
 *
 * - Windows applies that environment itself: importing servicekit moves to the directory before
 *   the program's own code runs, and removes the variable (the program sees exactly its env).
 * - An SCM that ignores the value (Wine's does) leaves the variable out: importing servicekit in a
 *   process the SCM started then asks the SCM which service owns this PID and applies the registry
 *   value itself; run(), which knows the service name, does it if that did not happen.
 * Either way it happens once, so a program's own later changes to its environment stand.
 */
import { setVariable } from '../../variables.js';
import { InvalidConfigError } from '../../errors.js';
import { preloaded } from './preloaded.js';
import { parseMultiSz, regGetValue, serviceNameOfProcess } from './win32.js';

/** The name of the environment variable that carries the working directory to run(). */
export const CWD_VAR = '__servicekit_cwd';

/** The registry key of a service (its ImagePath, Environment, …). */
export function serviceKey(name: string): string {
  return `SYSTEM\\CurrentControlSet\\Services\\${name}`;
}

/** The value in a service's key that marks it as installed by servicekit (its data: the service name). */
export const OWNER_VALUE = 'ServicekitManaged';

/** The Event Log source of a service (Application log). */
export function eventSourceKey(name: string): string {
  return `SYSTEM\\CurrentControlSet\\Services\\EventLog\\Application\\${name}`;
}

/** The service key's "Environment" entries: KEY=VALUE for each variable, then the working directory. */
export function encodeEnvironment(env: Readonly<Record<string, string>>, workingDirectory: string): string[] {
  const seen = new Map<string, string>();
  const entries: string[] = [];
  for (const [k, v] of Object.entries(env)) {
    const other = seen.get(k.toUpperCase());
    if (other !== undefined) {
      throw new InvalidConfigError(`env.${k}`, `Windows environment names ignore case: ${k} and ${other} would be the same variable`);
    }
    seen.set(k.toUpperCase(), k);
    entries.push(`${k}=${v}`);
  }
  entries.push(`${CWD_VAR}=${workingDirectory}`);
  return entries;
}

/** The variables and the working directory back from those entries; undefined when they are not ours. */
export function decodeEnvironment(entries: readonly string[]): { env: Record<string, string>; workingDirectory: string } | undefined {
  const env: Record<string, string> = {};
  let workingDirectory: string | undefined;
  for (const e of entries) {
    const i = e.indexOf('=');
    if (i <= 0) continue;
    const k = e.slice(0, i);
    const v = e.slice(i + 1);
    if (k === CWD_VAR) workingDirectory = v;
    else setVariable(env, k, v);
  }
  // The working directory marker tells us these entries are ours (written by install).
  return workingDirectory === undefined ? undefined : { env, workingDirectory };
}

let applied = false;

function chdir(dir: string): void {
  try {
    process.chdir(dir);
  } catch {
    /* install checked that it existed; a directory removed since then leaves the SCM's default */
  }
}

/** The SCM applied the environment: only the working directory is left to do. */
function applyMarker(env: NodeJS.ProcessEnv): boolean {
  const dir = env[CWD_VAR];
  if (dir === undefined) return false;
  delete env[CWD_VAR];
  chdir(dir);
  applied = true;
  return true;
}

function applyFromRegistry(name: string, env: NodeJS.ProcessEnv): void {
  const value = regGetValue(serviceKey(name), 'Environment');
  const decoded = value && decodeEnvironment(parseMultiSz(value.data));
  if (!decoded) return;

  for (const [k, v] of Object.entries(decoded.env)) env[k] = v;
  chdir(decoded.workingDirectory);
  applied = true;
}

/**
 * At import time: acts only in a process the SCM started (parent services.exe), and not where
 * servicekit's preload already did it (a Node program run through it: it asked the SCM once, before
 * the dispatcher connected; asking again while it connects made Wine's dispatcher fail to open the service in some starts).
 */
export function prepareServiceProcess(interactive: () => boolean, env: NodeJS.ProcessEnv = process.env): void {
  if (applied || preloaded()) return;
  if (applyMarker(env) || interactive()) return;
  try {
    const name = serviceNameOfProcess(process.pid);
    if (name !== undefined) applyFromRegistry(name, env);
  } catch {
    /* run() tries again with the configured name */
  }
}

/** In run() under the SCM, unless already done at import. */
export function applyServiceEnvironment(name: string, env: NodeJS.ProcessEnv = process.env): void {
  if (applied || applyMarker(env)) return;
  applyFromRegistry(name, env);
}
