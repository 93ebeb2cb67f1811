/** The options SysV init honours (an allow-list: every other option set is refused, see ../support.ts). */
import type { Support } from '../platform.js';
import { PROGRAM, SCRIPTED, START_STOP_DAEMON_WHY } from '../shared/honours.js';

const NO_SUPERVISOR = "SysV init has no supervisor: a service that exits stays down (use restart 'no')";

export const support: Support = {
  honours: {
    ...PROGRAM,
    ...SCRIPTED.honours,
    enabled: { values: ['true', 'false'], unrendered: 'install makes the rc links, or not' },
    restart: { values: ['no'], unrendered: 'SysV init runs a service once whatever restart says' },
    'templates.sysv': true,
    'systemd.type': { values: ['notify', 'exec'] },
    hardening: { values: ['none', 'standard', 'strict'] },
    credentials: true,
  },
  why: {
    ...SCRIPTED.why,
    ...START_STOP_DAEMON_WHY,
    restart: NO_SUPERVISOR,
    restartSec: NO_SUPERVISOR,
    successExitStatus: NO_SUPERVISOR,
    'systemd.startLimitIntervalSec': NO_SUPERVISOR,
    'systemd.startLimitBurst': NO_SUPERVISOR,
    'systemd.watchdogSec': 'SysV init has no watchdog',
    pidFile: 'start-stop-daemon writes the PID file itself',
  },
};
