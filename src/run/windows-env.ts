/**
 * A Windows service's environment and working directory. install stores the configured variables
 * in the service's registry key (REG_MULTI_SZ "Environment"), plus the working directory as
 * __servicekit_cwd, because the SCM starts every service in C:\Windows\System32.
 *
 * - Windows applies that environment itself: importing servicekit moves to the directory before
 *   the program's own code runs, and removes the variable (the program sees exactly its env).
 * - An SCM that ignores the value (Wine's does) leaves the variable out: importing servicekit in a
 *   process the SCM started then asks the SCM which service owns this PID and applies the registry
 *   value itself; run(), which knows the service name, does it if that did not happen.
 * Either way it happens once, so a program's own later changes to its environment stand.
 */
import { CWD_VAR, serviceKey } from '../managers/windows/keys.js';
import { interactiveCached } from '../system.js';
import { parseMultiSz, regClose, regGet, regOpenKey, serviceNameOfProcess } from '../sys/win32.js';

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
  const key = regOpenKey(serviceKey(name));
  if (key === undefined) return;
  let entries: string[] = [];
  try {
    const v = regGet(key, 'Environment');
    if (v) entries = parseMultiSz(v.data);
  } finally {
    regClose(key);
  }
  // The working directory marker tells us these entries are ours (written by install).
  if (!entries.some((e) => e.startsWith(`${CWD_VAR}=`))) return;
  for (const e of entries) {
    const i = e.indexOf('=');
    if (i <= 0) continue;
    const k = e.slice(0, i);
    const v = e.slice(i + 1);
    if (k === CWD_VAR) chdir(v);
    else env[k] = v;
  }
  applied = true;
}

/** At import time: acts only in a process the SCM started (parent services.exe). */
export function prepareServiceProcess(env: NodeJS.ProcessEnv = process.env): void {
  if (process.platform !== 'win32' || applied) return;
  if (applyMarker(env) || interactiveCached()) return;
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
