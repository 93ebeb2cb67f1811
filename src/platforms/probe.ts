/**
 * What detection looks at, injectable for tests. The platform records (src/platforms/NAME/index.ts)
 * decide from it whether their manager runs this machine and whether it started this process.
 */
import { existsSync, fstatSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { tryExecSync } from '../sys/exec.js';

export interface Probe {
  platform: NodeJS.Platform;
  exists(p: string): boolean;
  read(p: string): string | undefined;
  /** stdout of a command, or undefined if it cannot run */
  run(cmd: string, args: string[]): string | undefined;
  env: NodeJS.ProcessEnv;
  pid: number;
  ppid: number;
  /** "dev:ino" of stderr, if it can be stat'ed */
  stderrId(): string | undefined;
  /** Full image path of the parent process (Windows); by default the Windows record asks the OS. */
  parentImage?(): string | undefined;
  /** Is stdin, stdout or stderr a terminal? (A service never has one.) */
  tty?(): boolean;
}

export const realProbe: Probe = {
  platform: process.platform,
  exists: existsSync,
  read: (p) => {
    try {
      return readFileSync(p, 'utf8');
    } catch {
      return undefined;
    }
  },
  run: (cmd, args) => tryExecSync(cmd, args),
  env: process.env,
  pid: process.pid,
  ppid: process.ppid,
  stderrId: () => {
    try {
      const st = fstatSync(2);
      return `${st.dev}:${st.ino}`;
    } catch {
      return undefined;
    }
  },
  tty: () => {
    // node:tty pulls in node:net: loaded by the one check that asks, not at import.
    const { isatty } = process.getBuiltinModule('node:tty');
    return isatty(0) || isatty(1) || isatty(2);
  },
};

/** Is `cmd` in one of PATH's directories (POSIX)? */
export function onPath(probe: Probe, cmd: string): boolean {
  const dirs = (probe.env['PATH'] ?? '/usr/sbin:/usr/bin:/sbin:/bin').split(':');
  return dirs.some((d) => d && probe.exists(path.join(d, cmd)));
}

/** The parent's command name from /proc (cut to 15 characters by the kernel). */
export function parentComm(probe: Probe): string | undefined {
  return probe.read(`/proc/${probe.ppid}/comm`)?.trim();
}
