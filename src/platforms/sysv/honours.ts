/** The options SysV init honours (an allow-list: every other option set is refused, see ../support.ts). */
import type { Support } from '../platform.js';
import { PROGRAM } from '../shared/honours.js';

const NO_SUPERVISOR = "SysV init has no supervisor: a service that exits stays down (use restart 'no')";

export const support: Support = {
  honours: {
    ...PROGRAM,
    displayName: true,
    description: true,
    chroot: true,
    environmentFile: true,
    groupName: true,
    userService: { values: ['false'] },
    enabled: { values: ['true', 'false'], unrendered: 'install makes the rc links, or not' },
    dependencies: true,
    restart: { values: ['no'], unrendered: 'SysV init runs a service once whatever restart says' },
    stopTimeoutSec: true,
    killSignal: true,
    nice: true,
    reloadSignal: true,
    logOutput: { values: ['true'], unrendered: 'the output always goes to LOGDIR/NAME.log' },
    logDirectory: true,
    template: true,
    'templates.sysv': true,
    'limits.openFiles': true,
    'limits.processes': true,
    'systemd.type': { values: ['notify', 'exec'] },
    'systemd.limitNOFILE': true,
  },
  why: {
    'systemd.type=simple': 'start-stop-daemon starts the program the same way for simple and exec: use exec',
    'userService=true': 'no per-user services (they need systemd or launchd)',
    restart: NO_SUPERVISOR,
    restartSec: NO_SUPERVISOR,
    successExitStatus: NO_SUPERVISOR,
    'systemd.startLimitIntervalSec': NO_SUPERVISOR,
    'systemd.startLimitBurst': NO_SUPERVISOR,
    'systemd.watchdogSec': 'SysV init has no watchdog',
    pidFile: 'start-stop-daemon writes the PID file itself',
    'logOutput=false': 'there is no journal: the output always goes to LOGDIR/NAME.log',
  },
};
