/**
 * What every platform honours of the program itself: its name, the command, where it runs and as
 * whom, its environment, the addresses it listens on (in its environment, SERVICEKIT_LISTEN). Each platform's honours.ts spreads this and lists the rest one by one
 * (the options test renders each with and without, on every platform).
 */
import type { Support } from '../platform.js';

export const PROGRAM: Support['honours'] = {
  name: true,
  executable: true,
  arguments: true,
  workingDirectory: true,
  env: true,
  userName: true,
  // Held by systemd and launchd; elsewhere sockets() binds them in the program (a restart then refuses connections while it lasts).
  listen: true,
};

/**
 * What the script-based managers (SysV, OpenRC, Upstart) honour alike: a system service (no user
 * services) whose output always goes to LOGDIR/NAME.log (no journal), in a script that sets its
 * account, group, root directory, limits, stop and reload signals and priority; and why they refuse
 * what none of them can do.
 */
export const SCRIPTED: Support = {
  honours: {
    displayName: true,
    description: true,
    chroot: true,
    environmentFile: true,
    groupName: true,
    userService: { values: ['false'] },
    dependencies: true,
    stopTimeoutSec: true,
    killSignal: true,
    nice: true,
    reloadSignal: true,
    logOutput: { values: ['true'], unrendered: 'the output always goes to LOGDIR/NAME.log' },
    logDirectory: true,
    template: true,
    'limits.openFiles': true,
    'limits.processes': true,
    'systemd.limitNOFILE': true,
  },
  why: {
    'userService=true': 'no per-user services (they need systemd or launchd)',
    'logOutput=false': 'there is no journal: the output always goes to LOGDIR/NAME.log',
  },
};

/** start-stop-daemon (SysV, OpenRC without a supervisor) waits for READY=1 or for nothing. */
export const START_STOP_DAEMON_WHY: Support['why'] = {
  'systemd.type=simple': 'start-stop-daemon starts the program the same way for simple and exec: use exec',
};
