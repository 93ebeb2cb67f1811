/** Value checks shared by the config and the per-platform options: each throws InvalidConfigError naming the field. Pure. */
import path from 'node:path';
import { InvalidConfigError } from './errors.js';

/** Longest single value we accept (argument, env value); well under every manager's line limit. */
export const MAX_VALUE_LENGTH = 32 * 1024;

/** A string that may go into any service definition: well-formed, no NUL, bounded. */
export function checkText(field: string, v: unknown, opts: { allowEmpty?: boolean; singleLine?: boolean } = {}): string {
  if (typeof v !== 'string') throw new InvalidConfigError(field, 'must be a string');
  if (!opts.allowEmpty && v === '') throw new InvalidConfigError(field, 'must not be empty');
  if (v.includes('\0')) throw new InvalidConfigError(field, 'contains a NUL character, which no service manager can pass on');
  if (!v.isWellFormed()) throw new InvalidConfigError(field, 'is not well-formed Unicode (lone surrogate)');
  if (v.length > MAX_VALUE_LENGTH) throw new InvalidConfigError(field, `is longer than ${MAX_VALUE_LENGTH} characters`);
  // eslint-disable-next-line no-control-regex
  if (opts.singleLine && /[\x00-\x1f\x7f]/.test(v)) {
    throw new InvalidConfigError(field, 'must be a single line without control characters');
  }
  return v;
}

/** An absolute path by the rules of the target's OS (`paths`: posix, or win32 when rendering for Windows). */
export function checkAbsolutePath(field: string, v: unknown, paths: path.PlatformPath = path): string {
  const s = checkText(field, v, { singleLine: true });
  if (!paths.isAbsolute(s)) throw new InvalidConfigError(field, `must be an absolute path (got ${JSON.stringify(s)})`);
  if (s !== s.trim()) throw new InvalidConfigError(field, 'must not start or end with white space');
  return paths.normalize(s);
}

export function checkNumber(field: string, v: unknown, min: number, max: number, integer = false): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new InvalidConfigError(field, 'must be a finite number');
  if (integer && !Number.isInteger(v)) throw new InvalidConfigError(field, 'must be an integer');
  if (v < min || v > max) throw new InvalidConfigError(field, `must be between ${min} and ${max}`);
  return v;
}

export function checkBool(field: string, v: unknown): boolean {
  if (typeof v !== 'boolean') throw new InvalidConfigError(field, 'must be true or false');
  return v;
}

/** One of a fixed set of strings. */
export function checkOneOf<T extends string>(field: string, v: unknown, allowed: readonly T[]): T {
  if (!allowed.includes(v as T)) throw new InvalidConfigError(field, `must be ${allowed.map((a) => JSON.stringify(a)).join(', ').replace(/, ([^,]*)$/, ' or $1')}`);
  return v as T;
}

/** An options object whose keys are all in `known` (the keys of its resolver table). */
export function checkKeys(field: string, v: unknown, known: readonly string[]): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new InvalidConfigError(field, 'must be an object');
  for (const k of Object.keys(v)) if (!known.includes(k)) throw new InvalidConfigError(field ? `${field}.${k}` : k, 'is not a known option');
  return v as Record<string, unknown>;
}

/** An array, each element checked. */
export function checkArray<T>(field: string, v: unknown, what: string, each: (field: string, x: unknown) => T): T[] {
  if (!Array.isArray(v)) throw new InvalidConfigError(field, `must be an array of ${what}`);
  return v.map((x, i) => each(`${field}[${i}]`, x));
}

/**
 * Resolve an options object from a table of per-key resolvers: each key's check and default in one
 * place, unknown keys refused. A resolver gets the value given (or undefined) and returns the resolved one.
 */
export function resolveTable<R>(field: string, given: unknown, table: { [K in keyof R]: (v: unknown, field: string) => R[K] }): R {
  const keys = Object.keys(table);
  const o = given === undefined ? {} : checkKeys(field, given, keys);
  const out = {} as R;
  for (const k of keys as (keyof R & string)[]) {
    const v = table[k](o[k], field ? `${field}.${k}` : k);
    if (v !== undefined) out[k] = v;
  }
  return out;
}

/** A table entry: undefined stays undefined (or takes `dflt`), anything else is checked. */
export function optional<T>(check: (field: string, v: unknown) => T): (v: unknown, field: string) => T | undefined;
export function optional<T>(check: (field: string, v: unknown) => T, dflt: T): (v: unknown, field: string) => T;
export function optional<T>(check: (field: string, v: unknown) => T, dflt?: T): (v: unknown, field: string) => T | undefined {
  return (v, field) => (v === undefined ? dflt : check(field, v));
}

/** Go's time.Duration units, in seconds. */
const DURATION_UNITS: Record<string, number> = { ns: 1e-9, us: 1e-6, 'µs': 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600 };
const GO_DURATION = /^(\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m|h))+$/;

/**
 * A duration in seconds: a number of seconds, or a string as the Go library takes it: "120"
 * (seconds), "1s", "500ms", "2m", "1h30m".
 */
export type Duration = number | string;

export function checkDuration(field: string, v: unknown, min: number, max: number): number {
  if (typeof v === 'number') return checkNumber(field, v, min, max);
  if (typeof v !== 'string') throw new InvalidConfigError(field, 'must be a number of seconds or a duration such as "1s", "500ms", "2m"');
  let seconds: number;
  if (/^\d+(\.\d+)?$/.test(v)) seconds = Number(v);
  else if (GO_DURATION.test(v)) seconds = [...v.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)].reduce((t, m) => t + Number(m[1]) * DURATION_UNITS[m[2]!]!, 0);
  else throw new InvalidConfigError(field, `${JSON.stringify(v)} is not a duration (e.g. "1s", "500ms", "2m", or a number of seconds)`);
  return checkNumber(field, Math.round(seconds * 1e6) / 1e6, min, max);
}

/** A signal name with or without "SIG" (Go writes "HUP"), known to this OS; returned as "SIGHUP". */
export function checkSignalName(field: string, v: unknown): string {
  const s = checkText(field, v, { singleLine: true }).toUpperCase();
  const name = s.startsWith('SIG') ? s : `SIG${s}`;
  if (!/^[A-Z0-9]+$/.test(s) || !(name in process.getBuiltinModule('node:os').constants.signals)) {
    throw new InvalidConfigError(field, `must be a signal name such as SIGHUP (got ${JSON.stringify(v)})`);
  }
  return name;
}
