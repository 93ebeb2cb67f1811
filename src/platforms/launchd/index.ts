/** The launchd platform (macOS): jobs are children of launchd (PID 1); syslog; no readiness protocol. */
import type { PlatformRecord } from '../platform.js';
import { launchdSockets } from './sockets.js';
import { parentComm } from '../probe.js';
import { syslogLogger } from '../shared/syslog.js';

export const launchd: PlatformRecord = {
  id: 'darwin-launchd',
  paths: 'posix',
  onOs: (os) => os === 'darwin',
  running: (probe) => probe.platform === 'darwin',
  startedThisProcess: (probe) => probe.ppid === 1 || parentComm(probe) === 'launchd',
  manager: async (host, env) => new (await import('./manager.js')).LaunchdManager(host, env),
  systemLogger: syslogLogger,
  notifier: () => undefined,
  heldSockets: (given) => launchdSockets(given),
};
