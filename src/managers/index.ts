/** Platform -> manager: the one place that maps a platform to its module. */
import { UnsupportedError } from '../errors.js';
import type { Host } from '../sys/host.js';
import type { Platform, ServiceManager } from './manager.js';
import { SystemdManager } from './systemd/systemd.js';
import { SysvManager } from './sysv/sysv.js';
import { OpenrcManager } from './openrc/openrc.js';
import { UpstartManager } from './upstart/upstart.js';
import { LaunchdManager } from './launchd/launchd.js';
import { WindowsManager } from './windows/windows.js';

/** Platforms with a manager in this build. */
export const IMPLEMENTED: readonly Platform[] = ['linux-systemd', 'linux-upstart', 'linux-openrc', 'unix-systemv', 'darwin-launchd', 'windows-service'];

export function createManager(platform: Platform, host: Host, env: NodeJS.ProcessEnv = process.env): ServiceManager {
  switch (platform) {
    case 'linux-systemd':
      return new SystemdManager(host, env);
    case 'darwin-launchd':
      return new LaunchdManager(host, env);
    case 'linux-upstart':
      return new UpstartManager(host);
    case 'linux-openrc':
      return new OpenrcManager(host);
    case 'unix-systemv':
      return new SysvManager(host);
    case 'windows-service':
      return new WindowsManager();
    default:
      throw new UnsupportedError(`the ${platform} service manager is not implemented yet`);
  }
}
