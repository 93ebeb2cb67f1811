/** CLI argument parsing (pure: argv in, a command description out); the help text is in usage.ts, loaded for --help only. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { InvalidArgumentError } from '../index.js';

const OPTIONS = {
  name: { type: 'string' },
  'display-name': { type: 'string' },
  description: { type: 'string' },
  user: { type: 'boolean' },
  linger: { type: 'boolean' },
  env: { type: 'string', multiple: true },
  'env-file': { type: 'string', multiple: true },
  workdir: { type: 'string' },
  'run-as': { type: 'string' },
  group: { type: 'string' },
  'memory-max': { type: 'string' },
  'cpu-quota': { type: 'string' },
  'limit-nofile': { type: 'string' },
  'limit-nproc': { type: 'string' },
  'kill-signal': { type: 'string' },
  'stop-timeout': { type: 'string' },
  restart: { type: 'string' },
  'restart-sec': { type: 'string' },
  type: { type: 'string' },
  dependency: { type: 'string', multiple: true },
  'log-output': { type: 'boolean' },
  'log-dir': { type: 'string' },
  template: { type: 'string' },
  start: { type: 'boolean' },
  'no-enable': { type: 'boolean' },
  'no-restart': { type: 'boolean' },
  prune: { type: 'boolean' },
  'dry-run': { type: 'boolean' },
  purge: { type: 'boolean' },
  'settle-ms': { type: 'string' },
  'start-type': { type: 'string' },
  'delayed-start': { type: 'boolean' },
  'password-env': { type: 'string' },
  'smf-prefix': { type: 'string' },
  json: { type: 'boolean' },
  watch: { type: 'boolean' },
  follow: { type: 'boolean', short: 'f' },
  lines: { type: 'string', short: 'n' },
  system: { type: 'string' },
  debug: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
} as const satisfies ParseArgsConfig['options'];

export type Verb = 'install' | 'update' | 'apply' | 'render' | 'uninstall' | 'start' | 'stop' | 'restart' | 'enable' | 'disable' | 'status' | 'logs' | 'list' | 'platform' | 'help' | 'version';
const VERBS: readonly Verb[] = ['install', 'update', 'apply', 'render', 'uninstall', 'start', 'stop', 'restart', 'enable', 'disable', 'status', 'logs', 'list', 'platform', 'help', 'version'];

type Values = ReturnType<typeof parse>['values'];
function parse(argv: string[]) {
  return parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
}

export interface ParsedCli {
  verb: Verb;
  values: Values;
  /** install/render: the command and its arguments; others: the service name. */
  positionals: string[];
}

/** Which options make sense with which verb. */
/** The options that make a service's configuration (install, update, render take them all). */
const CONFIG_OPTIONS = [
  'name', 'display-name', 'description', 'user', 'linger', 'env', 'env-file', 'workdir', 'run-as', 'group', 'restart', 'restart-sec', 'type', 'dependency',
  'log-output', 'log-dir', 'template', 'memory-max', 'cpu-quota', 'limit-nofile', 'limit-nproc', 'kill-signal', 'stop-timeout',
  'start-type', 'delayed-start', 'password-env', 'smf-prefix',
];
const ALLOWED: Record<Verb, readonly string[]> = {
  install: [...CONFIG_OPTIONS, 'start', 'settle-ms', 'no-enable'],
  update: [...CONFIG_OPTIONS, 'settle-ms', 'no-restart'],
  render: [...CONFIG_OPTIONS, 'no-enable'],
  apply: ['user', 'prune', 'dry-run', 'json', 'settle-ms'],
  uninstall: ['user', 'purge'],
  start: ['user'],
  stop: ['user'],
  restart: ['user'],
  enable: ['user'],
  disable: ['user'],
  status: ['user', 'json', 'watch'],
  logs: ['user', 'follow', 'lines'],
  list: ['user', 'json'],
  platform: [],
  help: [],
  version: [],
};
const COMMON = ['system', 'debug', 'help', 'version'];

export function parseCli(argv: string[]): ParsedCli {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (e) {
    const code = (e as { code?: string }).code;
    const hint = code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ? ' (put the program and its arguments after --)' : '';
    throw new InvalidArgumentError(`${(e as Error).message}${hint}`, { cause: e });
  }
  const { values, positionals } = parsed;
  if (values.help) return { verb: 'help', values, positionals: [] };
  if (values.version) return { verb: 'version', values, positionals: [] };
  const [first, ...rest] = positionals;
  if (first === undefined) return { verb: 'help', values, positionals: [] };
  if (!VERBS.includes(first as Verb)) throw new InvalidArgumentError(`unknown command ${JSON.stringify(first)}; see servicekit --help`);
  const verb = first as Verb;
  for (const k of Object.keys(values)) {
    if (!ALLOWED[verb].includes(k) && !COMMON.includes(k)) throw new InvalidArgumentError(`--${k} does not apply to ${verb}`);
  }
  if (verb === 'install' || verb === 'render') {
    if (!values.name) throw new InvalidArgumentError(`${verb} needs --name NAME`);
    if (rest.length === 0) throw new InvalidArgumentError(`${verb} needs the program to run: ${verb} --name NAME -- COMMAND [ARG]...`);
  } else if (verb === 'update') {
    // update NAME [options] [-- COMMAND…], or update --name NAME [options] [-- COMMAND…]
    if (values.name) return { verb, values, positionals: rest };
    const [name, ...command] = rest;
    if (name === undefined) throw new InvalidArgumentError('update needs the service: update NAME [options] [-- COMMAND [ARG]...]');
    return { verb, values: { ...values, name }, positionals: command };
  } else if (verb === 'apply') {
    if (rest.length !== 1) throw new InvalidArgumentError('apply takes one manifest file: apply FILE [--prune] [--dry-run] [--json]');
  } else if (['uninstall', 'start', 'stop', 'restart', 'enable', 'disable', 'status', 'logs'].includes(verb)) {
    if (rest.length !== 1) throw new InvalidArgumentError(`${verb} takes exactly one service name`);
  } else if (rest.length) {
    throw new InvalidArgumentError(`${verb} takes no arguments`);
  }
  return { verb, values, positionals: rest };
}

/** An own property whatever its name: `__proto__` too is a variable, not the object's prototype. */
function setVariable(out: Record<string, string>, k: string, v: string): void {
  Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
}

/** --env K=V (or K alone: copied from `env`). */
export function parseEnv(items: readonly string[] | undefined, env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of items ?? []) {
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

export function parseNumber(flag: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n)) throw new InvalidArgumentError(`--${flag} takes a number (got ${JSON.stringify(v)})`);
  return n;
}
