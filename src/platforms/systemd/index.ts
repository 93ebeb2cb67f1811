/** The systemd platform: detection, the interactive check, journald, sd_notify; the manager loads on first use. */
import type { PlatformRecord } from '../platform.js';
import { systemdSockets } from './listen-fds.js';
import { parentComm } from '../probe.js';
import { sdNotifier } from '../shared/sd-notify.js';
import { journaldLogger, stderrIsJournal } from './journald.js';

export const systemd: PlatformRecord = {
  id: 'linux-systemd',
  paths: 'posix',
  onOs: (os) => os === 'linux',
  running: (probe) => probe.exists('/run/systemd/system') || probe.read('/proc/1/comm')?.trim() === 'systemd',
  // A child of the system or user manager, stderr on the journal stream (even under a wrapper), or
  // systemd's own invocation variables.
  startedThisProcess: (probe) =>
    parentComm(probe) === 'systemd' || stderrIsJournal(probe) || Boolean(probe.env['INVOCATION_ID'] && probe.env['NOTIFY_SOCKET']),
  manager: async (host, env) => new (await import('./manager.js')).SystemdManager(host, env),
  systemLogger: journaldLogger,
  notifier: (env) => sdNotifier(env),
  heldSockets: (given) => systemdSockets(given),
};
