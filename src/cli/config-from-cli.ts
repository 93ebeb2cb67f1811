/**
 * The configuration install, update and render build from the command line (loaded by those
 * commands only): the options given, each turned into its option by its declaration (src/options/),
 * the command looked up, and for update the stored configuration with the options given over it.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createService, InvalidArgumentError, mergeConfig, type Config, type FlagContext } from '../index.js';
import { CONFIG_FLAGS, type ParsedCli } from './args.js';

/** Set a dotted option ("systemd.type") in a config. */
function setOption(cfg: Record<string, unknown>, key: string, value: unknown): void {
  const [group, member] = key.split('.') as [string, string | undefined];
  if (member === undefined) cfg[group] = value;
  else cfg[group] = { ...(cfg[group] as object | undefined), [member]: value };
}

/**
 * The config the options give (install, render, update). For another OS's platform (render
 * --system windows-service on Linux) nothing can be looked up here: the command, --workdir and
 * --log-dir are taken as given, absolute by that OS's rules. `partial` (an update over the stored
 * configuration): no defaults, only what was given; the command is optional.
 */
export async function configFromCli(p: ParsedCli, foreign: boolean, partial = false): Promise<Config> {
  const v = p.values;
  const [cmd, ...args] = p.positionals;
  const ctx: Omit<FlagContext, 'flag'> = { here: (dir) => (foreign ? dir : path.resolve(dir)), env: process.env, given: v, readText: readTemplate };
  const cfg: Record<string, unknown> = {};
  for (const f of CONFIG_FLAGS) {
    const raw = v[f.flag];
    if (raw !== undefined) setOption(cfg, f.key, f.to(raw as never, { ...ctx, flag: f.flag }));
  }
  if (cmd !== undefined) {
    const { resolveCommand } = await import('./command.js');
    const program = foreign ? { executable: cmd, arguments: args } : resolveCommand(cmd, args);
    cfg['executable'] = program.executable;
    cfg['arguments'] = program.arguments;
  }
  if (cfg['workingDirectory'] === undefined && !foreign && !partial) cfg['workingDirectory'] = process.cwd();
  return cfg as unknown as Config;
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

function readTemplate(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new InvalidArgumentError(`--template ${file}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
}
