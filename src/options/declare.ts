/**
 * The shape of an option's declaration: everything servicekit says about one option, in one record.
 * From the records come the CLI's flags and usage, the JSON Schema of apply files, the options table
 * in docs/, the keys `resolveConfig` accepts and update's merging; each platform lists the options
 * it honours (its folder's honours.ts) and refuses the rest. Pure data and small pure functions.
 */
import type { PlatformPath } from 'node:path';
import { InvalidArgumentError } from '../errors.js';

/** A JSON Schema fragment (draft 2020-12), as written into schema/apply.schema.json. */
export type Schema = Readonly<Record<string, unknown>>;

/** What a check gets besides the value: the path rules of the target's OS. */
export interface CheckContext {
  paths: PlatformPath;
}

/** What a flag's converter gets besides its own value. */
export interface FlagContext {
  /** The flag being read, without the dashes (for its error messages). */
  flag: string;
  /** A path as given on the command line, made absolute (as given where the target is another OS). */
  here(p: string): string;
  /** The environment of the command (for --env K and --password-env VAR). */
  env: NodeJS.ProcessEnv;
  /** A file's text (--template FILE). */
  readText(file: string): string;
  /** The other values given on the command line, by flag. */
  given: Readonly<Record<string, unknown>>;
}

/** The command-line flag of an option. */
export interface Flag {
  /** Without the dashes: `restart-sec`. */
  flag: string;
  /** The value's name in the usage (`SEC`); absent for a flag that takes no value. */
  arg?: string;
  /** Repeatable: each occurrence adds a value. */
  multiple?: boolean;
  /** The help line, when it says more than the option's doc. */
  help?: string;
  /** The option's value from the flag's (a string, the strings of a repeatable flag, or true); checked afterwards by resolveConfig. */
  to(raw: never, ctx: FlagContext): unknown;
}

/** An option set otherwise than by a flag of its own: why (e.g. "the COMMAND after --"). */
export interface NoFlag {
  none: string;
}

export interface OptionDecl {
  /** One line: the docs table, the schema's description, the flag's help unless it has its own. */
  doc: string;
  /** The JSON Schema of its value in an apply file; absent for a form of another option (unitDependencies). */
  schema?: Schema;
  cli: Flag | NoFlag;
  /**
   * The value check of an option resolved on its own (a group's member, most top-level options):
   * given value in, resolved value out (InvalidConfigError otherwise). Options whose value depends on
   * others (userName on userService, the working directory on the program) are resolved in config.ts.
   */
  check?: (field: string, v: unknown, ctx: CheckContext) => unknown;
  /** The resolved value when none is given (with `check`). */
  default?: unknown;
  /** Values a platform may honour one by one (restart policies; booleans as "true"/"false"). */
  values?: readonly string[];
  /** A value that is not the default, for the test that every platform honouring it shows it in its files. */
  sample: unknown;
  /** Where the sample goes, when the option is a form of another (unitDependencies: in dependencies). */
  at?: string;
  /** What the sample needs beside it (dotted keys): linger needs userService. */
  needs?: Readonly<Record<string, unknown>>;
  /** Why a platform that does not honour it refuses it, where that is the option's nature (another platform's option). */
  refusal?: string;
}

const NUMBER = /^-?\d+(\.\d+)?$/;

/** A number, or a usage error naming the flag (exit 2, as for an unknown flag). */
function number(raw: string, ctx: FlagContext): number {
  if (!NUMBER.test(raw.trim())) throw new InvalidArgumentError(`--${ctx.flag} takes a number (got ${JSON.stringify(raw)})`);
  return Number(raw);
}

/** Converters for the common kinds of flags. */
export const as = {
  text: (raw: string): string => raw,
  number,
  /** A count, or "infinity". */
  count: (raw: string, ctx: FlagContext): number | string => (raw === 'infinity' ? raw : number(raw, ctx)),
  /** Seconds ("5"), or a duration as Go writes it ("1s", "500ms"), checked by resolveConfig. */
  duration: (raw: string): number | string => (NUMBER.test(raw.trim()) ? Number(raw) : raw),
  /** Bytes ("1048576"), or a size ("512M"), checked by resolveConfig. */
  size: (raw: string): number | string => (/^\d+$/.test(raw.trim()) ? Number(raw) : raw),
  path: (raw: string, ctx: FlagContext): string => ctx.here(raw),
  paths: (raw: string[], ctx: FlagContext): string[] => raw.map((p) => ctx.here(p)),
  texts: (raw: string[]): string[] => [...raw],
  on: (): true => true,
  off: (): false => false,
  /** "true" or "false" (anything else left for resolveConfig to refuse). */
  bool: (raw: string): boolean | string => (raw === 'true' ? true : raw === 'false' ? false : raw),
} as const;

export function hasFlag(d: OptionDecl): d is OptionDecl & { cli: Flag } {
  return 'flag' in d.cli;
}
