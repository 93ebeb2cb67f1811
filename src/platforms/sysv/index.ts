/** The SysV init platform: the fallback on Linux and the choice on other Unixes with /etc/init.d. */
import type { PlatformRecord } from '../platform.js';
import { sdNotifier } from '../shared/sd-notify.js';
import { syslogLogger } from '../shared/syslog.js';

export const sysv: PlatformRecord = {
  id: 'unix-systemv',
  paths: 'posix',
  onOs: (os) => os !== 'darwin' && os !== 'win32',
  running: (probe) => probe.exists('/etc/init.d'),
  // start-stop-daemon --background detaches the daemon: its parent is PID 1.
  startedThisProcess: (probe) => probe.ppid === 1,
  manager: async (host) => new (await import('./manager.js')).SysvManager(host),
  systemLogger: syslogLogger,
  // start-stop-daemon --notify-await sets NOTIFY_SOCKET and waits for READY=1.
  notifier: (env) => sdNotifier(env),
};
