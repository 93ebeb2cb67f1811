/**
 * A Windows service's environment and working directory. install stores the configured variables
 * in the service's registry key (REG_MULTI_SZ "Environment"), plus the working directory as
 * __servicekit_cwd, because the SCM starts every service in C:\Windows\System32.
 *
 * - Windows applies that environment itself: importing servicekit moves to the directory before
 *   the program's own code runs, and removes the variable (the program sees exactly its env).
 * - An SCM that ignores the value (Wine's does) leaves the variable out: run(), which knows the
 *   service name, then reads the registry value and applies it before calling start().
 */
import { CWD_VAR, serviceKey } from '../managers/windows/render.js';
import { interactiveCached } from '../system.js';
import { parseMultiSz, regClose, regGet, regOpenKey, serviceNameOfProcess } from '../sys/win32.js';

function chdir(dir: string): void {
  try {
    process.chdir(dir);
  } catch {
    /* install checked that it existed; a directory removed since then leaves the SCM's default */
  }
}

function applyMarker(env: NodeJS.ProcessEnv): boolean {
  const dir = env[CWD_VAR];
  if (dir === undefined) return false;
  delete env[CWD_VAR];
  chdir(dir);
  return true;
}

/**
 * At import time, in a process the SCM started (parent services.exe): apply the working directory,
 * and the environment too when the SCM did not (found by asking the SCM which service has our PID).
 */
export function applyServiceWorkingDirectory(env: NodeJS.ProcessEnv = process.env): void {
  if (process.platform !== 'win32') return;
  if (applyMarker(env)) return;
  if (interactiveCached()) return;
  try {
    const name = serviceNameOfProcess(process.pid);
    if (name !== undefined) applyServiceEnvironment(name, env);
  } catch {
    /* run() tries again with the configured name */
  }
}

/** In run() under the SCM: apply the registry environment when the SCM did not. */
export function applyServiceEnvironment(name: string, env: NodeJS.ProcessEnv = process.env): void {
  if (applyMarker(env)) return;
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
}
