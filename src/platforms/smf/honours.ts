/** The options SMF honours (an allow-list: every other option set is refused, see ../support.ts). */
import type { Support } from '../platform.js';
import { PROGRAM } from '../shared/honours.js';

const RESTARTS = 'svc.startd restarts a child service whenever it exits (restart always)';
const RATE_LIMIT = 'svc.startd has its own restart rate limit (maintenance after repeated fast failures)';
const LOG = 'svc.startd writes the output to /var/svc/log/PREFIX-NAME:default.log';

export const support: Support = {
  honours: {
    ...PROGRAM,
    credentials: true,
    displayName: true,
    description: true,
    groupName: true,
    userService: { values: ['false'] },
    enabled: { values: ['true', 'false'], unrendered: 'install imports the instance disabled; start enables it' },
    dependencies: true,
    restart: { values: ['always'], unrendered: RESTARTS },
    stopTimeoutSec: true,
    killSignal: true,
    reloadSignal: true,
    logOutput: { values: ['false'], unrendered: LOG },
    'smf.prefix': true,
  },
  why: {
    'userService=true': 'SMF has no per-user services',
    linger: 'SMF has no per-user services',
    environmentFile: 'the values would be written into the repository, where every user reads them with svcprop',
    chroot: 'a method context has no root directory',
    nice: 'a method context has no scheduling priority (that belongs to projects and resource pools)',
    restartSec: 'svc.startd restarts at once: it has no restart delay',
    restart: RESTARTS,
    successExitStatus: RESTARTS,
    pidFile: 'svc.startd tracks the process by its contract',
    'logOutput=true': LOG,
    logDirectory: LOG,
    template: 'no template for SMF manifests (the Go library has none either)',
    'systemd.type': 'SMF has no readiness protocol: a child service is online once its program runs',
    'systemd.watchdogSec': 'SMF has no watchdog',
    'systemd.startLimitIntervalSec': RATE_LIMIT,
    'systemd.startLimitBurst': RATE_LIMIT,
    'systemd.limitNOFILE': 'not written into the manifest',
    'limits.memoryMax': 'SMF has no per-service resource limits (resource controls belong to projects and zones)',
    'limits.cpuQuota': 'SMF has no per-service resource limits (resource controls belong to projects and zones)',
    'limits.openFiles': 'SMF has no per-service resource limits (resource controls belong to projects and zones)',
    'limits.processes': 'SMF has no per-service resource limits (resource controls belong to projects and zones)',
  },
};
