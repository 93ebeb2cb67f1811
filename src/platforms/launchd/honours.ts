/** The options launchd honours (an allow-list: every other option set is refused, see ../support.ts). */
import type { Support } from '../platform.js';
import { PROGRAM } from '../shared/honours.js';

const THROTTLE = 'launchd throttles restarts with ThrottleInterval (restartSec) only';

export const support: Support = {
  honours: {
    ...PROGRAM,
    credentials: true,
    displayName: { unrendered: 'a launchd job has a label, no display name' },
    description: { unrendered: 'a launchd job has a label, no description' },
    chroot: true,
    environmentFile: true,
    groupName: true,
    userService: { values: ['true', 'false'] },
    enabled: { values: ['true'], unrendered: 'a loaded job is enabled' },
    restart: { values: ['always', 'on-failure', 'no', 'on-success'] },
    restartSec: true,
    stopTimeoutSec: true,
    nice: true,
    logOutput: { values: ['true'], unrendered: 'launchd writes the output to files (StandardOutPath)' },
    logDirectory: true,
    template: true,
    'templates.launchd': true,
    'limits.openFiles': true,
    'limits.processes': true,
    'systemd.limitNOFILE': true,
    'launchd.runAtLoad': true,
    'launchd.sessionCreate': true,
    'launchd.keepAlive': true,
  },
  why: {
    dependencies: 'launchd has no dependencies between jobs',
    linger: "a LaunchAgent lives in its user's login session; for a job without a login, install a daemon with userName",
    pidFile: 'launchd tracks the process itself',
    successExitStatus: 'KeepAlive { SuccessfulExit } knows exit 0 only',
    reloadSignal: 'launchd has no reload command',
    'logOutput=false': 'launchd writes the output to files (StandardOutPath), there is no journal',
    'systemd.type': 'launchd has no readiness protocol',
    'systemd.watchdogSec': 'launchd has no watchdog',
    'systemd.startLimitIntervalSec': THROTTLE,
    'systemd.startLimitBurst': THROTTLE,
    killSignal: 'launchd stops a job with SIGTERM, then SIGKILL after ExitTimeOut',
    restart: 'KeepAlive knows clean and unclean exits only: use always, on-failure, on-success or no',
    'enabled=false': 'a disabled launchd job cannot be loaded or started: install it, then disable it',
  },
};
