/**
 * Refusal: an option set explicitly (ResolvedConfig.given) that its platform does not honour (its
 * allow-list, honours.ts) is refused with ERR_UNSUPPORTED naming the option and the platform,
 * never silently dropped. The message is written here once; the reason comes from the platform
 * (why) or from the option's declaration (another platform's option).
 */
import type { ResolvedConfig } from '../config.js';
import { UnsupportedError } from '../errors.js';
import { declOf } from '../options/index.js';
import type { Honour, Platform, Support } from './platform.js';

/** Where neither the platform nor the declaration says why (a test requires one of them to). */
const NOT_HONOURED = 'this platform does not honour it';

/** The resolved value of an option ("restart", "systemd.type"). */
function valueOf(cfg: ResolvedConfig, option: string): unknown {
  const [group, key] = option.split('.') as [string, string | undefined];
  const top = (cfg as unknown as Record<string, unknown>)[group];
  return key === undefined ? top : (top as Record<string, unknown> | undefined)?.[key];
}

/** Does the configuration meet what an option's honour needs (its values, the other options it goes with)? The first unmet key, else undefined. */
function unmet(cfg: ResolvedConfig, option: string, h: Honour): string | undefined {
  if (h === true) return undefined;
  if (h.values !== undefined) {
    const v = String(valueOf(cfg, option));
    if (!h.values.includes(v)) return `${option}=${v}`;
  }
  for (const [k, v] of Object.entries(h.when ?? {})) if (!(Array.isArray(v) ? v : [v]).includes(valueOf(cfg, k))) return option;
  return undefined;
}

/** Why `platform` refuses `option` as the config sets it; undefined when it honours it. */
export function refusalOf(cfg: ResolvedConfig, option: string, support: Support): string | undefined {
  const h = (support.honours as Record<string, Honour | undefined>)[option];
  const key = h === undefined ? option : unmet(cfg, option, h);
  if (key === undefined) return undefined;
  return support.why[key] ?? support.why[option] ?? declOf(option)?.refusal ?? NOT_HONOURED;
}

/** Throws UnsupportedError for the first explicitly set option the platform does not honour. */
export function refuseUnsupported(cfg: ResolvedConfig, platform: Platform, support: Support): void {
  for (const option of cfg.given) {
    const why = refusalOf(cfg, option, support);
    if (why !== undefined) throw new UnsupportedError(`${option} is not supported on ${platform}: ${why}`);
  }
}
