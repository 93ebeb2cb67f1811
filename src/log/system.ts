/**
 * Platform -> system logger: the journal under systemd, syslog(3) on SysV, OpenRC, Upstart and
 * launchd, the Event Log under the Windows SCM. Kept out of the managers so that a logger is
 * available synchronously, without loading any manager's code.
 */
import type { Platform } from '../managers/manager.js';
import { eventLogLogger } from './eventlog.js';
import { journaldLogger } from './journald.js';
import type { Logger } from './logger.js';
import { syslogLogger } from './syslog.js';

export function systemLoggerFor(platform: Platform, name: string, onError?: (e: unknown) => void): Logger {
  switch (platform) {
    case 'linux-systemd':
      return journaldLogger(name, onError);
    case 'windows-service':
      return eventLogLogger(name, onError);
    case 'linux-upstart':
    case 'linux-openrc':
    case 'unix-systemv':
    case 'darwin-launchd':
      return syslogLogger(name, onError);
  }
}
