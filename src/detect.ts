/**
 * Platform detection in one place: which service manager runs this machine, and whether this
 * process runs interactively or under a service manager.
 */
import { existsSync, fstatSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Platform } from './managers/manager.js';
import { tryExecSync } from './sys/exec.js';
import { processImage } from './sys/win32.js';

/** What detection looks at; injectable for tests. */
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
  /** Windows: full image path of the parent process, if it can be read. */
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
    // node:tty pulls in node:net: loaded here, on the Windows path that asks, not at import.
    const { isatty } = process.getBuiltinModule('node:tty');
    return isatty(0) || isatty(1) || isatty(2);
  },
  parentImage: () => {
    if (process.platform !== 'win32') return undefined;
    try {
      return processImage(process.ppid); // koffi + kernel32, loaded on this first call
    } catch {
      return undefined;
    }
  },
};

function onPath(probe: Probe, cmd: string): boolean {
  const dirs = (probe.env['PATH'] ?? '/usr/sbin:/usr/bin:/sbin:/bin').split(':');
  return dirs.some((d) => d && probe.exists(path.join(d, cmd)));
}

/** Every platform this OS could have, in detection order. */
export function candidates(os: NodeJS.Platform): Platform[] {
  switch (os) {
    case 'linux':
      return ['linux-systemd', 'linux-upstart', 'linux-openrc', 'unix-systemv'];
    case 'darwin':
      return ['darwin-launchd'];
    case 'win32':
      return ['windows-service'];
    default:
      return ['unix-systemv'];
  }
}

/** Is this platform the one running the machine? Linux order: systemd, upstart, openrc, then SysV as the fallback. */
export function isRunning(p: Platform, probe: Probe): boolean {
  switch (p) {
    case 'linux-systemd':
      return probe.exists('/run/systemd/system') || probe.read('/proc/1/comm')?.trim() === 'systemd';
    case 'linux-upstart': {
      if (!onPath(probe, 'initctl')) return false;
      return /upstart/i.test(probe.run('initctl', ['--version']) ?? '');
    }
    case 'linux-openrc':
      return onPath(probe, 'openrc-init') || onPath(probe, 'openrc') && /openrc/.test(probe.read('/etc/inittab') ?? '') || probe.exists('/run/openrc/softlevel');
    case 'unix-systemv':
      return probe.exists('/etc/init.d');
    case 'darwin-launchd':
      return probe.platform === 'darwin';
    case 'windows-service':
      return probe.platform === 'win32';
  }
}

export function detectPlatform(probe: Probe = realProbe): Platform | undefined {
  return candidates(probe.platform).find((p) => isRunning(p, probe));
}

function parentComm(probe: Probe): string | undefined {
  return probe.read(`/proc/${probe.ppid}/comm`)?.trim();
}

/**
 * False when a service manager started this process: systemd (INVOCATION_ID with systemd as parent,
 * or stderr connected to the journal), a parent that is PID 1 (SysV daemons) or a supervisor
 * (OpenRC's supervise-daemon), launchd (parent PID 1) or the Windows SCM (services.exe).
 */
/** True when stderr is the journal stream systemd gave this process (JOURNAL_STREAM = its "dev:ino"). */
export function stderrIsJournal(probe: Pick<Probe, 'env' | 'stderrId'> = realProbe): boolean {
  const js = probe.env['JOURNAL_STREAM'];
  return js !== undefined && js !== '' && probe.stderrId() === js;
}

export function isInteractive(probe: Probe = realProbe): boolean {
  if (probe.platform === 'win32') {
    // A terminal means a person; otherwise ask who the parent is (the SCM, services.exe, starts
    // every service process itself) — that needs koffi, so the cheap answer comes first.
    if (probe.tty?.()) return true;
    const parent = probe.parentImage?.() ?? '';
    return !/(^|[\\/])services\.exe$/i.test(parent);
  }
  if (probe.ppid === 1) return false;
  const parent = parentComm(probe);
  // /proc/PID/comm is cut to 15 characters: supervise-daemon reads "supervise-daemo".
  if (parent === 'systemd' || parent === 'launchd' || parent?.startsWith('supervise-daemo')) return false;
  if (stderrIsJournal(probe)) return false;
  if (probe.env['INVOCATION_ID'] && probe.env['NOTIFY_SOCKET']) return false;
  return true;
}
