/**
 * Config, per-platform options, defaults and validation.
 * `resolveConfig` is pure apart from reading process.* for defaults: it never touches the disk.
 * Checks that need the host (does the executable exist? does the user exist?) live in the managers'
 * preflight, and still run before anything is written.
 */
import path from 'node:path';
import { InvalidConfigError, NameRequiredError } from './errors.js';

export type RestartPolicy = 'always' | 'on-failure' | 'no';

export interface SystemdOptions {
  /**
   * Unit Type=. Default: `notify` when the service runs this very program (the default executable,
   * which calls `service.run()` and so sends READY=1), `exec` otherwise.
   */
  type?: 'notify' | 'exec' | 'simple';
  /** LimitNOFILE=; unset by default. */
  limitNOFILE?: number;
  /** StartLimitIntervalSec= in seconds. Default 5. */
  startLimitIntervalSec?: number;
  /** StartLimitBurst=. Default 10. */
  startLimitBurst?: number;
  /** WatchdogSec= in seconds; `run()` then pings WATCHDOG=1 at half that interval. Unset by default. */
  watchdogSec?: number;
}

export interface LaunchdOptions {
  /** RunAtLoad: start when loaded (at boot for daemons, at login for agents). Default true. */
  runAtLoad?: boolean;
  /** SessionCreate: create a security session (agents needing the keychain). Default false. */
  sessionCreate?: boolean;
}

export type WindowsStartType = 'automatic' | 'manual' | 'disabled';

export interface WindowsOptions {
  /** When the SCM starts the service. Default `automatic`. */
  startType?: WindowsStartType;
  /** Automatic start a little after boot (SERVICE_CONFIG_DELAYED_AUTO_START_INFO). Default false. */
  delayedAutoStart?: boolean;
  /** Password of `userName`; passed to CreateServiceW only, never printed, logged or rendered. */
  password?: string;
  /** Recovery action when the service fails. Default: `restart`, or `noaction` when restart is "no". */
  onFailure?: 'restart' | 'reboot' | 'noaction';
  /** Delay before the recovery action, in seconds. Default: restartSec. */
  onFailureDelaySec?: number;
  /** Seconds without failure after which the failure count resets. Default 86400 (a day). */
  onFailureResetPeriodSec?: number;
}

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
   * `process.execPath` with the script's absolute path as the first argument.
   */
  executable?: string;
  /** Names of services this one needs (started before it). */
  dependencies?: string[];
  /** Working directory. Default: the directory of the script for the default executable, else the current directory. */
  workingDirectory?: string;
  /** Root directory (chroot) of the service. */
  chroot?: string;
  /** Environment variables, exactly as given. */
  env?: Record<string, string>;

  /** Install as a per-user service (systemd --user). Default false. */
  userService?: boolean;
  /** Restart policy. Default `always`. */
  restart?: RestartPolicy;
  /** Delay before a restart, in seconds. Default 1. */
  restartSec?: number;
  /** Write stdout/stderr to files under `logDirectory` instead of the system journal. Default false. */
  logOutput?: boolean;
  /** Directory for log files when `logOutput` is set. Default /var/log (system) or ~/.local/state/NAME (user). */
  logDirectory?: string;
  /** Exit codes (besides 0) that count as a clean exit. */
  successExitStatus?: number[];
  /** Signal sent on reload (e.g. `SIGHUP`); no reload command is installed when unset. */
  reloadSignal?: string;
  /** PID file the service manager should watch. */
  pidFile?: string;
  /** How long `run()` lets the program's stop callback take, in seconds. Default 20. */
  stopTimeoutSec?: number;

  systemd?: SystemdOptions;
  launchd?: LaunchdOptions;
  windows?: WindowsOptions;
}

export const DEFAULTS = {
  restart: 'always' as RestartPolicy,
  restartSec: 1,
  stopTimeoutSec: 20,
  startLimitIntervalSec: 5,
  startLimitBurst: 10,
  logDirectory: '/var/log',
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
  dependencies: string[];
  workingDirectory: string;
  chroot?: string;
  env: Record<string, string>;
  userService: boolean;
  restart: RestartPolicy;
  restartSec: number;
  logOutput: boolean;
  logDirectory: string;
  successExitStatus: number[];
  reloadSignal?: string;
  pidFile?: string;
  stopTimeoutSec: number;
  systemd: SystemdOptions;
  launchd: Required<LaunchdOptions>;
  windows: {
    startType: WindowsStartType;
    delayedAutoStart: boolean;
    password?: string;
    onFailure?: 'restart' | 'reboot' | 'noaction';
    onFailureDelaySec?: number;
    onFailureResetPeriodSec: number;
  };
}

const NAME_RE = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
const ENV_KEY_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;
const USER_RE = /^[A-Za-z_][A-Za-z0-9_.-]*\$?$/;
/** Windows accounts: `.\\user`, `DOMAIN\\user`, `NT AUTHORITY\\LocalService`, `user@domain`. */
const WINDOWS_USER_RE = /^([A-Za-z0-9._-]+( [A-Za-z0-9._-]+)*\\[A-Za-z0-9 ._$-]+|[A-Za-z0-9._-]+@[A-Za-z0-9.-]+)$/;
const SIGNAL_RE = /^SIG[A-Z0-9]+$/;
export const MAX_NAME_LENGTH = 100;
/** Longest single value we accept (argument, env value); well under every manager's line limit. */
export const MAX_VALUE_LENGTH = 32 * 1024;

/** Validate a service name on its own (used by control commands that only have a name). */
export function validateName(name: unknown): string {
  if (name === undefined || name === null || name === '') throw new NameRequiredError();
  if (typeof name !== 'string') throw new InvalidConfigError('name', 'must be a string');
  if (name.length > MAX_NAME_LENGTH) {
    throw new InvalidConfigError('name', `is longer than ${MAX_NAME_LENGTH} characters`);
  }
  if (!NAME_RE.test(name)) {
    throw new InvalidConfigError(
      'name',
      `${JSON.stringify(name)} may only hold letters, digits, "_", "." and "-", and must start with a letter or digit`,
    );
  }
  if (name.includes('..')) throw new InvalidConfigError('name', 'must not contain ".."');
  if (name.endsWith('.')) throw new InvalidConfigError('name', 'must not end with "."');
  if (/\.(service|target|socket|timer|mount|path|slice|scope|conf|plist|sh)$/i.test(name)) {
    throw new InvalidConfigError('name', `give the bare name, without a file or unit suffix (${name})`);
  }
  return name;
}

/** A string that may go into any service definition: well-formed, no NUL, bounded. */
export function checkText(field: string, v: unknown, opts: { allowEmpty?: boolean; singleLine?: boolean } = {}): string {
  if (typeof v !== 'string') throw new InvalidConfigError(field, 'must be a string');
  if (!opts.allowEmpty && v === '') throw new InvalidConfigError(field, 'must not be empty');
  if (v.includes('\0')) throw new InvalidConfigError(field, 'contains a NUL character, which no service manager can pass on');
  if (!v.isWellFormed()) throw new InvalidConfigError(field, 'is not well-formed Unicode (lone surrogate)');
  if (v.length > MAX_VALUE_LENGTH) throw new InvalidConfigError(field, `is longer than ${MAX_VALUE_LENGTH} characters`);
  // eslint-disable-next-line no-control-regex
  if (opts.singleLine && /[\x00-\x1f\x7f]/.test(v)) {
    throw new InvalidConfigError(field, 'must be a single line without control characters');
  }
  return v;
}

function checkAbsolutePath(field: string, v: unknown): string {
  const s = checkText(field, v, { singleLine: true });
  if (!path.isAbsolute(s)) throw new InvalidConfigError(field, `must be an absolute path (got ${JSON.stringify(s)})`);
  if (s !== s.trim()) throw new InvalidConfigError(field, 'must not start or end with white space');
  return path.normalize(s);
}

function checkNumber(field: string, v: unknown, min: number, max: number, integer = false): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new InvalidConfigError(field, 'must be a finite number');
  if (integer && !Number.isInteger(v)) throw new InvalidConfigError(field, 'must be an integer');
  if (v < min || v > max) throw new InvalidConfigError(field, `must be between ${min} and ${max}`);
  return v;
}

/** A per-platform options object: an object whose keys are all known. */
function checkOptions<T extends object>(field: string, v: T, known: ReadonlySet<string>): T {
  if (typeof v !== 'object' || v === null) throw new InvalidConfigError(field, 'must be an object');
  for (const k of Object.keys(v)) if (!known.has(k)) throw new InvalidConfigError(`${field}.${k}`, 'is not a known option');
  return v;
}

function checkBool(field: string, v: unknown): boolean {
  if (typeof v !== 'boolean') throw new InvalidConfigError(field, 'must be true or false');
  return v;
}

const KNOWN_KEYS = new Set<string>([
  'name', 'displayName', 'description', 'userName', 'arguments', 'executable', 'dependencies',
  'workingDirectory', 'chroot', 'env', 'userService', 'restart', 'restartSec', 'logOutput',
  'logDirectory', 'successExitStatus', 'reloadSignal', 'pidFile', 'stopTimeoutSec', 'systemd', 'launchd', 'windows',
]);
const WINDOWS_KEYS = new Set<string>(['startType', 'delayedAutoStart', 'password', 'onFailure', 'onFailureDelaySec', 'onFailureResetPeriodSec']);
const LAUNCHD_KEYS = new Set<string>(['runAtLoad', 'sessionCreate']);
const SYSTEMD_KEYS = new Set<string>(['type', 'limitNOFILE', 'startLimitIntervalSec', 'startLimitBurst', 'watchdogSec']);

export interface ResolveContext {
  /** process.execPath */
  execPath: string;
  /** absolute path of the running script (process.argv[1]), if any */
  script?: string;
  cwd: string;
  home: string;
}

export function defaultContext(): ResolveContext {
  const script = process.argv[1] ? path.resolve(process.argv[1]) : undefined;
  return {
    execPath: process.execPath,
    ...(script === undefined ? {} : { script }),
    cwd: process.cwd(),
    home: process.env['HOME'] ?? '/',
  };
}

/** Validate and default a Config. Throws InvalidConfigError / NameRequiredError; never writes anything. */
export function resolveConfig(config: Config, ctx: ResolveContext = defaultContext()): ResolvedConfig {
  if (typeof config !== 'object' || config === null) throw new InvalidConfigError('config', 'must be an object');
  for (const k of Object.keys(config)) {
    if (!KNOWN_KEYS.has(k)) throw new InvalidConfigError(k, 'is not a known option');
  }
  const name = validateName(config.name);
  const displayName = config.displayName === undefined ? name : checkText('displayName', config.displayName, { singleLine: true });
  const description = config.description === undefined ? displayName : checkText('description', config.description, { singleLine: true, allowEmpty: true });

  const userService = config.userService === undefined ? false : checkBool('userService', config.userService);
  let userName: string | undefined;
  if (config.userName !== undefined) {
    userName = checkText('userName', config.userName, { singleLine: true });
    if (!(USER_RE.test(userName) && userName.length <= 32) && !(WINDOWS_USER_RE.test(userName) && userName.length <= 256)) {
      throw new InvalidConfigError('userName', `${JSON.stringify(userName)} is not a valid account name`);
    }
    if (userService) {
      throw new InvalidConfigError('userName', 'a user service always runs as its own user; userName is for system services');
    }
  }

  const args = config.arguments ?? [];
  if (!Array.isArray(args)) throw new InvalidConfigError('arguments', 'must be an array of strings');
  const userArgs = args.map((a, i) => checkText(`arguments[${i}]`, a, { allowEmpty: true }));

  let executable: string;
  let argv: string[];
  let runsThisProgram = false;
  let defaultDir: string;
  if (config.executable === undefined) {
    executable = ctx.execPath;
    runsThisProgram = true;
    if (ctx.script !== undefined) {
      argv = [ctx.script, ...userArgs];
      defaultDir = path.dirname(ctx.script);
    } else {
      argv = userArgs;
      defaultDir = ctx.cwd;
    }
  } else {
    executable = checkAbsolutePath('executable', config.executable);
    argv = userArgs;
    defaultDir = ctx.cwd;
  }

  const deps = config.dependencies ?? [];
  if (!Array.isArray(deps)) throw new InvalidConfigError('dependencies', 'must be an array of service names');
  const dependencies = deps.map((d, i) => {
    const s = checkText(`dependencies[${i}]`, d, { singleLine: true });
    if (!/^[A-Za-z0-9][A-Za-z0-9_.@:-]*$/.test(s) || s.includes('..')) {
      throw new InvalidConfigError(`dependencies[${i}]`, `${JSON.stringify(s)} is not a valid service name`);
    }
    return s;
  });

  const workingDirectory = config.workingDirectory === undefined ? defaultDir : checkAbsolutePath('workingDirectory', config.workingDirectory);
  const chroot = config.chroot === undefined ? undefined : checkAbsolutePath('chroot', config.chroot);

  const env: Record<string, string> = {};
  if (config.env !== undefined) {
    if (typeof config.env !== 'object' || config.env === null || Array.isArray(config.env)) {
      throw new InvalidConfigError('env', 'must be an object of strings');
    }
    for (const [k, v] of Object.entries(config.env)) {
      if (!ENV_KEY_RE.test(k)) {
        throw new InvalidConfigError(`env.${k}`, 'variable names are letters, digits and "_", not starting with a digit');
      }
      if (k.toLowerCase().startsWith('__servicekit')) throw new InvalidConfigError(`env.${k}`, 'the prefix __servicekit is reserved');
      env[k] = checkText(`env.${k}`, v, { allowEmpty: true });
    }
  }

  const restart = config.restart ?? DEFAULTS.restart;
  if (restart !== 'always' && restart !== 'on-failure' && restart !== 'no') {
    throw new InvalidConfigError('restart', 'must be "always", "on-failure" or "no"');
  }
  const restartSec = config.restartSec === undefined ? DEFAULTS.restartSec : checkNumber('restartSec', config.restartSec, 0, 86400);
  const logOutput = config.logOutput === undefined ? false : checkBool('logOutput', config.logOutput);
  const logDirectory =
    config.logDirectory === undefined
      ? userService ? path.join(ctx.home, '.local', 'state', name) : DEFAULTS.logDirectory
      : checkAbsolutePath('logDirectory', config.logDirectory);

  const ses = config.successExitStatus ?? [];
  if (!Array.isArray(ses)) throw new InvalidConfigError('successExitStatus', 'must be an array of exit codes');
  const successExitStatus = ses.map((c, i) => checkNumber(`successExitStatus[${i}]`, c, 0, 255, true));

  let reloadSignal: string | undefined;
  if (config.reloadSignal !== undefined) {
    reloadSignal = checkText('reloadSignal', config.reloadSignal, { singleLine: true });
    if (!SIGNAL_RE.test(reloadSignal)) throw new InvalidConfigError('reloadSignal', 'must be a signal name such as SIGHUP');
  }
  const pidFile = config.pidFile === undefined ? undefined : checkAbsolutePath('pidFile', config.pidFile);
  const stopTimeoutSec = config.stopTimeoutSec === undefined ? DEFAULTS.stopTimeoutSec : checkNumber('stopTimeoutSec', config.stopTimeoutSec, 0.1, 3600);

  const systemd: SystemdOptions = {};
  if (config.systemd !== undefined) {
    const o = checkOptions('systemd', config.systemd, SYSTEMD_KEYS);
    if (o.type !== undefined) {
      if (o.type !== 'notify' && o.type !== 'exec' && o.type !== 'simple') {
        throw new InvalidConfigError('systemd.type', 'must be "notify", "exec" or "simple"');
      }
      systemd.type = o.type;
    }
    if (o.limitNOFILE !== undefined) systemd.limitNOFILE = checkNumber('systemd.limitNOFILE', o.limitNOFILE, 1, 2 ** 31, true);
    if (o.startLimitIntervalSec !== undefined) systemd.startLimitIntervalSec = checkNumber('systemd.startLimitIntervalSec', o.startLimitIntervalSec, 0, 86400);
    if (o.startLimitBurst !== undefined) systemd.startLimitBurst = checkNumber('systemd.startLimitBurst', o.startLimitBurst, 0, 1e6, true);
    if (o.watchdogSec !== undefined) systemd.watchdogSec = checkNumber('systemd.watchdogSec', o.watchdogSec, 1, 86400);
  }

  const launchd = { runAtLoad: true, sessionCreate: false };
  if (config.launchd !== undefined) {
    const o = checkOptions('launchd', config.launchd, LAUNCHD_KEYS);
    if (o.runAtLoad !== undefined) launchd.runAtLoad = checkBool('launchd.runAtLoad', o.runAtLoad);
    if (o.sessionCreate !== undefined) launchd.sessionCreate = checkBool('launchd.sessionCreate', o.sessionCreate);
  }

  const windows: ResolvedConfig['windows'] = { startType: 'automatic', delayedAutoStart: false, onFailureResetPeriodSec: 86400 };
  if (config.windows !== undefined) {
    const o = checkOptions('windows', config.windows, WINDOWS_KEYS);
    if (o.startType !== undefined) {
      if (o.startType !== 'automatic' && o.startType !== 'manual' && o.startType !== 'disabled') {
        throw new InvalidConfigError('windows.startType', 'must be "automatic", "manual" or "disabled"');
      }
      windows.startType = o.startType;
    }
    if (o.delayedAutoStart !== undefined) windows.delayedAutoStart = checkBool('windows.delayedAutoStart', o.delayedAutoStart);
    if (windows.delayedAutoStart && windows.startType !== 'automatic') {
      throw new InvalidConfigError('windows.delayedAutoStart', 'only applies to startType "automatic"');
    }
    if (o.password !== undefined) {
      // The message never quotes the value.
      if (typeof o.password !== 'string' || o.password.includes('\0') || !o.password.isWellFormed()) {
        throw new InvalidConfigError('windows.password', 'must be a string without NUL characters');
      }
      // Not enumerable: JSON.stringify / console.log of a resolved config never show it.
      Object.defineProperty(windows, 'password', { value: o.password, enumerable: false });
    }
    if (o.onFailure !== undefined) {
      if (o.onFailure !== 'restart' && o.onFailure !== 'reboot' && o.onFailure !== 'noaction') {
        throw new InvalidConfigError('windows.onFailure', 'must be "restart", "reboot" or "noaction"');
      }
      windows.onFailure = o.onFailure;
    }
    if (o.onFailureDelaySec !== undefined) windows.onFailureDelaySec = checkNumber('windows.onFailureDelaySec', o.onFailureDelaySec, 0, 86400);
    if (o.onFailureResetPeriodSec !== undefined) {
      windows.onFailureResetPeriodSec = checkNumber('windows.onFailureResetPeriodSec', o.onFailureResetPeriodSec, 0, 2 ** 31, true);
    }
  }

  return {
    name,
    displayName,
    description,
    ...(userName === undefined ? {} : { userName }),
    executable,
    arguments: argv,
    runsThisProgram,
    dependencies,
    workingDirectory,
    ...(chroot === undefined ? {} : { chroot }),
    env,
    userService,
    restart,
    restartSec,
    logOutput,
    logDirectory,
    successExitStatus,
    ...(reloadSignal === undefined ? {} : { reloadSignal }),
    ...(pidFile === undefined ? {} : { pidFile }),
    stopTimeoutSec,
    systemd,
    launchd,
    windows,
  };
}
