/** The options OpenRC honours (an allow-list: every other option set is refused, see ../support.ts). */
import type { Support } from '../platform.js';
import { PROGRAM } from '../shared/honours.js';

const RESPAWNS = "supervise-daemon restarts on any exit, clean or not: use restart 'always' or 'no'";

export const support: Support = {
  honours: {
    ...PROGRAM,
    displayName: true,
    description: true,
    chroot: true,
    environmentFile: true,
    groupName: true,
    userService: { values: ['false'] },
    enabled: { values: ['true', 'false'], unrendered: 'install adds it to the default runlevel, or not' },
    dependencies: true,
    restart: { values: ['always', 'no'] },
    restartSec: { when: { restart: 'always' } },
    stopTimeoutSec: true,
    killSignal: true,
    nice: true,
    reloadSignal: true,
    logOutput: { values: ['true'], unrendered: 'the output always goes to LOGDIR/NAME.log' },
    logDirectory: true,
    template: true,
    'templates.openrc': true,
    'limits.openFiles': true,
    'limits.processes': true,
    // supervise-daemon has no readiness protocol; start-stop-daemon (restart 'no') --notify-awaits READY=1.
    'systemd.type': { values: ['notify', 'exec'], when: { restart: 'no' } },
    'systemd.limitNOFILE': true,
    'systemd.startLimitIntervalSec': { when: { restart: 'always' } },
    'systemd.startLimitBurst': { when: { restart: 'always' } },
  },
  why: {
    'systemd.type=simple': 'start-stop-daemon starts the program the same way for simple and exec: use exec',
    'userService=true': 'no per-user services (they need systemd or launchd)',
    restart: RESPAWNS,
    restartSec: "without a supervisor (restart 'no') nothing restarts the service",
    'systemd.startLimitIntervalSec': "without a supervisor (restart 'no') nothing restarts the service",
    'systemd.startLimitBurst': "without a supervisor (restart 'no') nothing restarts the service",
    'systemd.type': "supervise-daemon cannot wait for READY=1: readiness needs restart 'no' (start-stop-daemon --notify-await)",
    successExitStatus: 'supervise-daemon cannot tell exit codes apart',
    pidFile: 'supervise-daemon and start-stop-daemon write the PID file themselves',
    'logOutput=false': 'there is no journal: the output always goes to LOGDIR/NAME.log',
    'systemd.watchdogSec': 'OpenRC has no watchdog',
  },
};
