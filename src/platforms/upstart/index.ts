/** The Upstart platform: detected by `initctl --version`; jobs are children of init; syslog. */
import type { PlatformRecord } from '../platform.js';
import { onPath } from '../probe.js';
import { sdNotifier } from '../shared/sd-notify.js';
import { syslogLogger } from '../shared/syslog.js';

export const upstart: PlatformRecord = {
  id: 'linux-upstart',
  paths: 'posix',
  onOs: (os) => os === 'linux',
  running: (probe) => onPath(probe, 'initctl') && /upstart/i.test(probe.run('initctl', ['--version']) ?? ''),
  startedThisProcess: (probe) => probe.ppid === 1,
  manager: async (host) => new (await import('./manager.js')).UpstartManager(host),
  systemLogger: syslogLogger,
  notifier: (env) => sdNotifier(env),
};
