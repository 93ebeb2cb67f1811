/** CLI argument parsing (pure: argv in, a command description out). */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { InvalidArgumentError } from '../index.js';

export const USAGE = `servicekit — run any program as a native OS service

Usage:
  servicekit install --name NAME [options] [--start] -- COMMAND [ARG]...
  servicekit render  --name NAME [options] -- COMMAND [ARG]...   print what install would write
  servicekit update  --name NAME [options] [--no-restart] -- COMMAND [ARG]...
                                              rewrite an installed service to this configuration
                                              (the whole of it, as for install); restarts it if it ran
  servicekit uninstall NAME [--user] [--purge] --purge: its log files too (else kept, and said where)
  servicekit start|stop|restart NAME [--user]
  servicekit enable|disable NAME [--user]     start at boot (login) or not; neither starts nor stops it
  servicekit status NAME [--user] [--json] [--watch]
                                              exit 0 running, 3 any other state, 4 not installed;
                                              --watch: a line per change until Ctrl-C
  servicekit logs NAME [--user] [-f] [-n N]
  servicekit list [--user] [--json]           the services servicekit installed, with their state
  servicekit platform                         print the detected service manager

Install options:
  --name NAME              service name (letters, digits, _ . -)
  --display-name S         display name
  --description S          description
  --user                   per-user service (systemd --user) instead of a system service
  --env K=V                environment variable, repeatable; --env K copies K from this environment
  --workdir DIR            working directory (default: the current directory)
  --run-as USER            account to run as (system services)
  --restart POLICY         always | on-failure | no (default always)
  --restart-sec N          seconds before a restart (default 1)
  --type TYPE              systemd: notify (program calls run()) | exec (default) | simple
  --dependency NAME        a service this one needs, repeatable
  --log-output             write stdout/stderr to files instead of the journal
  --log-dir DIR            directory for those files
  --template FILE          a custom template for the service file (Mustache, variables only;
                           see the README for each platform's variables)
  --no-enable              do not start it at boot (servicekit enable NAME does, later)
  --start                  start after installing; fail and roll back if it does not come up
  --settle-ms N            with --start: how long it must stay up to count as started (default 1500)
  --start-type TYPE        Windows: automatic (default) | manual | disabled
  --delayed-start          Windows: delayed automatic start
  --password-env VAR       Windows: the --run-as account's password, read from variable VAR
                           (never from the command line)
  --smf-prefix PREFIX      Solaris SMF: the FMRI's category, svc:/PREFIX/NAME (default application)

Common options:
  --system PLATFORM        force a service manager (e.g. linux-systemd)
  --debug                  print stack traces
  -h, --help               this text
  --version                print the version

A COMMAND ending in .js, .mjs or .cjs runs with this Node (${process.execPath}).`;

const OPTIONS = {
  name: { type: 'string' },
  'display-name': { type: 'string' },
  description: { type: 'string' },
  user: { type: 'boolean' },
  env: { type: 'string', multiple: true },
  workdir: { type: 'string' },
  'run-as': { type: 'string' },
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

export type Verb = 'install' | 'update' | 'render' | 'uninstall' | 'start' | 'stop' | 'restart' | 'enable' | 'disable' | 'status' | 'logs' | 'list' | 'platform' | 'help' | 'version';
const VERBS: readonly Verb[] = ['install', 'update', 'render', 'uninstall', 'start', 'stop', 'restart', 'enable', 'disable', 'status', 'logs', 'list', 'platform', 'help', 'version'];

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
const ALLOWED: Record<Verb, readonly string[]> = {
  install: ['name', 'display-name', 'description', 'user', 'env', 'workdir', 'run-as', 'restart', 'restart-sec', 'type', 'dependency', 'log-output', 'log-dir', 'template', 'start', 'settle-ms', 'no-enable', 'start-type', 'delayed-start', 'password-env', 'smf-prefix'],
  update: ['name', 'display-name', 'description', 'user', 'env', 'workdir', 'run-as', 'restart', 'restart-sec', 'type', 'dependency', 'log-output', 'log-dir', 'template', 'settle-ms', 'no-restart', 'start-type', 'delayed-start', 'password-env', 'smf-prefix'],
  render: ['name', 'display-name', 'description', 'user', 'env', 'workdir', 'run-as', 'restart', 'restart-sec', 'type', 'dependency', 'log-output', 'log-dir', 'template', 'no-enable', 'start-type', 'delayed-start', 'password-env', 'smf-prefix'],
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
  if (verb === 'install' || verb === 'update' || verb === 'render') {
    if (!values.name) throw new InvalidArgumentError(`${verb} needs --name NAME`);
    if (rest.length === 0) throw new InvalidArgumentError(`${verb} needs the program to run: ${verb} --name NAME -- COMMAND [ARG]...`);
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
