/**
 * Every option, declared once (see declare.ts). Adding an option: its declaration in the file of its
 * group, its key in Config (config.ts; the compiler checks the two agree), and the renderers and honours.ts
 * of the platforms that honour it. Everything else (CLI flags and usage, the apply schema, the docs
 * table, update's merging, refusal elsewhere) follows from the declaration.
 */
import path from 'node:path';
import { resolveTable } from '../checks.js';
import type { CheckContext, OptionDecl } from './declare.js';
import { GENERAL } from './general.js';
import { LAUNCHD } from './launchd.js';
import { LIMITS } from './limits.js';
import { SMF } from './smf.js';
import { SYSTEMD } from './systemd.js';
import { TEMPLATES } from './templates.js';
import { WINDOWS } from './windows.js';

export type { CheckContext, Flag, FlagContext, NoFlag, OptionDecl, Schema } from './declare.js';
export { hasFlag } from './declare.js';

export const OPTIONS = { ...GENERAL, ...LIMITS, ...SYSTEMD, ...LAUNCHD, ...WINDOWS, ...SMF, ...TEMPLATES } as const satisfies Record<string, OptionDecl>;

/** An option's key: "restartSec", a group's member "systemd.type", or the form "unitDependencies". */
export type OptionKey = keyof typeof OPTIONS;

/** The keys of Config whose options are named one by one ("limits.memoryMax"): a platform may honour some of a group. */
export const GROUPS = ['limits', 'systemd', 'launchd', 'windows', 'smf', 'templates'] as const;
export type Group = (typeof GROUPS)[number];

export const OPTION_KEYS = Object.keys(OPTIONS) as OptionKey[];

export function declOf(key: string): OptionDecl | undefined {
  return Object.hasOwn(OPTIONS, key) ? (OPTIONS as Record<string, OptionDecl>)[key] : undefined;
}

/** Config's keys: the options that are not a group's member nor a form of another, and the groups. */
export const CONFIG_KEYS: readonly string[] = [...OPTION_KEYS.filter((k) => !k.includes('.') && declOf(k)!.at === undefined), ...GROUPS];

/** The members of a group, without the group's name: groupKeys('systemd') is ['type', 'limitNOFILE', …]. */
export function groupKeys(group: Group): string[] {
  return OPTION_KEYS.filter((k) => k.startsWith(`${group}.`)).map((k) => k.slice(group.length + 1));
}

const POSIX: CheckContext = { paths: path };

/** A group's options resolved from their declarations' checks and defaults; unknown keys refused. */
export function resolveGroup<R>(group: Group, given: unknown, ctx: CheckContext = POSIX): R {
  const table = Object.fromEntries(
    groupKeys(group).map((k) => {
      const d = declOf(`${group}.${k}`)!;
      return [k, (v: unknown, field: string) => (v === undefined ? d.default : d.check!(field, v, ctx))];
    }),
  );
  return resolveTable<R>(group, given, table as { [K in keyof R]: (v: unknown, field: string) => R[K] });
}

/** The top-level options whose declaration has their check: each resolved on its own, with nothing else. */
export type OwnKey = { [K in keyof typeof GENERAL]: (typeof GENERAL)[K] extends { check: unknown } ? K : never }[keyof typeof GENERAL];

/** Those options of a config: each given value checked, or its default (none: left out). */
export function resolveOwn(config: object, ctx: CheckContext): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of OPTION_KEYS) {
    const d = declOf(key)!;
    if (key.includes('.') || d.check === undefined) continue;
    const v = (config as Record<string, unknown>)[key];
    const resolved = v === undefined ? d.default : d.check(key, v, ctx);
    if (resolved !== undefined) out[key] = resolved;
  }
  return out;
}

/** What update merges key by key (`--env K=V` adds or changes K, keeps the rest): the groups and the maps. */
const MERGED: readonly string[] = [...GROUPS, ...OPTION_KEYS.filter((k) => declOf(k)!.schema?.['type'] === 'object')];

/** A stored configuration with options given over it: only what is given changes (a group or map key by key). */
export function mergeConfig<C extends object>(stored: C, given: C): C {
  const out = { ...stored, ...given } as Record<string, unknown>;
  const s = stored as Record<string, unknown>;
  const g = given as Record<string, unknown>;
  for (const k of MERGED) if (s[k] !== undefined && g[k] !== undefined) out[k] = { ...(s[k] as object), ...(g[k] as object) };
  return out as C;
}

/** The options a config sets explicitly, groups' members as "systemd.limitNOFILE" (the name, always given, left out). */
export function givenOptions(config: object): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(config)) {
    if (v === undefined || k === 'name') continue;
    // Go's unit-line dependencies are an option of their own: only systemd honours them.
    if (k === 'dependencies' && Array.isArray(v) && v.some((d) => typeof d === 'string' && d.includes('='))) out.push('unitDependencies');
    if ((GROUPS as readonly string[]).includes(k) && typeof v === 'object' && v !== null) {
      for (const [sub, x] of Object.entries(v)) if (x !== undefined) out.push(`${k}.${sub}`);
    } else {
      out.push(k);
    }
  }
  return out;
}
