/**
 * Resource limits and stop behaviour (Config.limits, groupName, killSignal): their declarations and
 * checks, pure. Each manager writes those it honours (its renderer: systemd directives, ulimit in
 * init scripts, Upstart's limit stanzas, launchd's resource limits) and refuses the others.
 */
import { checkNumber, checkSignalName, checkText } from '../checks.js';
import { InvalidConfigError } from '../errors.js';
import { as, type FlagContext, type OptionDecl } from './declare.js';

export interface Limits {
  /**
   * Most memory the service may use, in bytes, or with a suffix K, M, G, T (powers of 1024): "512M".
   * systemd only (MemoryMax=, cgroup memory.max).
   */
  memoryMax?: number | string;
  /** CPU time as a percentage of one CPU: 50 is half a CPU, 200 two. systemd only (CPUQuota=). */
  cpuQuota?: number;
  /** Open files (RLIMIT_NOFILE), or "infinity" (-1, Go's form). */
  openFiles?: number | 'infinity';
  /** Processes of the service's user (RLIMIT_NPROC), or "infinity". */
  processes?: number | 'infinity';
}

export interface ResolvedLimits {
  /** Bytes. */
  memoryMax?: number;
  /** Percent of one CPU. */
  cpuQuota?: number;
  openFiles?: number | 'infinity';
  processes?: number | 'infinity';
}

const SIZE_UNITS: Record<string, number> = { '': 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3, T: 1024 ** 4 };
/** The smallest memory limit taken: below it no program starts (and a typo of a unit is likely). */
const MIN_MEMORY = 1024 * 1024;
const MAX_MEMORY = 2 ** 53;
/** CPUQuota= takes up to 100% per CPU; a bound well above any machine's count. */
const MAX_CPU_PERCENT = 100 * 4096;
const MAX_RLIMIT = 2 ** 31;

function checkBytes(field: string, v: unknown): number {
  if (typeof v === 'number') return checkNumber(field, v, MIN_MEMORY, MAX_MEMORY, true);
  const m = /^(\d+)\s*([KMGT]?)$/i.exec(typeof v === 'string' ? v.trim() : '');
  if (!m) throw new InvalidConfigError(field, `must be a number of bytes or a size such as "512M" or "2G" (got ${JSON.stringify(v)})`);
  return checkNumber(field, Number(m[1]) * SIZE_UNITS[m[2]!.toUpperCase()]!, MIN_MEMORY, MAX_MEMORY, true);
}

/** -1 and "infinity" are no limit (Go's forms); else a count of at least 1. */
export function checkRlimit(field: string, v: unknown): number | 'infinity' {
  if (v === -1 || v === 'infinity') return 'infinity';
  return checkNumber(field, v, 1, MAX_RLIMIT, true);
}

const count = { oneOf: [{ type: 'integer', minimum: -1 }, { const: 'infinity' }] } as const;
/** "50" and "50%" alike. */
const percent = (raw: string, ctx: FlagContext) => as.number(raw.replace(/%$/, ''), ctx);

export const LIMITS = {
  'limits.memoryMax': {
    doc: 'Most memory the service may use: bytes, or "512M", "2G" (cgroup memory.max).',
    schema: { oneOf: [{ type: 'integer', minimum: 1048576 }, { type: 'string', pattern: '^\\d+\\s*[KMGTkmgt]?$' }] },
    cli: { flag: 'memory-max', arg: 'SIZE', to: as.size },
    check: checkBytes,
    sample: '512M',
    refusal: 'a memory limit is a cgroup control (memory.max), which only systemd gives a service',
  },
  'limits.cpuQuota': {
    doc: 'CPU time in percent of one CPU: 50 is half a CPU, 200 two (cgroup cpu.max).',
    schema: { type: 'integer', minimum: 1 },
    cli: { flag: 'cpu-quota', arg: 'PERCENT', to: percent },
    check: (f: string, x: unknown) => checkNumber(f, x, 1, MAX_CPU_PERCENT, true),
    sample: 50,
    refusal: 'a CPU quota is a cgroup control (cpu.max), which only systemd gives a service',
  },
  'limits.openFiles': {
    doc: 'Open files (RLIMIT_NOFILE), or "infinity".',
    schema: count,
    cli: { flag: 'limit-nofile', arg: 'N', to: as.count },
    check: checkRlimit,
    sample: 4096,
  },
  'limits.processes': {
    doc: "Processes of the service's user (RLIMIT_NPROC), or \"infinity\".",
    schema: count,
    cli: { flag: 'limit-nproc', arg: 'N', to: as.count },
    check: checkRlimit,
    sample: 64,
  },
} as const satisfies Record<string, OptionDecl>;

/** limits, with open files also taken from Go's name for them (systemd.limitNOFILE). */
export function mergeLegacyNoFile(limits: ResolvedLimits, legacyNoFile: number | 'infinity' | undefined): ResolvedLimits {
  if (legacyNoFile === undefined) return limits;
  if (limits.openFiles !== undefined) throw new InvalidConfigError('limits.openFiles', 'is also set as systemd.limitNOFILE (the Go library\'s name): give one');
  return { ...limits, openFiles: legacyNoFile };
}

const GROUP_RE = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
const MAX_GROUP = 32;

export function checkGroupName(field: string, v: unknown, userService: boolean): string {
  const s = checkText(field, v, { singleLine: true });
  if (userService) throw new InvalidConfigError(field, 'a user service runs with its user\'s groups; groupName is for system services');
  if (!GROUP_RE.test(s) || s.length > MAX_GROUP) throw new InvalidConfigError(field, `${JSON.stringify(s)} is not a valid group name`);
  return s;
}

/** Signals that cannot stop a program the way a stop must (it would keep running, or never learn). */
const NOT_STOP: Record<string, string> = {
  SIGSTOP: 'pauses the program instead of stopping it',
  SIGCONT: 'does not stop anything',
  SIGCHLD: 'is ignored by default',
  SIGWINCH: 'is ignored by default',
  SIGURG: 'is ignored by default',
};

/** The signal the manager stops the service with (default SIGTERM); after the stop timeout, SIGKILL. */
export function checkKillSignal(field: string, v: unknown): string {
  const name = checkSignalName(field, v);
  const why = NOT_STOP[name];
  if (why !== undefined) throw new InvalidConfigError(field, `${name} ${why}`);
  return name;
}
