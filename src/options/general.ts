/**
 * The options every platform may honour (Config's top-level keys): their declarations. Their checks
 * and defaults are applied by resolveConfig (config.ts), where some depend on others (userName on
 * userService, the working directory on the program).
 */
import { checkAbsolutePath, checkArray, checkBool, checkDuration, checkNumber, checkOneOf, checkSignalName } from '../checks.js';
import { InvalidArgumentError, InvalidConfigError } from '../errors.js';
import { checkListen } from '../listen.js';
import { setVariable } from '../variables.js';
import { as, type CheckContext, type FlagContext, type OptionDecl } from './declare.js';
import { checkKillSignal } from './limits.js';

/** systemd's Restart= set; every manager honours some (see docs/configuration.md). */
export type RestartPolicy = 'always' | 'on-failure' | 'no' | 'on-success' | 'on-abnormal' | 'on-abort' | 'on-watchdog';
export const RESTART_POLICIES = ['always', 'on-failure', 'no', 'on-success', 'on-abnormal', 'on-abort', 'on-watchdog'] as const satisfies readonly RestartPolicy[];
const BOOLEAN = ['true', 'false'] as const;
/** A credential's name: a file name systemd accepts, no path. */
const CREDENTIAL_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,254}$/;

/** --credential NAME=PATH, each path made absolute. */
function parseCredentials(raw: readonly string[], ctx: FlagContext): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of raw) {
    const i = item.indexOf('=');
    if (i <= 0) throw new InvalidArgumentError(`--credential ${JSON.stringify(item)}: want NAME=PATH`);
    out[item.slice(0, i)] = ctx.here(item.slice(i + 1));
  }
  return out;
}

/** NAME → absolute source file. */
function checkCredentials(field: string, v: unknown, ctx: CheckContext): Record<string, string> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new InvalidConfigError(field, 'must map credential names to source files');
  const out: Record<string, string> = {};
  for (const [name, file] of Object.entries(v)) {
    if (!CREDENTIAL_NAME.test(name)) throw new InvalidConfigError(`${field}.${name}`, 'a credential name is letters, digits, _ . - (a file name)');
    out[name] = checkAbsolutePath(`${field}.${name}`, file, ctx.paths);
  }
  return out;
}
/** How much the manager sandboxes the service (systemd: docs/security.md lists each level's directives and scores). */
export const HARDENING_LEVELS = ['none', 'standard', 'strict'] as const;
export type HardeningLevel = (typeof HARDENING_LEVELS)[number];

/** --env K=V (or K alone: copied from the command's environment). */
export function parseEnv(items: readonly string[], env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of items) {
    const i = item.indexOf('=');
    if (i === 0) throw new InvalidArgumentError(`--env ${JSON.stringify(item)}: missing variable name`);
    if (i < 0) {
      const v = env[item];
      if (v === undefined) throw new InvalidArgumentError(`--env ${item}: not set in this environment (use --env ${item}=VALUE)`);
      setVariable(out, item, v);
    } else {
      setVariable(out, item.slice(0, i), item.slice(i + 1));
    }
  }
  return out;
}

/** setpriority(2)'s range of nice values. */
const MIN_NICE = -20;
const MAX_NICE = 19;
const DAY_SEC = 86400;
/** At most this many processes of one service (instances). */
export const MAX_INSTANCES = 256;
const MAX_STOP_SEC = 3600;

/** Exit codes 0-255 and signal names, as an array or Go's space-separated string ("1 2 8 SIGKILL"). */
function checkExitStatus(field: string, v: unknown): (number | string)[] {
  const items = typeof v === 'string' ? v.trim().split(/\s+/).filter(Boolean).map((x) => (/^\d+$/.test(x) ? Number(x) : x)) : v;
  return checkArray(field, items, 'exit codes and signal names', (f, c) => (typeof c === 'number' ? checkNumber(f, c, 0, 255, true) : checkSignalName(f, c)));
}

const absolutePath = (f: string, v: unknown, ctx: CheckContext) => checkAbsolutePath(f, v, ctx.paths);

const text = { type: 'string' } as const;
const absolute = { type: 'string', minLength: 1 } as const;
const bool = { type: 'boolean' } as const;
const duration = { oneOf: [{ type: 'number', minimum: 0 }, { type: 'string' }] } as const;

export const GENERAL = {
  name: {
    doc: 'Service name: letters, digits, `_`, `.`, `-`, at most 100 characters.',
    schema: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$' },
    cli: { flag: 'name', arg: 'NAME', to: as.text },
    sample: 'other',
  },
  displayName: { doc: 'Display name (default: the name).', schema: text, cli: { flag: 'display-name', arg: 'S', to: as.text }, sample: 'D' },
  description: { doc: 'Description (default: the display name).', schema: text, cli: { flag: 'description', arg: 'S', to: as.text }, sample: 'd' },
  executable: {
    doc: 'Absolute path of the program (default: this Node running this script).',
    schema: absolute,
    cli: { none: 'the COMMAND after -- (a .js, .mjs or .cjs file runs with this Node)' },
    sample: '/usr/bin/other',
  },
  arguments: {
    doc: 'Arguments, passed exactly as given.',
    schema: { type: 'array', items: text },
    cli: { none: 'the ARGs after the COMMAND' },
    sample: ['a b', ''],
  },
  workingDirectory: {
    doc: 'Working directory (default: the script\'s directory; the CLI: the current one).',
    schema: absolute,
    cli: { flag: 'workdir', arg: 'DIR', to: as.path },
    sample: '/srv/app',
  },
  chroot: { doc: 'Root directory (chroot) of the service.', schema: absolute, cli: { flag: 'chroot', arg: 'DIR', to: as.path }, check: absolutePath, sample: '/srv' },
  env: {
    doc: 'Environment variables, passed exactly as given.',
    schema: { type: 'object', additionalProperties: text, propertyNames: { pattern: '^[A-Za-z_][A-Za-z0-9_]*$' } },
    cli: { flag: 'env', arg: 'K=V', multiple: true, help: 'environment variable, repeatable; --env K copies K from this environment', to: (raw: string[], ctx: FlagContext) => parseEnv(raw, ctx.env) },
    sample: { A: 'b c' },
  },
  environmentFile: {
    doc: "Files in systemd's EnvironmentFile syntax; systemd reads them at each start, the others at install and update.",
    schema: { oneOf: [absolute, { type: 'array', items: absolute }] },
    cli: { flag: 'env-file', arg: 'PATH', multiple: true, help: "variables from a file in systemd's EnvironmentFile syntax, repeatable", to: as.paths },
    sample: '/etc/app.env',
  },
  userName: {
    doc: 'Account the service runs as (system services).',
    schema: text,
    cli: { flag: 'run-as', arg: 'USER', to: as.text },
    sample: 'nobody',
  },
  groupName: { doc: "Group the service runs as (default: the account's own).", schema: text, cli: { flag: 'group', arg: 'GROUP', to: as.text }, sample: 'nogroup' },
  userService: {
    doc: 'A per-user service (systemd --user, a launchd agent) instead of a system service.',
    schema: bool,
    cli: { flag: 'user', to: as.on },
    values: BOOLEAN,
    sample: true,
  },
  linger: {
    doc: "A user service: keep the user's manager running without a login (loginctl enable-linger).",
    schema: bool,
    cli: { flag: 'linger', to: as.on },
    sample: true,
    needs: { userService: true },
    refusal: "lingering keeps a user's systemd manager running; there are no user services here",
  },
  enabled: {
    doc: 'Start at boot (at login for a user service); default true.',
    schema: bool,
    cli: { flag: 'no-enable', help: 'do not start it at boot (servicekit enable NAME does, later)', to: as.off },
    check: checkBool,
    default: true,
    values: BOOLEAN,
    sample: false,
  },
  dependencies: {
    doc: 'Services this one needs, started before it: plain names, or systemd [Unit] lines ("After=network.target").',
    schema: { type: 'array', items: text },
    cli: { flag: 'dependency', arg: 'NAME', multiple: true, help: 'a service this one needs, repeatable (or a systemd line "After=UNIT")', to: as.texts },
    sample: ['net'],
  },
  unitDependencies: {
    doc: 'Dependencies given as systemd [Unit] lines (the Go library\'s form), in `dependencies`.',
    cli: { none: '--dependency "After=UNIT"' },
    at: 'dependencies',
    sample: ['After=network.target'],
    refusal: 'dependencies given as systemd unit lines ("After=…") are systemd\'s; give plain service names',
  },
  restart: {
    doc: 'Restart policy (systemd\'s Restart= values); default always.',
    schema: { enum: RESTART_POLICIES },
    cli: { flag: 'restart', arg: 'POLICY', help: `${RESTART_POLICIES.join(' | ')} (default always)`, to: as.text },
    check: (f: string, v: unknown) => checkOneOf(f, v, RESTART_POLICIES),
    default: 'always',
    values: RESTART_POLICIES,
    sample: 'no',
  },
  restartSec: {
    doc: 'Delay before a restart: seconds or a duration ("500ms"); default 1.',
    schema: duration,
    cli: { flag: 'restart-sec', arg: 'SEC', to: as.duration },
    check: (f: string, v: unknown) => checkDuration(f, v, 0, DAY_SEC),
    default: 1,
    sample: 7,
  },
  successExitStatus: {
    doc: 'Exit codes and signals (besides 0) that count as a clean exit.',
    schema: { oneOf: [{ type: 'array', items: { oneOf: [{ type: 'integer', minimum: 0, maximum: 255 }, text] } }, text] },
    cli: { flag: 'success-exit-status', arg: 'CODE', multiple: true, help: 'an exit code or signal that counts as clean, repeatable', to: (raw: string[]) => raw.map((x) => (/^\d+$/.test(x) ? Number(x) : x)) },
    check: checkExitStatus,
    default: [],
    sample: [3, 'SIGUSR2'],
  },
  stopTimeoutSec: {
    doc: 'How long a stop may take before the manager kills it (plus 10 s); default 20.',
    schema: duration,
    cli: { flag: 'stop-timeout', arg: 'SEC', to: as.duration },
    check: (f: string, v: unknown) => checkDuration(f, v, 0.1, MAX_STOP_SEC),
    default: 20,
    sample: 5,
  },
  hardening: {
    doc: "Sandboxing: none, standard (systemd system services' default) or strict; read each level's directives in docs/security.md.",
    schema: { enum: HARDENING_LEVELS },
    cli: { flag: 'hardening', arg: 'LEVEL', help: 'none | standard (default for systemd system services) | strict', to: as.text },
    check: (f: string, v: unknown) => checkOneOf(f, v, HARDENING_LEVELS),
    values: HARDENING_LEVELS,
    sample: 'strict',
    refusal: "this manager's sandbox is not written yet (systemd, SysV, OpenRC and Windows have one)",
  },
  credentials: {
    doc: 'Secrets as files, not variables: NAME → a source file; the program reads $CREDENTIALS_DIRECTORY/NAME (systemd LoadCredential=; SysV, OpenRC, Upstart: a private copy; Windows: copied at install and update).',
    schema: { type: 'object', propertyNames: { pattern: CREDENTIAL_NAME.source }, additionalProperties: absolute },
    cli: { flag: 'credential', arg: 'NAME=PATH', multiple: true, help: 'a secret the program reads from $CREDENTIALS_DIRECTORY/NAME, repeatable', to: (raw: string[], ctx: FlagContext) => parseCredentials(raw, ctx) },
    check: checkCredentials,
    default: {},
    sample: { token: '/etc/app/token' },
    refusal: 'systemd (LoadCredential=), SysV, OpenRC and Upstart (a private copy at each start), launchd, SMF and Windows (a copy at install and update) load credentials',
  },
  readWritePaths: {
    doc: 'Paths the sandbox leaves writable besides the working directory (systemd ReadWritePaths=).',
    schema: { type: 'array', items: absolute },
    cli: { flag: 'read-write-path', arg: 'PATH', multiple: true, help: 'a path the sandbox leaves writable, repeatable', to: as.paths },
    check: (f: string, v: unknown, ctx: CheckContext) => checkArray(f, v, 'absolute paths', (g, p) => absolutePath(g, p, ctx)),
    default: [],
    sample: ['/var/cache/app'],
    refusal: "only systemd's sandbox makes paths read-only",
  },
  listen: {
    doc: 'Addresses the program listens on (PORT, IP:PORT, [IPv6]:PORT, a socket path), held by systemd and launchd through restarts; the program takes them with sockets().',
    schema: { oneOf: [text, { type: 'array', items: text }] },
    cli: { flag: 'listen', arg: 'ADDRESS', multiple: true, help: 'an address the manager holds for the program (PORT, IP:PORT, [IPv6]:PORT, a socket path), repeatable', to: as.texts },
    check: checkListen,
    default: [],
    sample: ['8080', '127.0.0.1:8081'],
  },
  instances: {
    doc: 'N processes of the service (a systemd template unit NAME@.service, instances 1..N, sharing the listen sockets); restart and update roll through them one at a time.',
    schema: { type: 'integer', minimum: 1, maximum: MAX_INSTANCES },
    cli: { flag: 'instances', arg: 'N', to: as.number },
    check: (f: string, v: unknown) => checkNumber(f, v, 1, MAX_INSTANCES, true),
    sample: 4,
    refusal: 'several processes of one definition need a manager that runs instances of a template (systemd)',
  },
  nice: {
    doc: 'Scheduling priority: -20 (most favourable) to 19 (least); unset leaves the manager\'s (0).',
    schema: { type: 'integer', minimum: -20, maximum: 19 },
    cli: { flag: 'nice', arg: 'N', to: as.number },
    check: (f: string, v: unknown) => checkNumber(f, v, MIN_NICE, MAX_NICE, true),
    sample: 5,
  },
  killSignal: { doc: 'The signal that stops the service; default SIGTERM.', schema: text, cli: { flag: 'kill-signal', arg: 'SIG', to: as.text }, check: checkKillSignal, default: 'SIGTERM', sample: 'SIGINT' },
  reloadSignal: {
    doc: 'The signal the manager sends on reload; run() calls the program\'s reload on it.',
    schema: text,
    cli: { flag: 'reload-signal', arg: 'SIG', to: as.text },
    sample: 'SIGHUP',
  },
  pidFile: { doc: 'A PID file the manager watches.', schema: absolute, cli: { flag: 'pid-file', arg: 'PATH', to: as.path }, check: absolutePath, sample: '/run/app.pid' },
  logOutput: {
    doc: 'Write stdout/stderr to files under logDirectory instead of the journal; default false.',
    schema: bool,
    cli: { flag: 'log-output', help: 'write stdout/stderr to files instead of the journal', to: as.on },
    check: checkBool,
    default: false,
    values: BOOLEAN,
    sample: true,
  },
  logDirectory: {
    doc: 'Directory of the log files (default /var/log/servicekit, a user service ~/.local/state/NAME).',
    schema: absolute,
    cli: { flag: 'log-dir', arg: 'DIR', to: as.path },
    sample: '/var/log/app',
  },
  template: {
    doc: 'A Mustache template (variables only) for the service file of the platform in use.',
    schema: text,
    cli: { flag: 'template', arg: 'FILE', help: 'a custom template for the service file (Mustache, variables only)', to: (raw: string, ctx: FlagContext) => ctx.readText(raw) },
    sample: 'custom\n',
  },
} as const satisfies Record<string, OptionDecl>;
