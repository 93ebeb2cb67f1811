/** The options launchd cannot honour, and why: refused when set (see ../support.ts). */
import type { Unsupported } from '../platform.js';
import { NO_CGROUP_LIMITS, NOT_SMF, otherTemplates, NOT_WINDOWS } from '../support.js';

export const unsupported: Unsupported = {
  ...NOT_SMF,
  ...otherTemplates('launchd'),
  ...NOT_WINDOWS,
  ...NO_CGROUP_LIMITS,
  dependencies: 'launchd has no dependencies between jobs',
  linger: "a LaunchAgent lives in its user's login session; for a job without a login, install a daemon with userName",
  pidFile: 'launchd tracks the process itself',
  successExitStatus: 'KeepAlive { SuccessfulExit } knows exit 0 only',
  reloadSignal: 'launchd has no reload command',
  'logOutput=false': 'launchd writes the output to files (StandardOutPath), there is no journal',
  'systemd.type': 'launchd has no readiness protocol',
  'systemd.watchdogSec': 'launchd has no watchdog',
  'systemd.startLimitIntervalSec': 'launchd throttles restarts with ThrottleInterval (restartSec) only',
  'systemd.startLimitBurst': 'launchd throttles restarts with ThrottleInterval (restartSec) only',
  killSignal: 'launchd stops a job with SIGTERM, then SIGKILL after ExitTimeOut',
  'restart=on-abnormal': 'KeepAlive knows clean and unclean exits only: use always, on-failure or no',
  'restart=on-abort': 'KeepAlive knows clean and unclean exits only: use always, on-failure or no',
  'restart=on-watchdog': 'KeepAlive knows clean and unclean exits only: use always, on-failure or no',
  'enabled=false': 'a disabled launchd job cannot be loaded or started: install it, then disable it',
  unitDependencies: 'dependencies given as systemd unit lines ("After=…") are systemd\'s; give plain service names',
};
