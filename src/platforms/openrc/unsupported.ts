/** The options OpenRC cannot honour, and why: refused when set (see ../support.ts). */
import type { Unsupported } from '../platform.js';
import { NO_CGROUP_LIMITS, NOT_SMF, otherTemplates, NOT_LAUNCHD, NOT_WINDOWS } from '../support.js';

export const unsupported: Unsupported = {
  ...NOT_SMF,
  ...otherTemplates('openrc'),
  ...NOT_LAUNCHD,
  ...NOT_WINDOWS,
  ...NO_CGROUP_LIMITS,
  'userService=true': 'no per-user services (they need systemd or launchd)',
  'restart=on-failure': "supervise-daemon cannot tell a clean exit from a crash (use 'always' or 'no')",
  successExitStatus: 'supervise-daemon cannot tell exit codes apart',
  pidFile: 'supervise-daemon and start-stop-daemon write the PID file themselves',
  'logOutput=false': 'there is no journal: the output always goes to LOGDIR/NAME.log',
  'systemd.watchdogSec': 'OpenRC has no watchdog',
  'restart=on-success': 'supervise-daemon restarts on any exit: use always or no',
  'restart=on-abnormal': 'supervise-daemon restarts on any exit: use always or no',
  'restart=on-abort': 'supervise-daemon restarts on any exit: use always or no',
  'restart=on-watchdog': 'supervise-daemon restarts on any exit: use always or no',
  unitDependencies: 'dependencies given as systemd unit lines ("After=…") are systemd\'s; give plain service names',
};
