/** The systemd group (Config.systemd): options named after systemd's, some honoured by other managers too. Pure. */
import { checkArray, checkDuration, checkNumber, checkOneOf, type Duration } from '../checks.js';
import { InvalidConfigError } from '../errors.js';
import { as, type OptionDecl } from './declare.js';
import { checkRlimit } from './limits.js';

export interface SystemdOptions {
  /**
   * Unit Type=. Default: `notify` when the service runs this very program (the default executable,
   * which calls `service.run()` and so sends READY=1), `exec` otherwise.
   */
  type?: 'notify' | 'exec' | 'simple';
  /** LimitNOFILE= (the Go library's name for limits.openFiles): a number, or no limit as Go writes it (-1 or "infinity"). Unset by default. */
  limitNOFILE?: number | 'infinity';
  /**
   * StartLimitIntervalSec= in seconds: more than startLimitBurst starts within it and the service is
   * failed, not restarted again. Default startLimitBurst × (restartSec + 1): a program that keeps
   * dying within about a second of each start. Also OpenRC's respawn period and Upstart's respawn limit.
   */
  startLimitIntervalSec?: Duration;
  /** StartLimitBurst=. Default 10. Also OpenRC's and Upstart's respawn limit. */
  startLimitBurst?: number;
  /** WatchdogSec= in seconds; `run()` then pings WATCHDOG=1 at half that interval. Unset by default. */
  watchdogSec?: Duration;
  /** More [Service] lines, as `Key=value` (for what servicekit does not write: extra sandboxing, …). */
  directives?: string[];
}

export interface ResolvedSystemdOptions {
  type?: 'notify' | 'exec' | 'simple';
  limitNOFILE?: number | 'infinity';
  startLimitIntervalSec?: number;
  startLimitBurst: number;
  watchdogSec?: number;
  directives: string[];
}

export const SERVICE_TYPES = ['notify', 'exec', 'simple'] as const;

/** One unit line: a directive's name, `=`, a value on one line. */
function checkDirective(field: string, v: unknown): string {
  if (typeof v !== 'string' || !/^[A-Z][A-Za-z0-9]*=[^\n\r]*$/.test(v)) throw new InvalidConfigError(field, `must be one line Key=value (got ${JSON.stringify(v)})`);
  return v;
}
const duration = { oneOf: [{ type: 'number', minimum: 0 }, { type: 'string' }] } as const;

export const SYSTEMD = {
  'systemd.type': {
    doc: 'Readiness: notify (the program sends READY=1; default when it calls run()), exec (default otherwise) or simple.',
    schema: { enum: SERVICE_TYPES },
    cli: { flag: 'type', arg: 'TYPE', help: 'notify (program calls run()) | exec (default) | simple', to: as.text },
    check: (f: string, x: unknown) => checkOneOf(f, x, SERVICE_TYPES),
    values: SERVICE_TYPES,
    sample: 'notify',
  },
  'systemd.limitNOFILE': {
    doc: "Open files: the Go library's name for limits.openFiles.",
    schema: { oneOf: [{ type: 'integer', minimum: -1 }, { const: 'infinity' }] },
    cli: { none: '--limit-nofile (limits.openFiles)' },
    check: checkRlimit,
    sample: 4096,
  },
  'systemd.startLimitIntervalSec': {
    doc: 'More than startLimitBurst starts within this many seconds end a crash loop as failed.',
    schema: duration,
    cli: { flag: 'start-limit-interval', arg: 'SEC', to: as.duration },
    check: (f: string, x: unknown) => checkDuration(f, x, 0, 86400),
    sample: 300,
  },
  'systemd.startLimitBurst': {
    doc: 'Starts allowed within startLimitIntervalSec; default 10.',
    schema: { type: 'integer', minimum: 0 },
    cli: { flag: 'start-limit-burst', arg: 'N', to: as.number },
    check: (f: string, x: unknown) => checkNumber(f, x, 0, 1e6, true),
    default: 10,
    sample: 3,
  },
  'systemd.watchdogSec': {
    doc: 'WatchdogSec=: run() pings WATCHDOG=1 at half this interval.',
    schema: duration,
    cli: { flag: 'watchdog', arg: 'SEC', to: as.duration },
    check: (f: string, x: unknown) => checkDuration(f, x, 1, 86400),
    sample: 10,
    needs: { 'systemd.type': 'notify' },
  },
  'systemd.directives': {
    doc: 'More [Service] lines as Key=value, for what servicekit does not write (extra sandboxing, …).',
    schema: { type: 'array', items: { type: 'string', pattern: '^[A-Z][A-Za-z0-9]*=' } },
    cli: { flag: 'directive', arg: 'KEY=VALUE', multiple: true, help: 'one more [Service] line of the unit, repeatable', to: (raw: string[]) => raw },
    check: (f: string, x: unknown) => checkArray(f, x, 'Key=value lines', checkDirective),
    default: [],
    sample: ['ProtectProc=invisible'],
    refusal: 'they are lines of a systemd unit',
  },
} as const satisfies Record<string, OptionDecl>;
