/**
 * systemd unit-file quoting (pure).
 *
 * systemd splits ExecStart= into words, honouring double quotes and C escapes, then expands
 * specifiers (`%x`) and, in command lines only, `$VAR` / `${VAR}` (`$$` is a literal `$`).
 * We double-quote every word and escape everything systemd would otherwise interpret, so any
 * string without NUL reaches the program unchanged.
 */
import { InvalidConfigError } from '../../errors.js';

function escapeChars(s: string, field: string, dollar: boolean): string {
  let out = '';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    switch (ch) {
      case '\\': out += '\\\\'; break;
      case '"': out += '\\"'; break;
      case '%': out += '%%'; break;
      case '$': out += dollar ? '$$' : '$'; break;
      case '\n': out += '\\n'; break;
      case '\t': out += '\\t'; break;
      case '\r': out += '\\r'; break;
      default:
        if (c === 0) throw new InvalidConfigError(field, 'contains a NUL character, which systemd cannot represent');
        if (c < 0x20 || c === 0x7f) out += '\\x' + c.toString(16).padStart(2, '0');
        else out += ch;
    }
  }
  return out;
}

/** The unit a service is. */
export function unitName(name: string): string {
  return `${name}.service`;
}

/** One ExecStart= word, double-quoted. */
export function quoteExecWord(s: string, field: string): string {
  return '"' + escapeChars(s, field, true) + '"';
}

/** A whole command line for ExecStart=: the executable then each argument, each quoted. */
export function execLine(executable: string, args: readonly string[]): string {
  if (/[$]/.test(executable)) {
    // systemd does not substitute variables in the executable path, and has no escape for `$` there.
    throw new InvalidConfigError('executable', 'systemd cannot run an executable whose path contains "$"');
  }
  return [quoteExecWord(executable, 'executable'), ...args.map((a, i) => quoteExecWord(a, `arguments[${i}]`))].join(' ');
}

/** One Environment= assignment, double-quoted ("KEY=value"); systemd does not expand `$` here. */
export function quoteEnvironment(key: string, value: string): string {
  return '"' + escapeChars(`${key}=${value}`, `env.${key}`, false) + '"';
}

/** A value that systemd takes to the end of the line, with specifier expansion (Description=, paths). */
export function escapeSpecifiers(s: string, field: string): string {
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x1f\x7f]/.test(s)) throw new InvalidConfigError(field, 'must be a single line without control characters');
  // A line ending in a backslash continues on the next one: the next directive would become part of this value.
  if (s.endsWith('\\')) throw new InvalidConfigError(field, 'must not end with a backslash (systemd would join the next line to it)');
  return s.replace(/%/g, '%%');
}

/** A path systemd reads to the end of the line (WorkingDirectory=, RootDirectory=, PIDFile=). */
export function unitPath(s: string, field: string): string {
  if (s !== s.trim()) throw new InvalidConfigError(field, 'must not start or end with white space');
  if (/^[-~+!]/.test(s) || s.includes('\\') || s.includes('"')) {
    throw new InvalidConfigError(field, `systemd cannot represent this path exactly: ${JSON.stringify(s)}`);
  }
  return escapeSpecifiers(s, field);
}

/** systemd time span in milliseconds, e.g. 1500 -> "1500ms". */
export function timespan(seconds: number): string {
  return `${Math.round(seconds * 1000)}ms`;
}
