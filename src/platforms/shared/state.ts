/**
 * The configuration a service was installed (or last updated) with, stored beside it as JSON
 * (NAME.json, readable by its owner only: it holds the environment) so that `servicekit update NAME
 * --option …` changes only what is given. Pure: rendering and reading the file's text.
 *
 * Stored is the config as given, except: the program (executable, arguments, working directory)
 * as resolved, since another process re-reading it must run the same program; the readiness type
 * where the running program was the default (it calls run()); never windows.password; templates
 * given as functions cannot be stored (the file says so, and an update must then be given whole).
 */
import type { Config, ResolvedConfig } from '../../config.js';
import { markText } from '../ownership.js';
import type { StoredState } from '../platform.js';
import { serviceType } from './sd-notify.js';


function storable(cfg: ResolvedConfig, honoursType: boolean): StoredState {
  // (source never holds windows.password: resolveConfig leaves it out.)
  const { templates, template, ...rest } = cfg.source;
  const config: Config = { ...rest, executable: cfg.executable, arguments: cfg.arguments, workingDirectory: cfg.workingDirectory };
  if (cfg.runsThisProgram && honoursType && cfg.source.systemd?.type === undefined) config.systemd = { ...cfg.source.systemd, type: serviceType(cfg) };
  let complete = true;
  if (typeof template === 'string') config.template = template;
  else if (template !== undefined) complete = false;
  if (templates !== undefined) {
    const strings = Object.entries(templates).filter(([, t]) => typeof t === 'string');
    if (strings.length !== Object.keys(templates).length) complete = false;
    if (strings.length) config.templates = Object.fromEntries(strings);
  }
  return { config, complete };
}

/** The state file's text: the mark (servicekit's file, for the ownership checks), then the config. */
export function renderState(cfg: ResolvedConfig, honoursType: boolean): string {
  const { config, complete } = storable(cfg, honoursType);
  return JSON.stringify({ mark: markText(cfg.name), complete, config }, null, 2) + '\n';
}

/** The stored config, or undefined when the text is not a state file of this service. */
export function parseState(text: string, name: string): StoredState | undefined {
  try {
    const o = JSON.parse(text) as { mark?: unknown; complete?: unknown; config?: Config };
    if (o.mark !== markText(name) || typeof o.config !== 'object' || o.config === null || o.config.name !== name) return undefined;
    return { config: o.config, complete: o.complete === true };
  } catch {
    return undefined;
  }
}
