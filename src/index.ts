/**
 * servicekit: turn a program into a native OS service with one API.
 *
 *   const svc = createService({ start() {…}, stop() {…} }, { name: 'my-app' });
 *   if (process.argv[2] === 'install') await svc.install({ start: true }); else await svc.run();
 */
import type { Config } from './config.js';
import { InvalidArgumentError } from './errors.js';
import type { Program } from './run/run.js';
import { Service, type ServiceOptions } from './service.js';
import { availableSystems, chooseSystem, chosenSystem, currentPlatform, interactiveCached } from './system.js';
import { prepareServiceProcess } from './run/windows-env.js';

// Under the Windows SCM only: leave System32 for the configured working directory (and apply the
// configured environment where the SCM did not), before the program's own code runs. A no-op
// everywhere else.
prepareServiceProcess();

export type { Config, RestartPolicy, SystemdOptions, LaunchdOptions, WindowsOptions, WindowsStartType, ResolvedConfig } from './config.js';
export { resolveConfig, validateName } from './config.js';
export * from './errors.js';
export type { Logger, Level } from './log/logger.js';
export type { Platform, ServiceState, StatusDetail, RenderedFile, InstallOptions, LogOptions } from './managers/manager.js';
export type { Program, RunOptions } from './run/run.js';
export { Service, type Status, type ServiceOptions } from './service.js';
export { availableSystems, chooseSystem, chosenSystem };

/** Bind a program (start/stop callbacks; null for control-only use) to a service config. */
export function createService(program: Program<Service> | null, config: Config, options?: ServiceOptions): Service {
  return new Service(program, config, options);
}

/** True when run by a person, false when started by a service manager. */
export function interactive(): boolean {
  return interactiveCached();
}

/** The platform in use, e.g. "linux-systemd". Throws NoServiceSystemError when none is detected. */
export function platform(): string {
  return currentPlatform();
}

export type ControlAction = 'start' | 'stop' | 'restart' | 'install' | 'uninstall';
export const CONTROL_ACTIONS: readonly ControlAction[] = ['start', 'stop', 'restart', 'install', 'uninstall'];

/** Run one of the five control actions by name (e.g. from a command-line argument). */
export async function control(service: Service, action: string): Promise<void> {
  switch (action) {
    case 'start':
      return service.start();
    case 'stop':
      return service.stop();
    case 'restart':
      return service.restart();
    case 'install':
      return service.install();
    case 'uninstall':
      return service.uninstall();
    default:
      throw new InvalidArgumentError(`unknown action ${JSON.stringify(action)}; valid actions: ${CONTROL_ACTIONS.join(', ')}`);
  }
}
