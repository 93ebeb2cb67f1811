/**
 * What every platform provides. A platform record (src/platforms/NAME/index.ts) owns everything
 * about one service manager: detection, the interactive check, the manager (its code loaded on
 * first use), the service side, the system logger and the readiness notifier. Nothing outside a
 * platform's folder tests a platform name.
 */
import type { Config, ResolvedConfig } from '../config.js';
import type { OptionKey } from '../options/index.js';
import type { SocketTarget } from '../listen.js';
import type { Logger } from '../log/logger.js';
import type { Notifier, RunContext, RunOptions } from '../run/run.js';
import type { Host } from '../sys/host.js';
import type { HeldLock } from '../sys/lock.js';
import type { Probe } from './probe.js';

export type Platform =
  | 'linux-systemd'
  | 'linux-upstart'
  | 'linux-openrc'
  | 'unix-systemv'
  | 'darwin-launchd'
  | 'windows-service'
  | 'solaris-smf';

/** Fine-grained state. `status()` on a Service folds it into running | stopped | unknown. */
/** `restarting`: crashed and waiting to be started again by the manager (systemd's auto-restart). */
export type ServiceState = 'running' | 'stopped' | 'failed' | 'starting' | 'restarting' | 'stopping' | 'not-installed' | 'unknown';

export interface StatusDetail {
  name: string;
  platform: Platform;
  state: ServiceState;
  pid?: number;
  enabled?: boolean;
  /** Why a failed service ended, in words, where the manager's status says (Windows: its exit code and what it means). */
  cause?: string;
  /** What the running program uses, as `pm2 list` shows it, where the manager or the OS tells (each part may be missing). */
  usage?: Usage;
  /** A service of several processes (instances): each one's status (name NAME@N), in order; the service's state is running when all run. */
  instances?: StatusDetail[];
  /** The manager's own words, e.g. { ActiveState: 'active', SubState: 'running' } for systemd. */
  raw: Record<string, string>;
}

/** A running program's resources at the moment of the status. */
export interface Usage {
  /** Resident memory (systemd: the unit's cgroup, MemoryCurrent, where its accounting is on; else the main process's). */
  memoryBytes?: number;
  /** CPU time used so far, user and system (systemd: the whole unit's, CPUUsageNSec, where accounted; else the main process's). */
  cpuSeconds?: number;
  /** How long the program has been running. */
  uptimeSeconds?: number;
}

/**
 * A config with what it refers to on this host read in: the variables of its environment files, for
 * the managers that write values into their definitions (systemd reads the files itself). Only a
 * manager's prepare() makes one, so a renderer cannot be given a config whose files were not read.
 */
export interface PreparedConfig extends ResolvedConfig {
  readonly fileEnv: Readonly<Record<string, string>>;
  /** Where the manager keeps copies of the credentials (launchd, SMF: made at install and update), when there are any: $CREDENTIALS_DIRECTORY. */
  readonly credentialsDirectory?: string;
}

/** The configuration stored with a service at install or its last update (shared/state.ts writes and reads it). */
export interface StoredState {
  config: Config;
  /** False when something of the config could not be stored (a template function). */
  complete: boolean;
}

/** A file that install would write. */
export interface RenderedFile {
  path: string;
  content: string;
  mode: number;
}

export interface InstallOptions {
  /** Start the service once installed, and fail (rolling back) if it does not come up and stay up. */
  start?: boolean;
  /** Abort the install: no further step runs and the steps done are undone (InterruptedError). */
  signal?: AbortSignal;
  /**
   * With `start`: how long (ms) the service must stay up, running and not restarted by its manager,
   * to count as started. Default 1500; 0 checks once. (Not on Windows, where RUNNING is reported
   * by run() itself once the program's start has returned.)
   */
  settleMs?: number;
  /**
   * With `start` and `settleMs: 0`: false asks the manager to start the service and returns without
   * awaiting the start (systemd: the job is queued), for a caller that then watches several new
   * services together (apply). Default true. Managers without queued starts await it all the same.
   */
  waitForStart?: boolean;
}

export interface InstallResult {
  /** What the service may not do as one would expect (e.g. a user service that stops at logout: lingering is off). */
  warnings: string[];
}

export interface UpdateOptions {
  /** Restart a running service so that it runs the new configuration (default true); a stopped one stays stopped. */
  restart?: boolean;
  /** Abort: the steps done are undone (the previous files and state come back). */
  signal?: AbortSignal;
  /** How long the restarted service must stay up (as for install). Default 1500. */
  settleMs?: number;
}

export interface AdoptOptions extends UpdateOptions {
  /** Rewrite it; without, only say what would change. */
  yes?: boolean;
}

export interface AdoptResult {
  /** From the hand-written file to servicekit's, and servicekit's stored configuration. */
  changes: FileChange[];
  /** Rewritten with servicekit's mark (only with `yes`). */
  adopted: boolean;
  restarted: boolean;
}

export interface UpdateResult {
  /** False when the installed files already were what this configuration renders: nothing was done. */
  changed: boolean;
  /** The service was running and was restarted with the new configuration. */
  restarted: boolean;
}

/** A file as install or update would change it: `before` undefined for a new file, `after` for a removed one. */
export interface FileChange {
  path: string;
  before?: string;
  after?: string;
  /** Readable by its owner only (values from environment files, the stored configuration): not to be printed. */
  secret: boolean;
}

/** What install or update would do to make the installed service this configuration. */
export interface Plan {
  action: 'create' | 'update' | 'unchanged';
  /** The files that would change (all of them for create). */
  changes: FileChange[];
}

export interface UninstallOptions {
  /** Also remove the service's log files (and their rotated copies), and their directory if that empties it. */
  purge?: boolean;
}

export interface UninstallResult {
  /** The service's log files found after removal: kept, or removed with purge. */
  logs: string[];
  purged: boolean;
}

export interface LogOptions {
  lines?: number;
  follow?: boolean;
  /** Ends a follow (the iteration then finishes): the reader has gone, the program stops. */
  signal?: AbortSignal;
}

/** Where a service can be installed: machine-wide, or for the installing user. */
export type Scope = 'system' | 'user';

/**
 * How a platform honours an option: `true` (its files show every value), or only some `values`
 * (restart policies, booleans as "true"/"false"), only `when` other options have these values (a list: one of them), or
 * `unrendered`: honoured by install or run() rather than in the files (why).
 */
export type Honour = true | { readonly values?: readonly string[]; readonly when?: Readonly<Record<string, unknown>>; readonly unrendered?: string };

/** What a platform honours (an allow-list, its folder's honours.ts); every other option set explicitly is refused there. */
export interface Support {
  readonly honours: Readonly<Partial<Record<OptionKey, Honour>>>;
  /** Why it refuses an option ("pidFile") or a value ("restart=on-failure"), where the option's declaration does not say. */
  readonly why: Readonly<Record<string, string>>;
}

export interface ServiceManager {
  readonly platform: Platform;
  /** The options this platform honours (its honours.ts); the others are refused when set (support.ts). */
  readonly support: Support;
  /** The config with what it refers to on the host read in (environment files); install and update do it themselves. */
  prepare(cfg: ResolvedConfig): Promise<PreparedConfig>;
  /** What install would write, without touching the system. Throws InvalidConfigError for values the manager cannot represent. */
  render(cfg: PreparedConfig): RenderedFile[];
  /** `lock`: the install lock held around it, which the settle window gives up for its while (other installs write meanwhile). */
  install(cfg: ResolvedConfig, opts?: InstallOptions, lock?: HeldLock): Promise<InstallResult>;
  uninstall(cfg: ResolvedConfig, opts?: UninstallOptions): Promise<UninstallResult>;
  start(cfg: ResolvedConfig): Promise<void>;
  stop(cfg: ResolvedConfig): Promise<void>;
  restart(cfg: ResolvedConfig): Promise<void>;
  /**
   * Rewrite an installed service (servicekit's own) to a new configuration: atomically, keeping its
   * enablement, restarting it if it ran; any failure brings the previous files and state back.
   */
  update(cfg: ResolvedConfig, opts?: UpdateOptions): Promise<UpdateResult>;
  /** Take over a service written by hand at servicekit's path (see FileManager.adopt); absent where there is none to take (the Windows SCM). */
  adopt?(cfg: ResolvedConfig, opts?: AdoptOptions): Promise<AdoptResult>;
  /** The configuration stored with the service at install or its last update (servicekit's own only); undefined when none was stored. */
  storedConfig(cfg: ResolvedConfig): Promise<StoredState | undefined>;
  /** What install or update would change, without changing anything (servicekit's own services only: NotOwnedError otherwise). */
  plan(cfg: ResolvedConfig): Promise<Plan>;
  /** Start at boot, or not (servicekit's own services only: NotOwnedError otherwise). Does not start or stop it (SMF excepted: there the two are one). */
  setEnabled(cfg: ResolvedConfig, on: boolean): Promise<void>;
  status(cfg: ResolvedConfig): Promise<StatusDetail>;
  logs(cfg: ResolvedConfig, opts: LogOptions): AsyncIterable<string>;
  /** servicekit's own services in that scope (found by their mark), with their state. */
  list(userService: boolean): Promise<StatusDetail[]>;
  /**
   * Call `onChange` whenever the manager says the service changed (systemd's PropertiesChanged);
   * returns the unsubscribe, or undefined where the manager has no such notification (watch() polls).
   */
  subscribe?(cfg: ResolvedConfig, onChange: () => void): (() => void) | undefined | Promise<(() => void) | undefined>;
  /** What the manager's records say of an installed service's last end, and the likely fix; absent where it keeps none. */
  diagnose?(cfg: ResolvedConfig, logTail: readonly string[]): Promise<Pick<Diagnosis, 'cause' | 'fix'>>;
}

/** Why a service is as it is, from the manager's own records (`servicekit doctor`). */
export interface Diagnosis {
  status: StatusDetail;
  /** What the manager recorded of the program's last end (exit status, signal, start limit, timeout), where it tells. */
  cause?: string;
  /** The likely fix, where something points at one (the sandbox's directive and how to relax it). */
  fix?: string;
  /** The last lines of its logs. */
  logTail: string[];
}

export interface WatchOptions {
  /** Stop watching (the iteration ends). */
  signal?: AbortSignal;
  /** Where the manager has no change notification: how often to look (ms). Default 1000. */
  pollMs?: number;
}

/** The service side of a platform whose manager drives start and stop itself (the Windows dispatcher). */
export type Runner = <S>(ctx: RunContext<S>, name: string, opts: RunOptions) => Promise<void>;

export interface PlatformRecord {
  readonly id: Platform;
  /** The path rules of its OS: what an absolute executable or directory looks like there. */
  readonly paths: 'posix' | 'win32';
  /** Can this platform exist on that OS (a process.platform value)? */
  onOs(os: NodeJS.Platform): boolean;
  /** Is this the service manager running this machine? */
  running(probe: Probe): boolean;
  /** Did this platform's manager start this process? (false everywhere means interactive) */
  startedThisProcess(probe: Probe): boolean;
  /** The manager; its code is loaded by the first call (importing servicekit loads none). */
  manager(host: Host | undefined, env: NodeJS.ProcessEnv): Promise<ServiceManager>;
  /** The system log, at once and without loading the manager. */
  systemLogger(name: string, onError?: (e: unknown) => void): Logger;
  /** How run() tells the manager it is ready or stopping; undefined where it cannot. */
  notifier(env: NodeJS.ProcessEnv): Notifier | undefined;
  /** The service side when the manager drives it; run()'s signal handling otherwise. */
  runner?: Runner;
  /** Run once at import, in any process on this OS (Windows: the service's working directory and environment). */
  prepareProcess?(interactive: () => boolean): void;
  /** Run the installed service `name`'s program as this process's child, as its service (Windows: servicekit's host). */
  host?(name: string): Promise<void>;
  /** The listening sockets the manager passed this process, by address (`given`, from SERVICEKIT_LISTEN); undefined where it passed none. */
  heldSockets?(given: readonly string[]): Record<string, SocketTarget> | undefined;
}

/** The last n lines of a service's log, for error reports (StartFailedError); never throws. */
export async function logTail(logs: AsyncIterable<string>, n: number): Promise<string[]> {
  const lines: string[] = [];
  try {
    for await (const l of logs) lines.push(l);
  } catch {
    /* logs are a courtesy here */
  }
  return lines.slice(-n);
}
