/**
 * Why a start under a sandbox failed, and how to relax it: read from systemd's record of the main
 * process (ExecMainCode, ExecMainStatus) and the service's last log lines. Pure.
 */
import type { HardeningLevel } from '../../options/general.js';

/** waitid(2)'s si_code as systemd reports it in ExecMainCode. */
const CLD = { exited: 1, killed: 2, dumped: 3 } as const;
/** systemd's exit status when it could not set up the namespaces of the sandbox (EXIT_NAMESPACE). */
const EXIT_NAMESPACE = 226;
const SIGSYS = 31;

interface Clue {
  test(status: { code: number; status: number }, text: string): RegExpExecArray | boolean | null;
  say(match: RegExpExecArray | boolean | null, relax: string): string;
}

const CLUES: readonly Clue[] = [
  {
    test: (s) => s.code === CLD.exited && s.status === EXIT_NAMESPACE,
    say: (_, relax) => `status 226/NAMESPACE: systemd could not set up the sandbox (a path it must mount is missing, or this system has no namespaces for it); ${relax}`,
  },
  {
    test: (s) => (s.code === CLD.killed || s.code === CLD.dumped) && s.status === SIGSYS,
    say: (_, relax) => `killed by SIGSYS: a system call outside the sandbox's SystemCallFilter=; ${relax}`,
  },
  {
    // "EROFS: read-only file system, open '/etc/x'" (Node), "[Errno 30] Read-only file system: '/etc/x'"
    // (Python), or Node's error object printed whole (code: 'EROFS' … path: '/etc/x').
    test: (_, text) => /(?:EROFS|read-only file system)[^'\n]*'([^'\n]+)'/i.exec(text) ?? (/code: 'EROFS'/.test(text) ? /path: '([^'\n]+)'/.exec(text) : null),
    say: (m, relax) => `the sandbox makes ${(m as RegExpExecArray)[1]} read-only (ProtectSystem=, ProtectHome=): add it to readWritePaths (--read-write-path), or ${relax}`,
  },
  {
    test: (_, text) => /(?:EAFNOSUPPORT|address family not supported)/i.test(text),
    say: (_, relax) => `a socket of a family the sandbox does not allow (RestrictAddressFamilies=: unix, inet, inet6, netlink); ${relax}`,
  },
  {
    test: (_, text) => /(?:EACCES|EPERM|permission denied|operation not permitted)[^'\n]*'([^'\n]+)'/i.exec(text),
    say: (m, relax) => `${(m as RegExpExecArray)[1]} refused (the sandbox's account, capabilities or ProtectHome=): add it to readWritePaths if it must be written, or ${relax}`,
  },
  {
    test: (_, text) => /(?:EPERM|operation not permitted)/i.test(text),
    say: (_, relax) => `an operation not permitted: a system call the sandbox refuses (SystemCallFilter=) or a capability it dropped (CapabilityBoundingSet=); ${relax}`,
  },
];

/** What systemd recorded of the main process's last end (Result=, ExecMainCode=, ExecMainStatus=), in words; undefined for a clean run. */
export function endOf(props: Readonly<Record<string, string>>): string | undefined {
  const status = Number(props['ExecMainStatus']);
  switch (props['Result']) {
    case 'exit-code':
      return status === EXIT_NAMESPACE ? 'systemd could not set up its namespaces (status 226/NAMESPACE)' : `the program exited with status ${status}`;
    case 'signal':
    case 'core-dump':
      return `the program was killed by signal ${status}${props['Result'] === 'core-dump' ? ' (core dumped)' : ''}`;
    case 'start-limit-hit':
      return 'it was restarted too often: the start limit (StartLimitBurst= within StartLimitIntervalSec=) was hit';
    case 'timeout':
      return 'it did not start or stop within its timeout';
    case 'watchdog':
      return 'its watchdog ran out (no WATCHDOG=1 in time)';
    default:
      return undefined;
  }
}

/** The sandbox level of a unit servicekit wrote, read from its lines. */
export function levelOfUnit(unit: string): HardeningLevel {
  if (/^ProtectSystem=strict$/m.test(unit)) return 'strict';
  return /^ProtectSystem=full$/m.test(unit) ? 'standard' : 'none';
}

/** The likely directive and the way out, or undefined when nothing points at the sandbox. */
export function sandboxHint(level: HardeningLevel, props: Readonly<Record<string, string>>, lines: readonly string[]): string | undefined {
  if (level === 'none') return undefined;
  const relax = level === 'strict' ? 'install with --hardening standard (or none)' : 'install with --hardening none';
  const status = { code: Number(props['ExecMainCode']), status: Number(props['ExecMainStatus']) };
  const text = lines.join('\n');
  for (const clue of CLUES) {
    const m = clue.test(status, text);
    if (m) return `likely the ${level} sandbox: ${clue.say(m, relax)}`;
  }
  return undefined;
}
