/**
 * A pm2 ecosystem file (`ecosystem.config.js` / `.json`: `{ apps: [...] }`) as an apply manifest
 * (pure): each app a service on the OS's own manager. Each pm2 key is mapped to its native
 * equivalent or refused, named, with the reason; none is dropped.
 */
import path from 'node:path';
import type { Config } from './config.js';
import { InvalidConfigError } from './errors.js';

/** pm2's keys mapped to servicekit's options (appConfig), env_NAME aside. */
const KNOWN = new Set([
  ...['name', 'script', 'args', 'interpreter', 'interpreter_args', 'node_args', 'cwd', 'env'],
  ...['autorestart', 'restart_delay', 'kill_timeout', 'kill_signal', 'max_memory_restart', 'max_restarts', 'uid', 'gid'],
  ...['out_file', 'error_file', 'log_file', 'instances', 'exec_mode'],
]);

/** Keys with no native equivalent, and why (pm2's own daemon does these). */
const REFUSED: Record<string, string> = {
  watch: "restarting on file changes is pm2's daemon watching files; no service manager does it",
  ignore_watch: "goes with watch, which pm2's daemon does",
  cron_restart: 'a restart on a schedule needs a timer of its own (e.g. a systemd timer running servicekit restart NAME)',
  min_uptime: 'servicekit counts a start as good after its settle window (1.5 s), and the manager limits restarts by count (max_restarts)',
  exp_backoff_restart_delay: 'the managers restart after a fixed delay (restart_delay)',
  wait_ready: 'use systemd.type "notify" and run(): READY=1 is what the manager waits for',
  listen_timeout: 'goes with wait_ready',
  shutdown_with_message: "pm2's message to its child; the managers send a signal (kill_signal)",
  increment_var: "pm2's per-instance counter",
  instance_var: "pm2's per-instance variable",
  merge_logs: "pm2's log files; logOutput writes NAME's output to files",
  log_date_format: "pm2 prefixes lines with a date; journald and syslog time-stamp each line themselves",
  time: "pm2 prefixes lines with a date; journald and syslog time-stamp each line themselves",
  pid_file: "pm2's own PID file; the manager knows the PID",
  vizion: "pm2's version-control metadata",
  post_update: "pm2's deploy hooks",
  namespace: "pm2's grouping; servicekit's services are named alone",
  source_map_support: "a pm2 runtime option; give node's --enable-source-maps in node_args",
  force: "pm2's start of a second copy of a running app",
  stop_exit_codes: 'give successExitStatus in a servicekit manifest',
};

/** The ecosystem as pm2 reads it: `{ apps: [...] }` (pm2 also takes a bare app list). */
export function isEcosystem(x: unknown): x is { apps: unknown[] } {
  return typeof x === 'object' && x !== null && !Array.isArray(x) && Array.isArray((x as { apps?: unknown }).apps) && !('services' in x);
}

export interface EcosystemContext {
  /** Where relative paths are resolved when an app has no cwd: the ecosystem file's directory. */
  baseDir: string;
  /** pm2's `--env NAME`: env_NAME over env. */
  profile?: string;
  /** The CPUs pm2's "max" instances means. */
  cpus: number;
  /** The node that runs a script whose interpreter is node (pm2's default). */
  node: string;
}

/** pm2's `args`: an array, or one string split as a shell splits words (quotes kept together). */
function splitArgs(v: unknown, field: string): string[] {
  if (v === undefined) return [];
  if (Array.isArray(v) && v.every((a) => typeof a === 'string')) return v as string[];
  if (typeof v !== 'string') throw new InvalidConfigError(field, 'must be a string or a list of strings');
  const words = v.match(/"[^"]*"|'[^']*'|\S+/g) ?? [];
  return words.map((w) => (/^(["']).*\1$/.test(w) ? w.slice(1, -1) : w));
}

/** pm2's sizes ("150M", "1G", bytes) as servicekit's (the same suffixes). */
function size(v: unknown, field: string): number | string {
  if (typeof v === 'number' || (typeof v === 'string' && /^\d+[KMG]?$/i.test(v))) return typeof v === 'string' ? v.toUpperCase() : v;
  throw new InvalidConfigError(field, 'must be bytes or a size such as "150M" or "1G"');
}

function milliseconds(v: unknown, field: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new InvalidConfigError(field, 'must be a number of milliseconds');
  return v / 1000;
}

/** The log directory of out_file / error_file / log_file: they must share one. */
function logDirectory(app: Record<string, unknown>, at: (k: string) => string, cwd: string): string | undefined {
  const files = ['out_file', 'error_file', 'log_file'].filter((k) => app[k] !== undefined);
  if (files.length === 0) return undefined;
  const dirs = new Set(files.map((k) => {
    const f = app[k];
    if (typeof f !== 'string') throw new InvalidConfigError(at(k), 'must be a path');
    return path.dirname(path.resolve(cwd, f));
  }));
  if (dirs.size > 1) throw new InvalidConfigError(at(files[1]!), `servicekit writes NAME.out.log and NAME.err.log into one directory; ${files.join(' and ')} name ${dirs.size}`);
  return [...dirs][0];
}

function envOf(app: Record<string, unknown>, at: (k: string) => string, profile: string | undefined): Record<string, string> | undefined {
  const layer = (k: string): Record<string, string> => {
    const v = app[k] ?? {};
    if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new InvalidConfigError(at(k), 'must be an object of variables');
    return Object.fromEntries(Object.entries(v).map(([name, value]) => [name, String(value)]));
  };
  const env = { ...layer('env'), ...(profile === undefined ? {} : layer(`env_${profile}`)) };
  return Object.keys(env).length ? env : undefined;
}

/**
 * instances / exec_mode: pm2's count (a number; 0, "max": one per CPU; -N: that many fewer) as
 * instances, from 2 on (1: one plain service). In cluster mode the processes share a port — pm2's
 * daemon does it through Node's cluster module; here the manager holds it (listen), given by the
 * app's PORT, and each process takes it with sockets() or LISTEN_FDS (docs/sockets.md).
 */
function instancesOf(app: Record<string, unknown>, at: (k: string) => string, ctx: EcosystemContext, env: Record<string, string> | undefined): Pick<Config, 'instances' | 'listen'> {
  const mode = app['exec_mode'];
  if (mode !== undefined && !['fork', 'fork_mode', 'cluster', 'cluster_mode'].includes(String(mode))) throw new InvalidConfigError(at('exec_mode'), `${JSON.stringify(mode)} is not fork or cluster`);
  const raw = app['instances'];
  if (raw === undefined) return {};
  const given = raw === 'max' ? 0 : Number(raw);
  if (!Number.isInteger(given)) throw new InvalidConfigError(at('instances'), `${JSON.stringify(raw)}: want a number or "max"`);
  const n = given <= 0 ? Math.max(1, ctx.cpus + given) : given;
  if (n === 1) return {};
  const cluster = String(mode).startsWith('cluster');
  const port = env?.['PORT'];
  return { instances: n, ...(cluster && port !== undefined ? { listen: [port] } : {}) };
}

/** The program: the script run by its interpreter (node by default; "none": the script is the program). */
function program(app: Record<string, unknown>, at: (k: string) => string, cwd: string, ctx: EcosystemContext): Pick<Config, 'executable' | 'arguments'> {
  const script = app['script'];
  if (typeof script !== 'string' || script === '') throw new InvalidConfigError(at('script'), 'is required: the program or script to run');
  const interpreter = app['interpreter'] ?? 'node';
  if (typeof interpreter !== 'string') throw new InvalidConfigError(at('interpreter'), 'must be a path, "node" or "none"');
  const runArgs = splitArgs(app['interpreter_args'] ?? app['node_args'], at(app['interpreter_args'] === undefined ? 'node_args' : 'interpreter_args'));
  const args = splitArgs(app['args'], at('args'));
  // Relative to the app's directory, as pm2 resolves it (a command pm2 would find on PATH: give its absolute path).
  const target = path.resolve(cwd, script);
  if (interpreter === 'none') return { executable: target, arguments: args };
  const exe = interpreter === 'node' || interpreter === 'nodejs' ? ctx.node : interpreter;
  if (!path.isAbsolute(exe)) throw new InvalidConfigError(at('interpreter'), `${JSON.stringify(exe)}: give the interpreter's absolute path (a service has no PATH of yours)`);
  return { executable: exe, arguments: [...runArgs, target, ...args] };
}

function appConfig(app: unknown, i: number, ctx: EcosystemContext): Config {
  if (typeof app !== 'object' || app === null || Array.isArray(app)) throw new InvalidConfigError(`apps[${i}]`, 'must be an object');
  const a = app as Record<string, unknown>;
  const at = (k: string) => `apps[${i}]${typeof a['name'] === 'string' ? ` (${a['name']})` : ''}.${k}`;
  for (const k of Object.keys(a)) {
    if (REFUSED[k] !== undefined) throw new InvalidConfigError(at(k), `has no native equivalent: ${REFUSED[k]}`);
    if (!KNOWN.has(k) && !/^env_\w+$/.test(k)) throw new InvalidConfigError(at(k), "is not a pm2 key servicekit knows; remove it, or say what it should do");
  }
  if (typeof a['name'] !== 'string') throw new InvalidConfigError(at('name'), 'is required (the service name)');
  const cwd = typeof a['cwd'] === 'string' ? path.resolve(ctx.baseDir, a['cwd']) : ctx.baseDir;
  const env = envOf(a, at, ctx.profile);
  const logs = logDirectory(a, at, cwd);
  return {
    name: a['name'],
    ...program(a, at, cwd, ctx),
    workingDirectory: cwd,
    ...(env === undefined ? {} : { env }),
    ...instancesOf(a, at, ctx, env),
    ...(a['autorestart'] === undefined ? {} : { restart: a['autorestart'] === false ? 'no' : 'always' }),
    ...(a['restart_delay'] === undefined ? {} : { restartSec: milliseconds(a['restart_delay'], at('restart_delay')) }),
    ...(a['kill_timeout'] === undefined ? {} : { stopTimeoutSec: milliseconds(a['kill_timeout'], at('kill_timeout')) }),
    // pm2 stops an app with SIGINT (then SIGKILL after kill_timeout): a program written for pm2 listens for it.
    killSignal: a['kill_signal'] === undefined ? 'SIGINT' : String(a['kill_signal']),
    ...(a['max_memory_restart'] === undefined ? {} : { limits: { memoryMax: size(a['max_memory_restart'], at('max_memory_restart')) } }),
    ...(a['max_restarts'] === undefined ? {} : { systemd: { startLimitBurst: Number(a['max_restarts']) } }),
    ...(a['uid'] === undefined ? {} : { userName: String(a['uid']) }),
    ...(a['gid'] === undefined ? {} : { groupName: String(a['gid']) }),
    ...(logs === undefined ? {} : { logOutput: true, logDirectory: logs }),
  } as Config;
}

/** The ecosystem's apps as a manifest's services (each still checked by apply, as any manifest). */
export function fromEcosystem(eco: { apps: unknown[] }, ctx: EcosystemContext): { services: Config[] } {
  return { services: eco.apps.map((app, i) => appConfig(app, i, ctx)) };
}
