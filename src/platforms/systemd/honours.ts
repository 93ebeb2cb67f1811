/** The options systemd honours (an allow-list: every other option set is refused, see ../support.ts). */
import type { Support } from '../platform.js';
import { PROGRAM } from '../shared/honours.js';

export const support: Support = {
  honours: {
    ...PROGRAM,
    displayName: true,
    description: true,
    chroot: true,
    environmentFile: true,
    groupName: true,
    userService: { values: ['true', 'false'] },
    linger: { unrendered: 'install turns lingering on (loginctl enable-linger)' },
    enabled: { values: ['true', 'false'], unrendered: 'install enables the unit, or not' },
    dependencies: true,
    unitDependencies: true,
    restart: { values: ['always', 'on-failure', 'no', 'on-success', 'on-abnormal', 'on-abort', 'on-watchdog'] },
    restartSec: true,
    successExitStatus: true,
    stopTimeoutSec: true,
    killSignal: true,
    nice: true,
    reloadSignal: true,
    pidFile: true,
    logOutput: { values: ['true', 'false'] },
    logDirectory: { when: { logOutput: true } },
    template: true,
    'templates.systemd': true,
    'limits.memoryMax': true,
    'limits.cpuQuota': true,
    'limits.openFiles': true,
    'limits.processes': true,
    'systemd.type': { values: ['notify', 'exec', 'simple'] },
    'systemd.limitNOFILE': true,
    'systemd.startLimitIntervalSec': true,
    'systemd.startLimitBurst': true,
    'systemd.watchdogSec': true,
  },
  why: {
    logDirectory: 'without logOutput the output goes to the journal: set logOutput too',
  },
};
