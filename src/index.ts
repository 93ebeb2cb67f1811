/**
 * servicekit: turn a program into a native OS service with one API. This module is the public API
 * (what the README documents), nothing more.
 *
 *   const svc = createService({ start() {…}, stop() {…} }, { name: 'my-app' });
 *   if (process.argv[2] === 'install') await svc.install({ start: true }); else await svc.run();
 */
import type { ApplyOptions, ApplyResult } from './apply.js';
import type { Config } from './config.js';
import { InvalidArgumentError, UnsupportedError } from './errors.js';
import { availableSystems, chooseSystem, chosenSystem, currentPlatform, interactiveCached, prepareProcess, recordOf } from './platforms.js';
import type { Platform, StatusDetail } from './platforms/platform.js';
import type { Program } from './run/run.js';
import { Service, type ServiceOptions } from './service.js';

// In a process a service manager started (the Windows SCM today): apply what the manager could not
// (working directory, environment) before the program's own code runs. A no-op everywhere else.
prepareProcess();

export type { Config, Duration, Limits, ResolvedConfig, RestartPolicy, SystemdOptions, LaunchdOptions, WindowsOptions, WindowsStartType, SmfOptions, Template, Templates, TemplateVars } from './config.js';
export type { ResolvedWindowsOptions, WindowsOnFailure } from './options/windows.js';
export type { ResolvedLimits } from './options/limits.js';
export type { ResolvedLaunchdOptions } from './options/launchd.js';
export type { ResolvedSmfOptions } from './options/smf.js';
export type { ResolvedSystemdOptions } from './options/systemd.js';
/** Every option's declaration (doc, flag, schema): what the CLI, the apply schema and the docs are made from. */
export { OPTIONS, hasFlag, mergeConfig, type CheckContext, type Flag, type FlagContext, type NoFlag, type OptionDecl, type OptionKey, type Schema } from './options/index.js';
export * from './errors.js';
export type { Logger, Level } from './log/logger.js';
export { consoleLogger } from './log/logger.js';
export type { AdoptOptions, AdoptResult, Diagnosis, Platform, ServiceState, StatusDetail, Usage, RenderedFile, FileChange, Plan, StoredState, InstallOptions, InstallResult, LogOptions, UninstallOptions, UninstallResult, UpdateOptions, UpdateResult, WatchOptions } from './platforms/platform.js';
export type { Program, RunOptions } from './run/run.js';
export { sockets } from './run/sockets.js';
export type { SocketTarget } from './listen.js';
export type { Service, Status, ServiceOptions } from './service.js';
export { availableSystems, chooseSystem, chosenSystem };

/** Bind a program (start/stop callbacks; null for control-only use) to a service config. */
export function createService(program: Program<Service> | null, config: Config, options?: ServiceOptions): Service {
  return new Service(program, config, options);
}

export type { ApplyAction, ApplyEntry, ApplyOptions, ApplyResult, Manifest } from './apply.js';

/**
 * Make the installed services of a scope what a manifest (`{ services: [Config, …] }`) says: install
 * what is missing (and start it), update what differs, leave the rest; with `prune`, uninstall
 * servicekit's own services it does not list; with `dryRun`, only say so. All are checked and
 * planned before anything changes; a failure is reported for its service.
 */
export async function apply(manifest: unknown, opts?: ApplyOptions): Promise<ApplyResult> {
  return (await import('./apply.js')).apply(manifest, opts);
}

/**
 * Read a manifest file (JSON, or a module's default export); as root, only a file no other account
 * can change. A pm2 ecosystem file (`{ apps: [...] }`) is read as a manifest, `envProfile` choosing
 * its env_NAME (pm2's --env NAME).
 */
export async function loadManifest(file: string, opts: { envProfile?: string } = {}): Promise<unknown> {
  const m = await import('./apply.js');
  return m.loadManifest(file, undefined, opts.envProfile);
}

/** True when run by a person, false when started by a service manager. */
export function interactive(): boolean {
  return interactiveCached();
}

/** The platform in use, e.g. "linux-systemd". Throws NoServiceSystemError when none is detected. */
export function platform(): Platform {
  return currentPlatform();
}

export interface ListOptions {
  /** The installing user's services (systemd --user, launchd agents) instead of the system's. */
  userService?: boolean;
  /** A platform other than the detected or chosen one. */
  platform?: Platform;
  /** The environment (HOME, XDG_CONFIG_HOME place user services). Default process.env. */
  env?: NodeJS.ProcessEnv;
}

/**
 * The services servicekit installed (found by the mark in their files, or on Windows in their
 * registry key), with state, PID and whether they start at boot; sorted by name. Other services
 * are not listed. One manager query where the manager allows it (systemd, the Windows SCM).
 */
export async function listServices(opts: ListOptions = {}): Promise<StatusDetail[]> {
  const mgr = await recordOf(opts.platform ?? currentPlatform()).manager(undefined, opts.env ?? process.env);
  return mgr.list(opts.userService ?? false);
}

export type ControlAction = 'start' | 'stop' | 'restart' | 'install' | 'uninstall';
export const CONTROL_ACTIONS: readonly ControlAction[] = ['start', 'stop', 'restart', 'install', 'uninstall'];

/**
 * servicekit's host (Windows): run the installed service `name`'s program as this process's child,
 * as its service — what a Windows service whose program is not Node runs (`servicekit host NAME`).
 * Resolves when the service has stopped. Refused where the manager runs programs itself.
 */
export async function host(name: string): Promise<void> {
  const record = recordOf(currentPlatform());
  if (!record.host) throw new UnsupportedError(`${record.id} runs programs itself: there is no host`);
  await record.host(name);
}

/** Run one of the five control actions by name (e.g. from a command-line argument). */
export async function control(service: Service, action: string): Promise<void> {
  if (!(CONTROL_ACTIONS as readonly string[]).includes(action)) {
    throw new InvalidArgumentError(`unknown action ${JSON.stringify(action)}; valid actions: ${CONTROL_ACTIONS.join(', ')}`);
  }
  await service[action as ControlAction]();
}
