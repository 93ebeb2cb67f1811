/** The systemd-only options (Config.systemd), their checks and defaults. Pure. */
import { checkNumber, checkOneOf, optional, resolveTable } from '../../checks.js';

export interface SystemdOptions {
  /**
   * Unit Type=. Default: `notify` when the service runs this very program (the default executable,
   * which calls `service.run()` and so sends READY=1), `exec` otherwise.
   */
  type?: 'notify' | 'exec' | 'simple';
  /** LimitNOFILE=; unset by default. */
  limitNOFILE?: number;
  /**
   * StartLimitIntervalSec= in seconds: more than startLimitBurst starts within it and the service is
   * failed, not restarted again. Default startLimitBurst × (restartSec + 1): a program that keeps
   * dying within about a second of each start. Also OpenRC's respawn period and Upstart's respawn limit.
   */
  startLimitIntervalSec?: number;
  /** StartLimitBurst=. Default 10. Also OpenRC's and Upstart's respawn limit. */
  startLimitBurst?: number;
  /** WatchdogSec= in seconds; `run()` then pings WATCHDOG=1 at half that interval. Unset by default. */
  watchdogSec?: number;
}

export type ResolvedSystemdOptions = SystemdOptions & Required<Pick<SystemdOptions, 'startLimitBurst'>>;

export const SYSTEMD_DEFAULTS = { startLimitBurst: 10 } as const;

export function resolveSystemdOptions(v: unknown): ResolvedSystemdOptions {
  return resolveTable<ResolvedSystemdOptions>('systemd', v, {
    type: optional((f, x) => checkOneOf(f, x, ['notify', 'exec', 'simple'] as const)),
    limitNOFILE: optional((f, x) => checkNumber(f, x, 1, 2 ** 31, true)),
    startLimitIntervalSec: optional((f, x) => checkNumber(f, x, 0, 86400)),
    startLimitBurst: optional((f, x) => checkNumber(f, x, 0, 1e6, true), SYSTEMD_DEFAULTS.startLimitBurst),
    watchdogSec: optional((f, x) => checkNumber(f, x, 1, 86400)),
  });
}
