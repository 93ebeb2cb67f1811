/** The options Upstart cannot honour, and why: refused when set (see ../support.ts). */
import type { Unsupported } from '../platform.js';
import { NO_CGROUP_LIMITS, NOT_SMF, otherTemplates, NOT_LAUNCHD, NOT_WINDOWS } from '../support.js';

export const unsupported: Unsupported = {
  ...NOT_SMF,
  ...otherTemplates('upstart'),
  ...NOT_LAUNCHD,
  ...NOT_WINDOWS,
  ...NO_CGROUP_LIMITS,
  'userService=true': 'no per-user services (they need systemd or launchd)',
  restartSec: 'Upstart respawns at once: it has no respawn delay',
  pidFile: 'Upstart tracks the process itself',
  'logOutput=false': 'there is no journal: the output always goes to LOGDIR/NAME.log',
  'systemd.watchdogSec': 'Upstart has no watchdog',
  'restart=on-success': 'Upstart respawns on any exit but its normal exit codes: use always, on-failure or no',
  'restart=on-abnormal': 'Upstart respawns on any exit but its normal exit codes: use always, on-failure or no',
  'restart=on-abort': 'Upstart respawns on any exit but its normal exit codes: use always, on-failure or no',
  'restart=on-watchdog': 'Upstart respawns on any exit but its normal exit codes: use always, on-failure or no',
  'enabled=false': 'a job starts by its "start on" stanza: there is no installed-but-disabled state',
  unitDependencies: 'dependencies given as systemd unit lines ("After=…") are systemd\'s; give plain service names',
};
