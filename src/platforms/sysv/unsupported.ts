/** The options SysV init cannot honour, and why: refused when set (see ../support.ts). */
import type { Unsupported } from '../platform.js';
import { NO_CGROUP_LIMITS, NOT_SMF, otherTemplates, NOT_LAUNCHD, NOT_WINDOWS } from '../support.js';

export const unsupported: Unsupported = {
  ...NOT_SMF,
  ...otherTemplates('sysv'),
  ...NOT_LAUNCHD,
  ...NOT_WINDOWS,
  ...NO_CGROUP_LIMITS,
  'userService=true': 'no per-user services (they need systemd or launchd)',
  'restart=always': "SysV init has no supervisor: a service that exits stays down (use 'no')",
  'restart=on-failure': "SysV init has no supervisor: a service that exits stays down (use 'no')",
  restartSec: 'SysV init has no supervisor to restart the service',
  successExitStatus: 'SysV init has no supervisor to tell exit codes apart',
  pidFile: 'start-stop-daemon writes the PID file itself',
  'logOutput=false': 'there is no journal: the output always goes to LOGDIR/NAME.log',
  'systemd.watchdogSec': 'SysV init has no watchdog',
  'systemd.startLimitIntervalSec': 'SysV init has no supervisor to restart the service',
  'systemd.startLimitBurst': 'SysV init has no supervisor to restart the service',
  'restart=on-success': 'SysV init has no supervisor: use no',
  'restart=on-abnormal': 'SysV init has no supervisor: use no',
  'restart=on-abort': 'SysV init has no supervisor: use no',
  'restart=on-watchdog': 'SysV init has no supervisor: use no',
  unitDependencies: 'dependencies given as systemd unit lines ("After=…") are systemd\'s; give plain service names',
};
