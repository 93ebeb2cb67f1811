/** CLI argument parsing (pure: argv in, a command description out); the help text is in usage.ts, loaded for --help only. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { hasFlag, InvalidArgumentError, OPTIONS as DECLARED, type Flag } from '../index.js';

/** The flags of the configuration's options, from their declarations (src/options/). */
export const CONFIG_FLAGS: readonly (Flag & { key: string })[] = Object.entries(DECLARED).flatMap(([key, d]) => (hasFlag(d) ? [{ ...d.cli, key }] : []));

type ParseOptions = NonNullable<ParseArgsConfig['options']>;
const CONFIG_PARSE: ParseOptions = Object.fromEntries(
  CONFIG_FLAGS.map((f) => [f.flag, f.arg === undefined ? { type: 'boolean' } : { type: 'string', ...(f.multiple ? { multiple: true } : {}) }]),
);

/** The flags of the commands themselves (not options of a service). */
const COMMAND_OPTIONS = {
  user: { type: 'boolean' },
  name: { type: 'string' },
  start: { type: 'boolean' },
  'no-enable': { type: 'boolean' },
  'no-restart': { type: 'boolean' },
  prune: { type: 'boolean' },
  'dry-run': { type: 'boolean' },
  'env-profile': { type: 'string' },
  yes: { type: 'boolean' },
  purge: { type: 'boolean' },
  'settle-ms': { type: 'string' },
  json: { type: 'boolean' },
  watch: { type: 'boolean' },
  follow: { type: 'boolean', short: 'f' },
  lines: { type: 'string', short: 'n' },
  system: { type: 'string' },
  debug: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
} as const satisfies ParseOptions;

const OPTIONS = { ...CONFIG_PARSE, ...COMMAND_OPTIONS } as const satisfies ParseOptions;

export type Verb = 'install' | 'update' | 'adopt' | 'apply' | 'render' | 'uninstall' | 'start' | 'stop' | 'restart' | 'enable' | 'disable' | 'status' | 'logs' | 'doctor' | 'list' | 'platform' | 'host' | 'help' | 'version';
const VERBS: readonly Verb[] = ['install', 'update', 'adopt', 'apply', 'render', 'uninstall', 'start', 'stop', 'restart', 'enable', 'disable', 'status', 'logs', 'doctor', 'list', 'platform', 'host', 'help', 'version'];

/** The values given: the commands' own flags typed, the options' flags by name (checked by resolveConfig). */
type Values = { [K in keyof typeof COMMAND_OPTIONS]?: (typeof COMMAND_OPTIONS)[K]['type'] extends 'boolean' ? boolean : string } & Record<string, string | boolean | string[] | undefined>;
function parse(argv: string[]): { values: Values; positionals: string[] } {
  return parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true }) as { values: Values; positionals: string[] };
}

export interface ParsedCli {
  verb: Verb;
  values: Values;
  /** install/render: the command and its arguments; others: the service name. */
  positionals: string[];
}

/** The options that make a service's configuration (install and render take them all, update all but --no-enable). */
const CONFIG_OPTIONS = CONFIG_FLAGS.map((f) => f.flag);
/** Which options make sense with which verb. */
const ALLOWED: Record<Verb, readonly string[]> = {
  install: [...CONFIG_OPTIONS, 'start', 'settle-ms'],
  // update keeps the service's enablement (enable and disable change it): --no-enable is install's.
  update: [...CONFIG_OPTIONS.filter((f) => f !== 'no-enable'), 'settle-ms', 'no-restart'],
  render: [...CONFIG_OPTIONS],
  adopt: [...CONFIG_OPTIONS.filter((f) => f !== 'no-enable'), 'settle-ms', 'no-restart', 'yes'],
  apply: ['user', 'prune', 'dry-run', 'json', 'settle-ms', 'env-profile'],
  uninstall: ['user', 'purge'],
  start: ['user'],
  stop: ['user'],
  restart: ['user'],
  enable: ['user'],
  disable: ['user'],
  status: ['user', 'json', 'watch'],
  logs: ['user', 'follow', 'lines'],
  doctor: ['user', 'json'],
  list: ['user', 'json'],
  platform: [],
  host: [],
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
  } else if (verb === 'update' || verb === 'adopt') {
    // update NAME [options] [-- COMMAND…], or update --name NAME [options] [-- COMMAND…]; adopt alike, with the COMMAND
    const name = values.name ?? rest[0];
    const command = values.name ? rest : rest.slice(1);
    if (name === undefined) throw new InvalidArgumentError(`${verb} needs the service: ${verb} NAME [options] ${verb === 'adopt' ? '' : '['}-- COMMAND [ARG]...${verb === 'adopt' ? '' : ']'}`);
    if (verb === 'adopt' && command.length === 0) throw new InvalidArgumentError('adopt needs the whole configuration, as install: adopt NAME [options] -- COMMAND [ARG]...');
    return { verb, values: { ...values, name }, positionals: command };
  } else if (verb === 'apply') {
    if (rest.length !== 1) throw new InvalidArgumentError('apply takes one manifest file: apply FILE [--prune] [--dry-run] [--json]');
  } else if (['uninstall', 'start', 'stop', 'restart', 'enable', 'disable', 'status', 'logs', 'doctor', 'host'].includes(verb)) {
    if (rest.length !== 1) throw new InvalidArgumentError(`${verb} takes exactly one service name`);
  } else if (rest.length) {
    throw new InvalidArgumentError(`${verb} takes no arguments`);
  }
  return { verb, values, positionals: rest };
}

export function parseNumber(flag: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n)) throw new InvalidArgumentError(`--${flag} takes a number (got ${JSON.stringify(v)})`);
  return n;
}
