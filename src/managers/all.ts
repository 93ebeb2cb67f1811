/**
 * Every manager (and the Windows service dispatcher), as one module that src/managers/index.ts and
 * Service.run() load on first use: one chunk in the bundle, where a module of its own would cut the
 * code shared with the entry into more files to load at import.
 */
export { SystemdManager } from './systemd/systemd.js';
export { LaunchdManager } from './launchd/launchd.js';
export { UpstartManager } from './upstart/upstart.js';
export { OpenrcManager } from './openrc/openrc.js';
export { SysvManager } from './sysv/sysv.js';
export { WindowsManager } from './windows/windows.js';
export { realHost } from '../sys/host.js';
export { runWindows, applyServiceEnvironment } from '../run/windows.js';
