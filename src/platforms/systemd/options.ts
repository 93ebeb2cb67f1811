/** The systemd-only options (Config.systemd), their checks and defaults. Pure. */
import { checkDuration, checkNumber, checkOneOf, optional, resolveTable, type Duration } from '../../checks.js';
import { checkRlimit } from '../../limits.js';

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
}

export interface ResolvedSystemdOptions {
  type?: 'notify' | 'exec' | 'simple';
  limitNOFILE?: number | 'infinity';
  startLimitIntervalSec?: number;
  startLimitBurst: number;
  watchdogSec?: number;
}

export const SYSTEMD_DEFAULTS = { startLimitBurst: 10 } as const;

export function resolveSystemdOptions(v: unknown): ResolvedSystemdOptions {
  return resolveTable<ResolvedSystemdOptions>('systemd', v, {
    type: optional((f, x) => checkOneOf(f, x, ['notify', 'exec', 'simple'] as const)),
    limitNOFILE: optional(checkRlimit),
    startLimitIntervalSec: optional((f, x) => checkDuration(f, x, 0, 86400)),
    startLimitBurst: optional((f, x) => checkNumber(f, x, 0, 1e6, true), SYSTEMD_DEFAULTS.startLimitBurst),
    watchdogSec: optional((f, x) => checkDuration(f, x, 1, 86400)),
  });
}
