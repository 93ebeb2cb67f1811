/** The Solaris / illumos SMF platform: detected by svc.startd's tools; started services carry SMF_FMRI; syslog. */
import type { PlatformRecord } from '../platform.js';
import { syslogLogger } from '../shared/syslog.js';

export const smf: PlatformRecord = {
  id: 'solaris-smf',
  paths: 'posix',
  onOs: (os) => os === 'sunos',
  running: (probe) => probe.exists('/usr/bin/svcs') && probe.exists('/usr/sbin/svcadm'),
  // svc.startd sets SMF_FMRI (and SMF_METHOD) in every method it runs.
  startedThisProcess: (probe) => probe.env['SMF_FMRI'] !== undefined && probe.env['SMF_METHOD'] === 'start',
  manager: async (host) => new (await import('./manager.js')).SmfManager(host),
  systemLogger: syslogLogger,
  notifier: () => undefined,
};
