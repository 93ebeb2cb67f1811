/** The options the Windows SCM honours (an allow-list: every other option set is refused, see ../support.ts). */
import type { Support } from '../platform.js';
import { PROGRAM } from '../shared/honours.js';

export const support: Support = {
  honours: {
    ...PROGRAM,
    displayName: true,
    description: true,
    userService: { values: ['false'] },
    enabled: { values: ['true', 'false'] },
    dependencies: true,
    restart: { values: ['always', 'on-failure', 'no'] },
    restartSec: true,
    stopTimeoutSec: { unrendered: "run() bounds the program's stop with it; stop waits that long for STOPPED" },
    logOutput: true,
    environmentFile: true,
    // Copied at install and update into the service's own directory (credentials.ts), its path in the environment.
    credentials: true,
    logDirectory: true,
    'windows.startType': true,
    'windows.delayedAutoStart': true,
    'windows.password': { unrendered: 'given to CreateServiceW only, never written' },
    'windows.onFailure': true,
    'windows.onFailureDelaySec': true,
    'windows.onFailureResetPeriodSec': true,
    'windows.interactive': true,
    // standard: the service SID type; strict: also the virtual account NT SERVICE\NAME (no userName) and only SeChangeNotifyPrivilege.
    hardening: { values: ['none', 'standard', 'strict'] },
  },
  why: {
    'userService=true': 'Windows services are machine-wide',
    chroot: 'Windows has no chroot',
    groupName: 'a Windows service runs as an account, not a group',
    killSignal: 'Windows has no signals: the SCM sends SERVICE_CONTROL_STOP',
    nice: 'the Service Control Manager sets no priority (the priority class of a job object would be needed)',
    pidFile: 'the Service Control Manager tracks the process itself',
    reloadSignal: 'Windows has no signals to send on reload',
    restart: "the Service Control Manager's recovery actions and servicekit's host restart always, on a failure, or never",
    successExitStatus: 'the Service Control Manager reports exit codes, it does not filter them',
    linger: 'Windows services are machine-wide',
    template: 'the Service Control Manager has no service file to template',
    'limits.memoryMax': 'the Service Control Manager sets no resource limits (a job object would be needed)',
    'limits.cpuQuota': 'the Service Control Manager sets no resource limits (a job object would be needed)',
    'limits.openFiles': 'Windows has no limit on open files per process',
    'limits.processes': 'the Service Control Manager sets no resource limits (a job object would be needed)',
    'systemd.type': 'run() reports RUNNING to the SCM itself; other programs are running once started',
    'systemd.limitNOFILE': 'Windows has no limit on open files per process',
    'systemd.startLimitIntervalSec': 'the recovery actions have their own reset period (windows.onFailureResetPeriodSec)',
    'systemd.startLimitBurst': 'the recovery actions have their own reset period (windows.onFailureResetPeriodSec)',
    'systemd.watchdogSec': 'the Service Control Manager has no watchdog',
  },
};
