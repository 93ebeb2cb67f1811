/**
 * The configuration install, update and render build from the command line (loaded by those
 * commands only): the options given, the command looked up, and for update the stored
 * configuration with the options given over it.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createService, InvalidArgumentError, type Config, type RestartPolicy } from '../index.js';
import { parseEnv, parseNumber, type ParsedCli } from './args.js';

/**
 * The config the options give (install, render, update). For another OS's platform (render
 * --system windows-service on Linux) nothing can be looked up here: the command, --workdir and
 * --log-dir are taken as given, absolute by that OS's rules. `partial` (an update over the stored
 * configuration): no defaults, only what was given; the command is optional.
 */
export async function configFromCli(p: ParsedCli, foreign: boolean, partial = false): Promise<Config> {
  const v = p.values;
  const [cmd, ...args] = p.positionals;
  const here = (dir: string) => (foreign ? dir : path.resolve(dir));
  const cfg: Config = { name: v.name! };
  if (cmd !== undefined) {
    const { resolveCommand } = await import('./command.js');
    const program = foreign ? { executable: cmd, arguments: args } : resolveCommand(cmd, args);
    cfg.executable = program.executable;
    cfg.arguments = program.arguments;
  }
  if (v['display-name'] !== undefined) cfg.displayName = v['display-name'];
  if (v.description !== undefined) cfg.description = v.description;
  if (v.user) cfg.userService = true;
  if (v.linger) cfg.linger = true;
  if (v.env) cfg.env = parseEnv(v.env, process.env);
  if (v['env-file']) cfg.environmentFile = v['env-file'].map(here);
  if (v.workdir !== undefined) cfg.workingDirectory = here(v.workdir);
  else if (!foreign && !partial) cfg.workingDirectory = process.cwd();
  if (v['run-as'] !== undefined) cfg.userName = v['run-as'];
  if (v.group !== undefined) cfg.groupName = v.group;
  if (v['kill-signal'] !== undefined) cfg.killSignal = v['kill-signal'];
  const stopTimeout = parseNumber('stop-timeout', v['stop-timeout']);
  if (stopTimeout !== undefined) cfg.stopTimeoutSec = stopTimeout;
  const limits = limitsFromCli(v);
  if (Object.keys(limits).length) cfg.limits = limits;
  if (v.restart !== undefined) cfg.restart = v.restart as RestartPolicy; // validated by resolveConfig
  const rs = parseNumber('restart-sec', v['restart-sec']);
  if (rs !== undefined) cfg.restartSec = rs;
  if (v.type !== undefined) cfg.systemd = { type: v.type as 'notify' | 'exec' | 'simple' };
  if (v.dependency) cfg.dependencies = v.dependency;
  if (v['log-output']) cfg.logOutput = true;
  if (v['log-dir'] !== undefined) cfg.logDirectory = here(v['log-dir']);
  if (v.template !== undefined) cfg.template = readTemplate(v.template);
  const windows: NonNullable<Config['windows']> = {};
  if (v['start-type'] !== undefined) windows.startType = v['start-type'] as 'automatic'; // validated by resolveConfig
  if (v['delayed-start']) windows.delayedAutoStart = true;
  if (v['password-env'] !== undefined) {
    if (v['run-as'] === undefined) throw new InvalidArgumentError('--password-env is the password of the --run-as account: give --run-as too');
    const pw = process.env[v['password-env']];
    if (pw === undefined) throw new InvalidArgumentError(`--password-env ${v['password-env']}: not set in this environment`);
    windows.password = pw;
  }
  if (Object.keys(windows).length) cfg.windows = windows;
  if (v['smf-prefix'] !== undefined) cfg.smf = { prefix: v['smf-prefix'] };
  if (v['no-enable']) cfg.enabled = false;
  return cfg;
}

/** The groups of options an update merges key by key (`--env K=V` adds or changes K, keeps the rest). */
const MERGED = ['env', 'limits', 'systemd', 'launchd', 'windows', 'smf', 'templates'] as const;

/** The stored configuration with what was given over it: only what is given changes. */
function mergeConfig(stored: Config, given: Config): Config {
  const out: Config = { ...stored, ...given };
  for (const k of MERGED) {
    if (stored[k] !== undefined && given[k] !== undefined) (out as unknown as Record<string, unknown>)[k] = { ...stored[k], ...given[k] };
  }
  return out;
}

/**
 * update's configuration: the one stored with the service at install (or its last update) with the
 * options given over it; without a stored one (an earlier servicekit's install, or a template
 * function it could not store), the whole configuration must be given, as for install.
 */
export async function updatedConfig(p: ParsedCli): Promise<Config> {
  const name = p.values.name!;
  const stored = await createService(null, { name, ...(p.values.user ? { userService: true } : {}) }).installedConfig();
  if (stored?.complete) return mergeConfig(stored.config, await configFromCli(p, false, true));
  if (p.positionals.length) return configFromCli(p, false);
  const why = stored ? 'part of its stored configuration could not be stored (a template function)' : 'it has no stored configuration (installed by an earlier servicekit)';
  throw new InvalidArgumentError(`${name}: ${why}; give the whole configuration: update --name ${name} [options] -- COMMAND [ARG]...`);
}

/** --memory-max, --cpu-quota, --limit-nofile, --limit-nproc (checked by resolveConfig). */
function limitsFromCli(v: ParsedCli['values']): NonNullable<Config['limits']> {
  const count = (flag: string, s: string | undefined) => (s === undefined || s === 'infinity' ? s : parseNumber(flag, s));
  const limits: NonNullable<Config['limits']> = {};
  if (v['memory-max'] !== undefined) limits.memoryMax = /^\d+$/.test(v['memory-max']) ? Number(v['memory-max']) : v['memory-max'];
  const cpu = parseNumber('cpu-quota', v['cpu-quota']?.replace(/%$/, ''));
  if (cpu !== undefined) limits.cpuQuota = cpu;
  const nofile = count('limit-nofile', v['limit-nofile']);
  if (nofile !== undefined) limits.openFiles = nofile as number | 'infinity';
  const nproc = count('limit-nproc', v['limit-nproc']);
  if (nproc !== undefined) limits.processes = nproc as number | 'infinity';
  return limits;
}

function readTemplate(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new InvalidArgumentError(`--template ${file}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
}
