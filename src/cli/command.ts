/**
 * COMMAND lookup for `servicekit install -- COMMAND ARGS`, by the rules of the OS it runs on, as its
 * shell would: on POSIX a name with "/" is a path, otherwise the first executable file of that
 * name in PATH (":"-separated); on Windows a name with "\", "/" or a drive letter is a path,
 * otherwise PATH (";"-separated, the variable's name in any case) is searched for the name with
 * each extension of PATHEXT (.COM;.EXE;.BAT;.CMD by default) unless it already has one of them.
 * A script ending in .js, .mjs or .cjs runs with the Node that runs servicekit.
 */
import { constants as C, accessSync, statSync } from 'node:fs';
import path from 'node:path';
import { InvalidArgumentError } from '../index.js';

const NODE_SCRIPT = /\.(c|m)?js$/i;
const DEFAULT_PATHEXT = '.COM;.EXE;.BAT;.CMD';

export interface CommandHost {
  os: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
  cwd: string;
  execPath: string;
  /** Is this an existing file (and, on POSIX, executable)? */
  isExecutable(file: string, os: NodeJS.Platform): boolean;
}

function isExecutable(file: string, os: NodeJS.Platform): boolean {
  try {
    if (!statSync(file).isFile()) return false;
    if (os !== 'win32') accessSync(file, C.X_OK);
    return true;
  } catch {
    return false;
  }
}

export function realCommandHost(): CommandHost {
  return { os: process.platform, env: process.env, cwd: process.cwd(), execPath: process.execPath, isExecutable };
}

/** An environment variable by name; Windows names ignore case. */
function getVar(env: NodeJS.ProcessEnv, name: string, os: NodeJS.Platform): string | undefined {
  if (os !== 'win32') return env[name];
  const key = Object.keys(env).find((k) => k.toUpperCase() === name);
  return key === undefined ? undefined : env[key];
}

/** The names to look for in each PATH directory. */
function candidateNames(cmd: string, env: NodeJS.ProcessEnv, os: NodeJS.Platform): string[] {
  if (os !== 'win32') return [cmd];
  const exts = (getVar(env, 'PATHEXT', os) || DEFAULT_PATHEXT).split(';').filter(Boolean);
  const ext = path.win32.extname(cmd).toUpperCase();
  if (ext && exts.some((e) => e.toUpperCase() === ext)) return [cmd];
  return [...exts.map((e) => cmd + e.toLowerCase()), ...(ext ? [cmd] : [])];
}

function isPath(cmd: string, os: NodeJS.Platform): boolean {
  return os === 'win32' ? /[\\/]|^[A-Za-z]:/.test(cmd) : cmd.includes('/');
}

function search(cmd: string, h: CommandHost): string | undefined {
  const p = h.os === 'win32' ? path.win32 : path.posix;
  for (const dir of (getVar(h.env, 'PATH', h.os) ?? '').split(p.delimiter)) {
    if (!dir) continue;
    for (const name of candidateNames(cmd, h.env, h.os)) {
      const file = p.resolve(h.cwd, dir, name);
      if (h.isExecutable(file, h.os)) return file;
    }
  }
  return undefined;
}

/** The absolute executable and its arguments for COMMAND ARGS. */
export function resolveCommand(cmd: string, args: string[], h: CommandHost = realCommandHost()): { executable: string; arguments: string[] } {
  const p = h.os === 'win32' ? path.win32 : path.posix;
  let file = isPath(cmd, h.os) ? p.resolve(h.cwd, cmd) : search(cmd, h);
  // A script named without a path is taken from the current directory, as `node script.js` would.
  if (file === undefined && NODE_SCRIPT.test(cmd)) file = p.resolve(h.cwd, cmd);
  if (file === undefined) throw new InvalidArgumentError(`command ${JSON.stringify(cmd)} was not found on PATH`);
  if (NODE_SCRIPT.test(file)) return { executable: h.execPath, arguments: [file, ...args] };
  return { executable: file, arguments: args };
}
