/** The options OpenRC honours (an allow-list: every other option set is refused, see ../support.ts). */
import type { Support } from '../platform.js';
import { PROGRAM, SCRIPTED, START_STOP_DAEMON_WHY } from '../shared/honours.js';

const RESPAWNS = "supervise-daemon restarts on any exit, clean or not: use restart 'always' or 'no'";
const NO_SUPERVISOR = "without a supervisor (restart 'no') nothing restarts the service";

export const support: Support = {
  honours: {
    ...PROGRAM,
    ...SCRIPTED.honours,
    enabled: { values: ['true', 'false'], unrendered: 'install adds it to the default runlevel, or not' },
    restart: { values: ['always', 'no'] },
    restartSec: { when: { restart: 'always' } },
    'templates.openrc': true,
    // supervise-daemon has no readiness protocol; start-stop-daemon (restart 'no') --notify-awaits READY=1.
    'systemd.type': { values: ['notify', 'exec'], when: { restart: 'no' } },
    hardening: { values: ['none', 'standard', 'strict'] },
    credentials: true,
    'systemd.startLimitIntervalSec': { when: { restart: 'always' } },
    'systemd.startLimitBurst': { when: { restart: 'always' } },
  },
  why: {
    ...SCRIPTED.why,
    ...START_STOP_DAEMON_WHY,
    restart: RESPAWNS,
    restartSec: NO_SUPERVISOR,
    'systemd.startLimitIntervalSec': NO_SUPERVISOR,
    'systemd.startLimitBurst': NO_SUPERVISOR,
    'systemd.type': "supervise-daemon cannot wait for READY=1: readiness needs restart 'no' (start-stop-daemon --notify-await)",
    successExitStatus: 'supervise-daemon cannot tell exit codes apart',
    pidFile: 'supervise-daemon and start-stop-daemon write the PID file themselves',
    'systemd.watchdogSec': 'OpenRC has no watchdog',
  },
};
