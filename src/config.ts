/**
 * Config, defaults and validation. `resolveConfig` is pure apart from reading process.* for
 * defaults: it never touches the disk. Checks that need the host (does the executable exist? does
 * the user exist?) run in the install pipeline's preflight, still before anything is written.
 *
 * Adding an option: its declaration (src/options/), its key and doc in Config, its resolved form in
 * ResolvedConfig; a group's member is resolved from its declaration, a top-level option below (the
 * compiler refuses a key of Config that is not declared, and a declaration that is not in Config).
 */
import path from 'node:path';
import { checkAbsolutePath, checkArray, checkBool, checkKeys, checkSignalName, checkText, type Duration } from './checks.js';
import { InvalidConfigError } from './errors.js';
import { validateName } from './name.js';
import { isSea } from './sys/sea.js';
import { setVariable } from './variables.js';
import { LISTEN_VAR, listenValue } from './listen.js';
import { checkGroupName, mergeLegacyNoFile, type Limits, type ResolvedLimits } from './options/limits.js';

export { validateName };
import { SYSTEM_LOG_DIR } from './paths.js';
import { CONFIG_KEYS, givenOptions, groupKeys, OPTIONS, resolveGroup, resolveOwn, type Group, type OptionKey, type OwnKey } from './options/index.js';
import type { HardeningLevel, RestartPolicy } from './options/general.js';
import type { ResolvedSmfOptions, SmfOptions } from './options/smf.js';
import type { LaunchdOptions, ResolvedLaunchdOptions } from './options/launchd.js';
import type { ResolvedSystemdOptions, SystemdOptions } from './options/systemd.js';
import { checkWindowsGroup, type ResolvedWindowsOptions, type WindowsOptions } from './options/windows.js';
import { checkTemplate } from './options/templates.js';

export type { Limits } from './options/limits.js';
export type { Duration, LaunchdOptions, RestartPolicy, SmfOptions, SystemdOptions, WindowsOptions };
export type { WindowsStartType } from './options/windows.js';
export { CONFIG_KEYS };

export interface Config {
  /** Service name: letters, digits, `_`, `.`, `-`; starts with a letter or digit; at most 100 characters. */
  name: string;
  displayName?: string;
  description?: string;
  /** Account the service runs as (system services only). */
  userName?: string;
  /** Arguments passed to the executable, exactly as given. */
  arguments?: string[];
  /**
   * Absolute path of the program to run. Default: the running program — for a Node script,
   * `process.execPath` with the script's absolute path as the first argument; in a single executable
   * application, the binary alone.
   */
  executable?: string;
  /**
   * Services this one needs (started before it): plain names, portable to every manager, or, as the
   * Go library takes them, systemd [Unit] lines ("After=network.target syslog.target",
   * "Requires=syslog.target"; directives: After, Before, Requires, Requisite, Wants, BindsTo, PartOf,
   * Conflicts), which only systemd can honour.
   */
  dependencies?: string[];
  /** Working directory. Default: the directory of the script (of a single executable application's binary) for the default executable, else the current directory. */
  workingDirectory?: string;
  /** Root directory (chroot) of the service. */
  chroot?: string;
  /** Environment variables, exactly as given. */
  env?: Record<string, string>;
  /**
   * Files of environment variables in systemd's EnvironmentFile= syntax (absolute paths; a later
   * file and the files over `env` win). systemd reads them at each start; the other managers get the
   * values read at install and update (`servicekit update` / `apply` after changing a file), written
   * into a definition only root can read. Each must be a regular file that only root (for a user
   * service: the user) can change.
   */
  environmentFile?: string | string[];

  /** Install as a per-user service (systemd --user). Default false. */
  userService?: boolean;
  /**
   * A user service (systemd): have logind keep the user's manager running without a login
   * (`loginctl enable-linger`), so the service starts at boot and outlives logouts. Without it,
   * install warns when lingering is off for the user. Left on at uninstall (other services may need it).
   */
  linger?: boolean;
  /**
   * Start at boot (at login for a user service). Default true. `false` installs it without
   * enabling it; `service.enable()` / `disable()` change it later.
   */
  enabled?: boolean;
  /** Restart policy. Default `always`. */
  restart?: RestartPolicy;
  /** Delay before a restart: seconds, or a duration as Go writes it ("1s", "500ms", "2m"). Default 1. */
  restartSec?: Duration;
  /** Write stdout/stderr to files under `logDirectory` instead of the system journal. Default false. */
  logOutput?: boolean;
  /**
   * Directory for log files (SysV, OpenRC, Upstart, launchd, and systemd with `logOutput`). Default
   * /var/log/servicekit (system) or ~/.local/state/NAME (user). It must be (or will be made) a
   * directory owned by root (the user, for user services) that no one else can write.
   */
  logDirectory?: string;
  /** Exit codes (besides 0) and signals that count as a clean exit: [1, 2, 'SIGKILL'], or Go's string "1 2 8 SIGKILL". */
  successExitStatus?: (number | string)[] | string;
  /**
   * Signal the manager sends on reload (`SIGHUP`, or Go's form `HUP`); `run()` calls the program's
   * `reload` on it. No reload command is installed when unset (run() still reloads on SIGHUP).
   */
  reloadSignal?: string;
  /** PID file the service manager should watch. */
  pidFile?: string;
  /**
   * How long `run()` lets the program's stop callback take: seconds or a duration ("30s"). Default
   * 20. The manager waits 10 s more after the stop signal before it kills the service.
   */
  stopTimeoutSec?: Duration;
  /** Scheduling priority (nice value): -20 (most favourable) to 19 (least). Unset by default. */
  nice?: number;
  /**
   * Run N processes of the service (systemd only): a template unit NAME@.service with instances
   * 1..N, each with SERVICEKIT_INSTANCE in its environment, sharing the `listen` sockets (the kernel
   * spreads the connections). restart, update and apply roll through them one at a time.
   */
  instances?: number;
  /**
   * How much the manager sandboxes the service: `none`, `standard` (the default of systemd system
   * services: what keeps ordinary programs, Node included, working) or `strict` (what a careful
   * operator adds). Only systemd system services honour it; elsewhere it is refused.
   */
  hardening?: HardeningLevel;
  /** Paths the sandbox leaves writable besides the working directory (systemd's ReadWritePaths=). */
  readWritePaths?: string[];
  /**
   * Secrets as files, not variables: NAME → a source file (root's, that no one else can write). The
   * program reads `$CREDENTIALS_DIRECTORY/NAME`: not in its environment, not readable by other
   * services (systemd's LoadCredential=; systemd system services only, for now).
   */
  credentials?: Record<string, string>;
  /**
   * Addresses the program listens on: "8080", "127.0.0.1:8080", "[::1]:8080", "/run/app.sock".
   * systemd (a NAME.socket unit) and launchd hold them, so a restart refuses no connection; the
   * program takes them with `sockets()`, which elsewhere binds them itself.
   */
  listen?: string | string[];
  /** The signal that stops the service (default SIGTERM; run() stops on SIGTERM and SIGINT). */
  killSignal?: string;
  /** Group the service runs as (system services; default: the account's own group). */
  groupName?: string;
  /** Resource limits: memory, CPU, open files, processes. */
  limits?: Limits;

  systemd?: SystemdOptions;
  launchd?: LaunchdOptions;
  windows?: WindowsOptions;
  /** Solaris / illumos SMF: the FMRI's category (Go's Prefix). */
  smf?: SmfOptions;
  /**
   * Custom templates per platform (the Go library's SystemdScript, SysvScript, OpenRCScript,
   * UpstartScript, LaunchdConfig): a Mustache string with variables only, or a function of the
   * variables (already encoded for the format) and the resolved config. See `render()` for the result.
   */
  templates?: Templates;
  /** A template for whichever platform the service is installed on (`servicekit install --template FILE`). */
  template?: Template;
}

/** The values a template gets, encoded for its format (e.g. ExecStart quoted for systemd). */
export type TemplateVars = Readonly<Record<string, string>>;
export type Template = string | ((vars: TemplateVars, cfg: ResolvedConfig) => string);
export interface Templates {
  systemd?: Template;
  sysv?: Template;
  openrc?: Template;
  upstart?: Template;
  launchd?: Template;
}

/** The option keys Config has: its own keys, and its groups' members as "systemd.type". */
type ConfigOptionKey = Exclude<keyof Config, Group> | { [G in Group]: `${G}.${keyof NonNullable<Config[G]> & string}` }[Group];
/** Every key of Config is declared (src/options/), and every declaration is a key of Config (or, unitDependencies, a form of one). */
const ALL_DECLARED: [Exclude<ConfigOptionKey, OptionKey>, Exclude<OptionKey, ConfigOptionKey | 'unitDependencies'>] extends [never, never] ? true : never = true;
void ALL_DECLARED;

/** Defaults renderers compare with (from the declarations), and the system log directory. */
export const DEFAULTS = {
  killSignal: OPTIONS.killSignal.default,
  logDirectory: SYSTEM_LOG_DIR,
};

/** The fully validated, defaulted config every manager works from. */
export interface ResolvedConfig {
  name: string;
  displayName: string;
  description: string;
  userName?: string;
  executable: string;
  /** Arguments after the executable (for the default executable, starts with the script path). */
  arguments: string[];
  /** True when the executable is this very program (so it will call run()). */
  runsThisProgram: boolean;
  /** The plain service names. */
  dependencies: string[];
  /** The systemd [Unit] dependency lines given in Go's form, checked. */
  unitDependencies: { directive: UnitDependency; units: string[] }[];
  workingDirectory: string;
  chroot?: string;
  env: Record<string, string>;
  /** The environment files, in order. */
  environmentFiles: string[];
  userService: boolean;
  /** Turn lingering on for the user (user services). */
  linger: boolean;
  /** Starts at boot. */
  enabled: boolean;
  restart: RestartPolicy;
  restartSec: number;
  /** The options the config set explicitly (`restartSec`, `systemd.limitNOFILE`, …): a platform refuses those it cannot honour. */
  given: readonly string[];
  /** How often a crashing service is restarted, at most (systemd's start limit; OpenRC and Upstart respawn limits). */
  startLimit: { intervalSec: number; burst: number };
  logOutput: boolean;
  logDirectory: string;
  /** Exit codes and signal names ("SIGKILL"). */
  successExitStatus: (number | string)[];
  reloadSignal?: string;
  pidFile?: string;
  stopTimeoutSec: number;
  nice?: number;
  /** Unset: one plain unit; N: the template unit's instances 1..N. */
  instances?: number;
  /** As given; undefined: the platform's default (systemd system services: standard). */
  hardening?: HardeningLevel;
  readWritePaths: string[];
  credentials: Record<string, string>;
  /** The addresses, in order (also in the program's environment as SERVICEKIT_LISTEN). */
  listen: string[];
  killSignal: string;
  groupName?: string;
  /** The limits given (open files from limits.openFiles or Go's systemd.limitNOFILE). */
  limits: ResolvedLimits;
  systemd: ResolvedSystemdOptions;
  launchd: ResolvedLaunchdOptions;
  windows: ResolvedWindowsOptions;
  smf: ResolvedSmfOptions;
  /** Per platform; `template` (for any) is filed under each, where a platform's own one is not given. */
  templates: Templates;
  /** The config as given (validated): what install stores with the service, for a later update of a few options. */
  source: Config;
}

/** The variable that tells each instance its number (1..instances). */
export const INSTANCE_VAR = 'SERVICEKIT_INSTANCE';

/** Variables servicekit passes to the service itself (Windows: the working directory). */
export const RESERVED_ENV_PREFIX = '__servicekit';
const ENV_KEY_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;
const USER_RE = /^[A-Za-z_][A-Za-z0-9_.-]*\$?$/;
const MAX_POSIX_USER = 32;
/** Windows accounts: `.\\user`, `DOMAIN\\user`, `NT AUTHORITY\\LocalService`, `user@domain`. */
const WINDOWS_USER_RE = /^([A-Za-z0-9._-]+( [A-Za-z0-9._-]+)*\\[A-Za-z0-9 ._$-]+|[A-Za-z0-9._-]+@[A-Za-z0-9.-]+)$/;
const MAX_WINDOWS_USER = 256;
/** Signals that cannot mean "reload": uncatchable, the stop signals. */
const NOT_RELOAD: Record<string, string> = {
  SIGKILL: 'cannot be caught',
  SIGSTOP: 'cannot be caught',
  SIGTERM: 'stops the service',
  SIGINT: 'stops the service',
};
/** Node.js starts its inspector on SIGUSR1: no reload signal for a Node program (nginx's is fine). */
const NODE_INSPECTOR_SIGNAL = 'SIGUSR1';
/** node, nodejs, node.exe, node22 …: the program is Node.js. */
const NODE_EXECUTABLE = /^node(js)?[0-9.]*(\.exe)?$/i;
const DEPENDENCY_RE = /^[A-Za-z0-9][A-Za-z0-9_.@:-]*$/;

export interface ResolveContext {
  /** process.execPath */
  execPath: string;
  /** absolute path of the running script (process.argv[1]), if any; none in a single executable application */
  script?: string;
  /** A single executable application: the binary is the program (its directory the default working directory). */
  sea?: boolean;
  cwd: string;
  home: string;
  /** The path rules of the target platform's OS (Windows paths when rendering for Windows). Default: this OS's. */
  paths?: 'posix' | 'win32';
}

function pathsOf(ctx: ResolveContext): path.PlatformPath {
  return ctx.paths === undefined ? path : path[ctx.paths];
}

export function defaultContext(): ResolveContext {
  // In a SEA, argv[1] is the binary's own path as typed, not a script: the binary runs alone.
  const sea = isSea();
  const script = !sea && process.argv[1] ? path.resolve(process.argv[1]) : undefined;
  return {
    execPath: process.execPath,
    ...(script === undefined ? {} : { script }),
    ...(sea ? { sea } : {}),
    cwd: process.cwd(),
    home: process.env['HOME'] ?? '/',
  };
}

/** `{ key: value }` when value is defined, else `{}` (for optional resolved fields). */
function some<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

function resolveAccount(config: Config): Pick<ResolvedConfig, 'userService' | 'userName'> {
  const userService = config.userService === undefined ? false : checkBool('userService', config.userService);
  if (config.userName === undefined) return { userService };
  const userName = checkText('userName', config.userName, { singleLine: true });
  const posix = USER_RE.test(userName) && userName.length <= MAX_POSIX_USER;
  const windows = WINDOWS_USER_RE.test(userName) && userName.length <= MAX_WINDOWS_USER;
  if (!posix && !windows) throw new InvalidConfigError('userName', `${JSON.stringify(userName)} is not a valid account name`);
  if (userService) throw new InvalidConfigError('userName', 'a user service always runs as its own user; userName is for system services');
  return { userService, userName };
}

/** The program: the given executable and arguments, or this Node running this script. */
function resolveProgram(config: Config, ctx: ResolveContext): Pick<ResolvedConfig, 'executable' | 'arguments' | 'runsThisProgram' | 'workingDirectory'> {
  const userArgs = checkArray('arguments', config.arguments ?? [], 'strings', (f, a) => checkText(f, a, { allowEmpty: true }));
  const own = config.executable === undefined;
  const script = own ? ctx.script : undefined;
  const defaultDir = script !== undefined ? path.dirname(script) : own && ctx.sea ? pathsOf(ctx).dirname(ctx.execPath) : ctx.cwd;
  return {
    executable: own ? ctx.execPath : checkAbsolutePath('executable', config.executable, pathsOf(ctx)),
    arguments: script === undefined ? userArgs : [script, ...userArgs],
    runsThisProgram: own,
    workingDirectory: config.workingDirectory === undefined ? defaultDir : checkAbsolutePath('workingDirectory', config.workingDirectory, pathsOf(ctx)),
  };
}

function resolveEnv(env: unknown): Record<string, string> {
  if (env === undefined) return {};
  if (typeof env !== 'object' || env === null || Array.isArray(env)) throw new InvalidConfigError('env', 'must be an object of strings');
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) {
    if (!ENV_KEY_RE.test(k)) throw new InvalidConfigError(`env.${k}`, 'variable names are letters, digits and "_", not starting with a digit');
    if (k.toLowerCase().startsWith(RESERVED_ENV_PREFIX)) throw new InvalidConfigError(`env.${k}`, `the prefix ${RESERVED_ENV_PREFIX} is reserved`);
    setVariable(out, k, checkText(`env.${k}`, v, { allowEmpty: true }));
  }
  return out;
}

/** The program's addresses in its environment (sockets() reads them); a variable of that name given too is refused. */
function withListenVariable(env: Record<string, string>, listen: readonly string[]): Record<string, string> {
  if (listen.length === 0) return env;
  if (Object.hasOwn(env, LISTEN_VAR)) throw new InvalidConfigError(`env.${LISTEN_VAR}`, 'is set from listen; give the addresses there');
  return { ...env, [LISTEN_VAR]: listenValue(listen) };
}

/** Each instance's number reaches it as SERVICEKIT_INSTANCE: not a variable to set by hand then. */
function checkInstanceVariable(env: Record<string, string>, instances: number | undefined): Record<string, string> {
  if (instances !== undefined && Object.hasOwn(env, INSTANCE_VAR)) throw new InvalidConfigError(`env.${INSTANCE_VAR}`, 'is each instance\'s number (instances); it cannot be set');
  return env;
}

function resolveLinger(v: unknown, userService: boolean): boolean {
  const linger = v === undefined ? false : checkBool('linger', v);
  if (linger && !userService) throw new InvalidConfigError('linger', 'lingering is for user services (userService: true); a system service runs without any login');
  return linger;
}

function resolveEnvironmentFiles(v: unknown, ctx: ResolveContext): string[] {
  if (v === undefined) return [];
  const files = typeof v === 'string' ? [v] : v;
  return checkArray('environmentFile', files, 'absolute paths', (f, x) => checkAbsolutePath(f, x, pathsOf(ctx)));
}

function checkDependency(field: string, d: unknown): string {
  const s = checkText(field, d, { singleLine: true });
  if (!DEPENDENCY_RE.test(s) || s.includes('..')) throw new InvalidConfigError(field, `${JSON.stringify(s)} is not a valid service name`);
  return s;
}

export const UNIT_DEPENDENCIES = ['After', 'Before', 'Requires', 'Requisite', 'Wants', 'BindsTo', 'PartOf', 'Conflicts'] as const;
export type UnitDependency = (typeof UNIT_DEPENDENCIES)[number];

/** Plain names, and "Directive=unit unit…" lines (Go's form) apart. */
function resolveDependencies(v: unknown): Pick<ResolvedConfig, 'dependencies' | 'unitDependencies'> {
  const dependencies: string[] = [];
  const unitDependencies: ResolvedConfig['unitDependencies'] = [];
  checkArray('dependencies', v ?? [], 'service names or unit lines', (field, d) => {
    const s = checkText(field, d, { singleLine: true });
    const eq = s.indexOf('=');
    if (eq < 0) return dependencies.push(checkDependency(field, s));
    const directive = s.slice(0, eq).trim();
    if (!(UNIT_DEPENDENCIES as readonly string[]).includes(directive)) {
      throw new InvalidConfigError(field, `${JSON.stringify(directive)} is not a dependency directive (${UNIT_DEPENDENCIES.join(', ')})`);
    }
    const units = s.slice(eq + 1).trim().split(/\s+/).filter(Boolean);
    if (units.length === 0) throw new InvalidConfigError(field, `${directive}= names no unit`);
    units.forEach((u, i) => checkDependency(`${field}.${directive}[${i}]`, u));
    return unitDependencies.push({ directive: directive as UnitDependency, units });
  });
  return { dependencies, unitDependencies };
}

/** Is the program Node.js (this program, or an executable named node)? */
function runsNode(program: Pick<ResolvedConfig, 'executable' | 'runsThisProgram'>, ctx: ResolveContext): boolean {
  return (program.runsThisProgram && !ctx.sea) || NODE_EXECUTABLE.test(path.win32.basename(program.executable));
}

/** The reload signal: which signals can mean reload depends on the program (SIGUSR1 is Node's inspector). */
function resolveReloadSignal(config: Config, node: boolean): Pick<ResolvedConfig, 'reloadSignal'> {
  return some('reloadSignal', config.reloadSignal === undefined ? undefined : checkSignal('reloadSignal', config.reloadSignal, node));
}

/** A signal name, with or without "SIG" (Go writes "HUP"), known to this OS, that can mean reload (for this program). */
function checkSignal(field: string, v: unknown, node: boolean): string {
  const name = checkSignalName(field, v);
  const why = NOT_RELOAD[name] ?? (node && name === NODE_INSPECTOR_SIGNAL ? 'is reserved by Node.js for its inspector' : undefined);
  if (why !== undefined) throw new InvalidConfigError(field, `${name} ${why}; use SIGHUP or SIGUSR2`);
  return name;
}

/** The log directory: its default depends on the scope and the name. */
function resolveLogDirectory(config: Config, name: string, userService: boolean, ctx: ResolveContext): Pick<ResolvedConfig, 'logDirectory'> {
  const defaultDir = userService ? path.join(ctx.home, '.local', 'state', name) : DEFAULTS.logDirectory;
  return { logDirectory: config.logDirectory === undefined ? defaultDir : checkAbsolutePath('logDirectory', config.logDirectory, pathsOf(ctx)) };
}

/** Per platform; `template` (for any) is filed under each platform's own where that is not given. */
function resolveTemplates(v: unknown, any: unknown): Templates {
  const given = resolveGroup<Record<string, Template | undefined>>('templates', v);
  const fallback = any === undefined ? undefined : (checkTemplate('template', any) as Template);
  const out: Record<string, Template> = {};
  for (const k of groupKeys('templates')) {
    const t = given[k] ?? fallback;
    if (t !== undefined) out[k] = t;
  }
  return out as Templates;
}

/** Validate and default a Config. Throws InvalidConfigError / NameRequiredError; never writes anything. */
export function resolveConfig(config: Config, ctx: ResolveContext = defaultContext()): ResolvedConfig {
  if (typeof config !== 'object' || config === null) throw new InvalidConfigError('config', 'must be an object');
  checkKeys('', config, CONFIG_KEYS);
  const name = validateName(config.name);
  const displayName = config.displayName === undefined ? name : checkText('displayName', config.displayName, { singleLine: true });
  const account = resolveAccount(config);
  const systemd = resolveGroup<ResolvedSystemdOptions>('systemd', config.systemd);
  const program = resolveProgram(config, ctx);
  // The options resolved on their own, by their declarations (src/options/): checks and defaults.
  const own = resolveOwn(config, { paths: pathsOf(ctx) }) as Pick<ResolvedConfig, OwnKey>;
  const burst = systemd.startLimitBurst;
  return {
    name,
    displayName,
    description: config.description === undefined ? displayName : checkText('description', config.description, { singleLine: true, allowEmpty: true }),
    ...account,
    ...program,
    ...resolveDependencies(config.dependencies),
    env: withListenVariable(checkInstanceVariable(resolveEnv(config.env), own.instances), own.listen),
    environmentFiles: resolveEnvironmentFiles(config.environmentFile, ctx),
    ...own,
    linger: resolveLinger(config.linger, account.userService),
    ...resolveReloadSignal(config, runsNode(program, ctx)),
    given: givenOptions(config),
    startLimit: { intervalSec: systemd.startLimitIntervalSec ?? burst * (own.restartSec + 1), burst },
    ...resolveLogDirectory(config, name, account.userService, ctx),
    ...some('groupName', config.groupName === undefined ? undefined : checkGroupName('groupName', config.groupName, account.userService)),
    limits: mergeLegacyNoFile(resolveGroup<ResolvedLimits>('limits', config.limits), systemd.limitNOFILE),
    systemd,
    launchd: resolveGroup<ResolvedLaunchdOptions>('launchd', config.launchd),
    windows: checkWindowsGroup(resolveGroup<ResolvedWindowsOptions>('windows', config.windows)),
    smf: resolveGroup<ResolvedSmfOptions>('smf', config.smf),
    templates: resolveTemplates(config.templates, config.template),
    source: withoutPassword(config),
  };
}

/** The config without windows.password (which only CreateServiceW / ChangeServiceConfigW ever get). */
function withoutPassword(config: Config): Config {
  if (config.windows?.password === undefined) return config;
  const { password: _password, ...windows } = config.windows;
  return { ...config, windows };
}
