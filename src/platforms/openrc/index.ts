/** The OpenRC platform: detection, supervise-daemon as the parent, syslog, sd_notify through start-stop-daemon. */
import type { PlatformRecord } from '../platform.js';
import { onPath, parentComm } from '../probe.js';
import { sdNotifier } from '../shared/sd-notify.js';
import { syslogLogger } from '../shared/syslog.js';

export const openrc: PlatformRecord = {
  id: 'linux-openrc',
  paths: 'posix',
  onOs: (os) => os === 'linux',
  running: (probe) =>
    onPath(probe, 'openrc-init') || (onPath(probe, 'openrc') && /openrc/.test(probe.read('/etc/inittab') ?? '')) || probe.exists('/run/openrc/softlevel'),
  // /proc/PID/comm is cut to 15 characters: supervise-daemon reads "supervise-daemo". Unsupervised
  // daemons (restart "no") are started by start-stop-daemon and re-parented to PID 1.
  startedThisProcess: (probe) => probe.ppid === 1 || Boolean(parentComm(probe)?.startsWith('supervise-daemo')),
  manager: async (host) => new (await import('./manager.js')).OpenrcManager(host),
  systemLogger: syslogLogger,
  notifier: (env) => sdNotifier(env),
};
