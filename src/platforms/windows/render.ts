/**
 * Windows renderer (pure): config -> the arguments of CreateServiceW / ChangeServiceConfig2W and the
 * registry values install writes. No FFI here, so it is unit-tested on any OS.
 */
import type { ResolvedConfig } from '../../config.js';
import type { WindowsOnFailure, WindowsStartType } from '../../options/windows.js';
import { InvalidConfigError } from '../../errors.js';
import type { RenderedFile } from '../platform.js';
import { OWNER_VALUE, encodeEnvironment, eventSourceKey, serviceKey } from './env.js';
import { EVENTLOG, SC } from './constants.js';
import type { LogFiles } from './output.js';
import type { RestartPolicy } from '../../options/general.js';
import { checkAccount } from './accounts.js';
import { CREDENTIALS_VAR } from '../shared/credential-copies.js';

/**
 * How the SCM's process runs the program: the program itself (it calls servicekit's run(): this
 * program installing itself), node.exe with servicekit's preload before the script (any Node
 * program, one process), or servicekit's host running the program as its child (any other program).
 */
export type Launch = 'program' | 'node' | 'host';

/** servicekit's files a service's command line names (their Windows paths where it is installed). */
export interface ServicekitFiles {
  /** dist/windows-preload.cjs */
  preload: string;
  /** dist/servicekit-cli.cjs (its `host` command) */
  cli: string;
  /** The node.exe that runs the host. */
  node: string;
}

const NODE_EXECUTABLE = /^node(js)?[0-9.]*(\.exe)?$/i;
/** Where output files go when logDirectory is not given (under %ProgramData%). */
export const DEFAULT_LOG_DIRECTORY = 'C:\\ProgramData\\servicekit\\logs';

export function launchOf(cfg: ResolvedConfig): Launch {
  if (cfg.runsThisProgram) return 'program';
  const base = cfg.executable.slice(cfg.executable.lastIndexOf('\\') + 1);
  return NODE_EXECUTABLE.test(base) ? 'node' : 'host';
}

/** CreateProcess's limit on a command line, in UTF-16 code units (including the NUL). */
export const MAX_COMMAND_LINE = 32767;
/** Service names: at most 256 characters, no "/" or "\" (CreateServiceW). */
const MAX_SERVICE_NAME = 256;

/**
 * Quote one argument so that CommandLineToArgvW and the C runtime's parser (which node.exe uses)
 * give it back byte for byte: wrap in quotes when it is empty or holds white space or a quote;
 * inside quotes, backslashes are literal except before a quote, where they are doubled (and the
 * quote escaped), and trailing ones are doubled before the closing quote.
 */
export function quoteArg(arg: string): string {
  if (arg !== '' && !/[\s"]/.test(arg)) return arg;
  let out = '"';
  let slashes = 0;
  for (const ch of arg) {
    if (ch === '\\') {
      slashes++;
      continue;
    }
    if (ch === '"') {
      out += '\\'.repeat(slashes * 2 + 1) + '"';
    } else {
      out += '\\'.repeat(slashes) + ch;
    }
    slashes = 0;
  }
  return `${out}${'\\'.repeat(slashes * 2)}"`;
}

/** Drive-letter or UNC absolute path, no quotes or control characters (it is quoted as argv[0]). */
export function checkWindowsPath(field: string, p: string): string {
  if (!/^([A-Za-z]:\\|\\\\[^\\]+\\[^\\]+)/.test(p)) {
    throw new InvalidConfigError(field, `must be an absolute Windows path such as C:\\Program Files\\app\\app.exe (got ${JSON.stringify(p)})`);
  }
  // eslint-disable-next-line no-control-regex
  if (/["<>|?*\x00-\x1f]/.test(p.slice(2))) throw new InvalidConfigError(field, `${JSON.stringify(p)} holds a character Windows paths cannot have`);
  return p;
}

/**
 * Text the SCM would expand in a service's command line (ImagePath is REG_EXPAND_SZ: %NAME% is an
 * environment variable) and that has no escape: it cannot reach the program as given.
 */
export const SCM_EXPANDS = /%[^%\s"]+%/;

/** The command line the SCM runs, for the way the program is launched. */
export function commandLine(cfg: ResolvedConfig, launch: Launch, files: ServicekitFiles): string {
  const exe = checkWindowsPath('executable', cfg.executable);
  const words =
    launch === 'host'
      ? [`"${files.node}"`, quoteArg(files.cli), 'host', quoteArg(cfg.name)]
      : [`"${exe}"`, ...(launch === 'node' ? ['--require', quoteArg(files.preload)] : []), ...cfg.arguments.map(quoteArg)];
  const line = words.join(' ');
  const expand = SCM_EXPANDS.exec(line);
  if (expand) {
    const i = cfg.arguments.findIndex((a) => a.includes(expand[0]));
    throw new InvalidConfigError(
      i >= 0 ? `arguments[${i}]` : 'arguments',
      `${expand[0]} would be expanded as an environment variable by the Service Control Manager (no escape exists); ` +
        'pass the value through env instead',
    );
  }
  if (line.length + 1 > MAX_COMMAND_LINE) {
    throw new InvalidConfigError('arguments', `the command line would be ${line.length} characters; Windows allows ${MAX_COMMAND_LINE - 1}`);
  }
  return line;
}

/** The program's argv as the host starts it (CreateProcessW: nothing expands %NAME% there). */
function hostedArgv(cfg: ResolvedConfig): string[] {
  const argv = [checkWindowsPath('executable', cfg.executable), ...cfg.arguments];
  const line = argv.map(quoteArg).join(' ');
  if (line.length + 1 > MAX_COMMAND_LINE) {
    throw new InvalidConfigError('arguments', `the command line would be ${line.length} characters; Windows allows ${MAX_COMMAND_LINE - 1}`);
  }
  return argv;
}

export interface ScmSpec {
  name: string;
  displayName: string;
  description: string;
  /** CreateServiceW's lpBinaryPathName. */
  binaryPathName: string;
  startType: WindowsStartType;
  /** SERVICE_AUTO_START, SERVICE_DEMAND_START or SERVICE_DISABLED */
  startTypeCode: number;
  /** SERVICE_WIN32_OWN_PROCESS, with SERVICE_INTERACTIVE_PROCESS when interactive. */
  serviceType: number;
  delayedAutoStart: boolean;
  dependencies: string[];
  account?: string;
  hasPassword: boolean;
  /** hardening: the service SID type (SERVICE_SID_TYPE_UNRESTRICTED: its own SID in its token) and, with strict, the only privileges it keeps. */
  sandbox?: { level: 'standard' | 'strict'; sidType: number; privileges?: string[] };
  onFailure: WindowsOnFailure;
  /** SC_ACTION delay in ms and reset period in s. */
  onFailureDelayMs: number;
  onFailureResetPeriodSec: number;
  /** REG_MULTI_SZ "Environment" of the service key: KEY=VALUE strings. */
  environment: string[];
  /** Read by run() under the SCM: where to chdir (the SCM starts services in System32). */
  workingDirectory: string;
  stopTimeoutSec: number;
  launch: Launch;
  /** launch host: the program's argv (its executable first), which the host starts. */
  program?: string[];
  /** Where the output goes (logOutput): written by the preload or the host. */
  logs?: LogFiles;
  /** Environment files the preload or the host reads at each start (their values never enter the registry). */
  environmentFiles: string[];
  /** Copied at install and update into a directory of the service's own ($CREDENTIALS_DIRECTORY). */
  credentials?: SpecCredentials;
  /** launch host: what the host does when the program exits. */
  restart: RestartPolicy;
  restartSec: number;
}

const START_CODES: Record<WindowsStartType, number> = { automatic: SC.AUTO_START, manual: SC.DEMAND_START, disabled: SC.DISABLED };

/** The start type: windows.startType, or manual for `enabled: false` (not at boot, yet startable). */
function startTypeOf(cfg: ResolvedConfig): WindowsStartType {
  if (cfg.enabled) return cfg.windows.startType;
  if (cfg.windows.delayedAutoStart) throw new InvalidConfigError('windows.delayedAutoStart', 'a delayed start at boot, which enabled: false says it must not');
  if (cfg.given.includes('windows.startType') && cfg.windows.startType === 'automatic') {
    throw new InvalidConfigError('windows.startType', '"automatic" starts at boot, which enabled: false says it must not');
  }
  return cfg.given.includes('windows.startType') ? cfg.windows.startType : 'manual';
}

/** The start type code enable/disable set: automatic (at boot) or manual. */
export function bootStartCode(on: boolean): number {
  return on ? SC.AUTO_START : SC.DEMAND_START;
}
/** The event types an event source registers (TypesSupported): error, warning, information. */
export const EVENT_TYPES_SUPPORTED = EVENTLOG.ERROR | EVENTLOG.WARNING | EVENTLOG.INFORMATION;
/** Windows display names: at most 256 characters. */
const MAX_DISPLAY_NAME = 256;

/** The output files: on by default for a program servicekit's side runs (preload or host), which is where they are written. */
function logsOf(cfg: ResolvedConfig, launch: Launch): LogFiles | undefined {
  const on = cfg.given.includes('logOutput') ? cfg.logOutput : launch !== 'program';
  if (!on && cfg.given.includes('logDirectory')) throw new InvalidConfigError('logDirectory', 'applies to the output files, which are off (logOutput false, or a program that calls run() itself)');
  if (!on) return undefined;
  if (launch === 'program') throw new InvalidConfigError('logOutput', "a program that calls run() itself writes its own output: servicekit's side of the service, which would keep it, is not in its process");
  // By default a directory of its own, whose access is the service's (several services' accounts never share one).
  const dir = cfg.given.includes('logDirectory') ? checkWindowsPath('logDirectory', cfg.logDirectory) : `${DEFAULT_LOG_DIRECTORY}\\${cfg.name}`;
  const base = dir.endsWith('\\') ? dir : `${dir}\\`;
  return { out: `${base}${cfg.name}.out.log`, err: `${base}${cfg.name}.err.log` };
}

/** Where credentials are copied: one directory per service, servicekit's alone. */
const CREDENTIALS_ROOT = 'C:\\ProgramData\\servicekit\\credentials';

export interface SpecCredentials {
  directory: string;
  /** NAME → source file. */
  files: Record<string, string>;
}

export function credentialsDirectory(name: string): string {
  return `${CREDENTIALS_ROOT}\\${name}`;
}

/** Where the program finds its credentials, as under systemd. */

function credentialsOf(cfg: ResolvedConfig): SpecCredentials | undefined {
  const names = Object.keys(cfg.credentials);
  if (names.length === 0) return undefined;
  if (Object.keys(cfg.env).some((k) => k.toUpperCase() === CREDENTIALS_VAR)) throw new InvalidConfigError(`env.${CREDENTIALS_VAR}`, 'is set from credentials');
  const files = Object.fromEntries(names.map((n) => [n, checkWindowsPath(`credentials.${n}`, cfg.credentials[n]!)]));
  return { directory: credentialsDirectory(cfg.name), files };
}

export function scmSpec(cfg: ResolvedConfig, files: ServicekitFiles): ScmSpec {
  if (cfg.userService) throw new InvalidConfigError('userService', 'Windows services are machine-wide; per-user services are not supported');
  if (cfg.name.length > MAX_SERVICE_NAME) throw new InvalidConfigError('name', `Windows service names have at most ${MAX_SERVICE_NAME} characters`);
  if (cfg.displayName.length > MAX_DISPLAY_NAME) throw new InvalidConfigError('displayName', `Windows display names have at most ${MAX_DISPLAY_NAME} characters`);
  checkWindowsPath('workingDirectory', cfg.workingDirectory);
  const w = cfg.windows;
  const credentials = credentialsOf(cfg);
  const environment = encodeEnvironment(credentials === undefined ? cfg.env : { ...cfg.env, [CREDENTIALS_VAR]: credentials.directory }, cfg.workingDirectory);
  const onFailure: WindowsOnFailure = w.onFailure ?? (cfg.restart === 'no' ? 'noaction' : 'restart');
  if (w.interactive && cfg.userName !== undefined) {
    throw new InvalidConfigError('windows.interactive', 'an interactive service runs as LocalSystem: leave userName unset');
  }
  if (w.password !== undefined && cfg.userName === undefined) {
    throw new InvalidConfigError('windows.password', 'a password needs a userName (the account it belongs to)');
  }
  checkAccount(cfg.name, cfg.userName, w.password !== undefined);
  const sandbox = sandboxOf(cfg);
  // strict without an account: the service's own virtual account (NT SERVICE\NAME), not LocalSystem.
  const account = cfg.userName ?? (sandbox?.level === 'strict' ? `NT SERVICE\\${cfg.name}` : undefined);
  const startType = startTypeOf(cfg);
  const launch = launchOf(cfg);
  if (cfg.restart === 'always' && cfg.given.includes('restart') && launch !== 'host') {
    throw new InvalidConfigError('restart', 'the recovery actions of the Service Control Manager run after a failure only, not after a clean exit: use on-failure or no (servicekit\'s host, which runs programs other than Node, restarts always)');
  }
  const logs = logsOf(cfg, launch);
  const environmentFiles = cfg.environmentFiles.map((f, i) => checkWindowsPath(cfg.environmentFiles.length === 1 ? 'environmentFile' : `environmentFile[${i}]`, f));
  if (environmentFiles.length && launch === 'program') {
    throw new InvalidConfigError('environmentFile', "a program that calls run() itself is not started through servicekit's side, which reads the files: run it as a script (the preload) instead");
  }
  return {
    name: cfg.name,
    displayName: cfg.displayName,
    description: cfg.description,
    binaryPathName: commandLine(cfg, launch, files),
    startType,
    startTypeCode: START_CODES[startType],
    serviceType: SC.SERVICE_WIN32_OWN_PROCESS | (w.interactive ? SC.SERVICE_INTERACTIVE_PROCESS : 0),
    delayedAutoStart: w.delayedAutoStart,
    dependencies: cfg.dependencies,
    ...(account === undefined ? {} : { account }),
    hasPassword: w.password !== undefined,
    ...(sandbox === undefined ? {} : { sandbox }),
    onFailure,
    onFailureDelayMs: Math.round((w.onFailureDelaySec ?? cfg.restartSec) * 1000),
    onFailureResetPeriodSec: w.onFailureResetPeriodSec,
    environment,
    workingDirectory: cfg.workingDirectory,
    stopTimeoutSec: cfg.stopTimeoutSec,
    launch,
    ...(launch === 'host' ? { program: hostedArgv(cfg) } : {}),
    ...(logs ? { logs } : {}),
    environmentFiles,
    ...(credentials === undefined ? {} : { credentials }),
    restart: cfg.restart,
    restartSec: cfg.restartSec,
  };
}

/** Time past the stop timeout the machine's shutdown waits for the service's process to end. */
const PRESHUTDOWN_MARGIN_MS = 5000;

/** PRESHUTDOWN_INFO: the stop timeout, and time for the process to exit. */
export function preshutdownMs(s: Pick<ScmSpec, 'stopTimeoutSec'>): number {
  return Math.round(s.stopTimeoutSec * 1000) + PRESHUTDOWN_MARGIN_MS;
}

/** The message file that makes plain-text events readable in Event Viewer (as `eventcreate` does). */
export const EVENT_MESSAGE_FILE = '%SystemRoot%\\System32\\EventCreate.exe';

/** SERVICE_SID_TYPE_UNRESTRICTED: the service's SID joins its token, so ACLs can name the service itself. */
const SID_TYPE_UNRESTRICTED = 1;
/** What a strict service keeps: traversing directories it may not list. Every other privilege is removed from its token. */
const STRICT_PRIVILEGES = ['SeChangeNotifyPrivilege'];

/** The sandbox of a hardening level (none given: none, as before; the Service Control Manager sets it, run-time checks apply to the process). */
function sandboxOf(cfg: ResolvedConfig): ScmSpec['sandbox'] {
  const level = cfg.hardening ?? 'none';
  if (level === 'none') return undefined;
  return level === 'strict' ? { level, sidType: SID_TYPE_UNRESTRICTED, privileges: STRICT_PRIVILEGES } : { level, sidType: SID_TYPE_UNRESTRICTED };
}

/** A readable rendering of what install does (Service.render()); the password never appears. */
export function renderWindows(cfg: ResolvedConfig, files: ServicekitFiles): RenderedFile[] {
  const s = scmSpec(cfg, files);
  return [{ path: keyPath(s.name), content: renderSpec(s), mode: 0 }];
}

/** The service's registry key as render() and plans name it. */
export function keyPath(name: string): string {
  return `HKLM\\${serviceKey(name)}`;
}

/** The spec as text: what render() shows, and what update and apply compare (stored with the service). */
export function renderSpec(s: ScmSpec): string {
  const lines = [
    `CreateServiceW`,
    `  ServiceName      ${s.name}`,
    `  DisplayName      ${s.displayName}`,
    `  ServiceType      SERVICE_WIN32_OWN_PROCESS${s.serviceType & SC.SERVICE_INTERACTIVE_PROCESS ? ' | SERVICE_INTERACTIVE_PROCESS' : ''}`,
    `  StartType        ${s.startType}${s.delayedAutoStart ? ' (delayed)' : ''}`,
    `  BinaryPathName   ${s.binaryPathName}`,
    ...(s.program === undefined ? [] : [`  Hosted program   ${s.program.map(quoteArg).join(' ')} (restart ${s.restart} after ${s.restartSec} s)`]),
    `  Dependencies     ${s.dependencies.join(', ') || '(none)'}`,
    `  Account          ${s.account ?? 'LocalSystem'}${s.hasPassword ? ' (password set, not shown)' : ''}`,
    `ChangeServiceConfig2W`,
    ...(s.sandbox === undefined ? [] : [`  ServiceSidType   unrestricted (hardening ${s.sandbox.level})`]),
    ...(s.sandbox?.privileges === undefined ? [] : [`  RequiredPrivileges ${s.sandbox.privileges.join(', ')}`]),
    `  Description      ${s.description}`,
    `  PreshutdownInfo  ${preshutdownMs(s)} ms`,
    `  FailureActions   ${s.onFailure}${s.onFailure === 'noaction' ? '' : ` after ${s.onFailureDelayMs} ms`}, reset after ${s.onFailureResetPeriodSec} s`,
    keyPath(s.name),
    `  ${OWNER_VALUE} (REG_SZ) ${s.name}`,
    ...(s.logs === undefined ? [] : [`  Output           ${s.logs.out}, ${s.logs.err} (10 MiB, 5 kept)`]),
    ...(s.environmentFiles ?? []).map((f) => `  EnvironmentFile  ${f} (read at each start)`),
    ...Object.entries(s.credentials?.files ?? {}).map(([n, f]) => `  Credential       ${n}: ${f} (copied into ${s.credentials!.directory} at install and update)`),
    `  Environment (REG_MULTI_SZ)`,
    ...s.environment.map((e) => `    ${JSON.stringify(e)}`),
    `HKLM\\${eventSourceKey(s.name)}`,
    `  EventMessageFile (REG_EXPAND_SZ) ${EVENT_MESSAGE_FILE}`,
    `  TypesSupported (REG_DWORD) ${EVENT_TYPES_SUPPORTED}`,
  ];
  return lines.join('\n') + '\n';
}
