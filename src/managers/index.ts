/**
 * Platform -> manager: the one place that maps a platform to its class. The managers (./all.ts,
 * one chunk in the bundle) are loaded when a service first needs one, so importing servicekit
 * parses none of them (see the load figure in bench/).
 */
import { UnsupportedError } from '../errors.js';
import type { Host } from '../sys/host.js';
import type { Platform, ServiceManager } from './manager.js';

/** Platforms with a manager in this build. */
export const IMPLEMENTED: readonly Platform[] = ['linux-systemd', 'linux-upstart', 'linux-openrc', 'unix-systemv', 'darwin-launchd', 'windows-service'];

export async function loadManager(platform: Platform, host: Host, env: NodeJS.ProcessEnv = process.env): Promise<ServiceManager> {
  const m = await import('./all.js');
  switch (platform) {
    case 'linux-systemd':
      return new m.SystemdManager(host, env);
    case 'darwin-launchd':
      return new m.LaunchdManager(host, env);
    case 'linux-upstart':
      return new m.UpstartManager(host);
    case 'linux-openrc':
      return new m.OpenrcManager(host);
    case 'unix-systemv':
      return new m.SysvManager(host);
    case 'windows-service':
      return new m.WindowsManager();
    default:
      throw new UnsupportedError(`the ${platform} service manager is not implemented yet`);
  }
}
