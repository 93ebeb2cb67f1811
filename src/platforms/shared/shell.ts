/**
 * POSIX shell quoting for the init scripts (SysV, OpenRC, Upstart). Pure.
 *
 * Every value becomes one single-quoted word: inside '…' the shell interprets nothing, so the only
 * character needing care is the quote itself ('\''). Newlines are written as "$__servicekit_nl" (a variable the
 * script defines, see NL_VAR) so that no value can ever start a line of the script of its own.
 */
import { InvalidConfigError } from '../../errors.js';

/** The variable holding a newline; env keys with the reserved prefix are refused by config validation. */
export const NL_VAR = '__servicekit_nl';
/** The line a script must contain (before any quoted value is used) to define it. */
export const NL_DEFINITION = `${NL_VAR}='\n'`;

export function shellQuote(value: string, field: string): string {
  if (value.includes('\0')) throw new InvalidConfigError(field, 'contains a NUL character, which a shell script cannot hold');
  const parts = value.split('\n').map((p) => `'${p.replace(/'/g, `'\\''`)}'`);
  return parts.join(`"$${NL_VAR}"`).replace(/^''(?=.)/, '').replace(/(?<=.)''$/, '') || "''";
}

/** Quote a whole argument vector, one word per argument. */
export function shellWords(words: readonly string[], field: string): string {
  return words.map((w, i) => shellQuote(w, `${field}[${i}]`)).join(' ');
}

/** A value for a script comment or header line (LSB description): one line, no control characters. */
export function commentText(s: string, field: string): string {
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x1f\x7f]/.test(s)) throw new InvalidConfigError(field, 'must be a single line without control characters');
  return s;
}
