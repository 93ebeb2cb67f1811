/**
 * Environment files in systemd's EnvironmentFile= syntax (pure): the parser, the same state machine
 * as systemd's parse_env_file_internal (src/basic/env-file.c), so that a manager given the values
 * read here starts the program with what systemd would have given it; and the writer the tests use.
 *
 * Lines are KEY=VALUE; blank lines and lines starting with # or ; are comments; whitespace around
 * the key and before the value is dropped, and trailing whitespace of an unquoted value; '…' keeps
 * everything up to the next '; "…" takes \" \\ \` \$ and a backslash-newline (nothing), keeps any
 * other backslash; an unquoted backslash takes the next character as is (a newline: nothing).
 * Quoted parts join each other and the unquoted text after them ("a"'b'c is abc), but quotes after
 * unquoted text are kept (a'b' is a'b'). A later line for the same key wins.
 *
 * Refused (EnvFileError) rather than read differently from systemd: a NUL (systemd stops reading
 * there), text that is not UTF-8 (systemd drops the line), a name systemd would drop, and a comment
 * ending in a backslash (its next line is a comment before systemd 254 and a setting after).
 */

import { RESERVED_ENV_PREFIX } from '../../config.js';
import { InvalidConfigError } from '../../errors.js';
import { setVariable } from '../../variables.js';
import { CREDENTIALS_VAR } from './credential-copies.js';

const WHITESPACE = ' \t\n\r';
const NEWLINE = '\n\r';
const COMMENTS = '#;';
/** What a backslash escapes inside double quotes (systemd's SHELL_NEED_ESCAPE). */
const DOUBLE_QUOTE_ESCAPES = '"\\`$';
const ENV_NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A reason the file cannot be used, with its 1-based line. */
export class EnvFileSyntaxError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`);
  }
}

type State = 'preKey' | 'key' | 'preValue' | 'value' | 'valueEscape' | 'single' | 'double' | 'doubleEscape' | 'comment' | 'commentEscape';

/** The variables a file sets, in systemd's reading; throws EnvFileSyntaxError for what must be refused. */
export function parseEnvFile(bytes: Uint8Array): Record<string, string> {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new EnvFileSyntaxError(lineOfInvalidUtf8(bytes), 'not UTF-8 text');
  }
  const out: Record<string, string> = {};
  let state: State = 'preKey';
  let key = '';
  let value = '';
  let keyEnd = -1; // where the key's trailing whitespace starts
  let valueEnd = -1; // where an unquoted value's trailing whitespace starts
  let line = 1;
  const push = () => {
    const k = keyEnd >= 0 ? key.slice(0, keyEnd) : key;
    if (!ENV_NAME_RE.test(k)) throw new EnvFileSyntaxError(line, `${JSON.stringify(k)} is not a variable name (letters, digits and "_", not starting with a digit)`);
    setVariable(out, k, value);
    key = '';
    value = '';
    keyEnd = -1;
  };
  const noEquals = () => new EnvFileSyntaxError(line, `${JSON.stringify(key.trim())} has no "=" (systemd ignores such a line)`);
  // Each character is read in the state the last one left; the line count moves after a "\n" is read.
  for (const c of text) {
    if (c === '\0') throw new EnvFileSyntaxError(line, 'a NUL byte (systemd stops reading the file there)');
    switch (state) {
      case 'preKey':
        if (COMMENTS.includes(c)) state = 'comment';
        else if (!WHITESPACE.includes(c)) {
          state = 'key';
          keyEnd = -1;
          key = c;
        }
        break;
      case 'key':
        if (NEWLINE.includes(c)) {
          throw noEquals();
        } else if (c === '=') {
          state = 'preValue';
          valueEnd = -1;
        } else {
          if (!WHITESPACE.includes(c)) keyEnd = -1;
          else if (keyEnd < 0) keyEnd = key.length;
          key += c;
        }
        break;
      case 'preValue':
        if (NEWLINE.includes(c)) {
          push();
          state = 'preKey';
        } else if (c === "'") state = 'single';
        else if (c === '"') state = 'double';
        else if (c === '\\') state = 'valueEscape';
        else if (!WHITESPACE.includes(c)) {
          state = 'value';
          value += c;
        }
        break;
      case 'value':
        if (NEWLINE.includes(c)) {
          if (valueEnd >= 0) value = value.slice(0, valueEnd);
          push();
          state = 'preKey';
        } else if (c === '\\') {
          state = 'valueEscape';
          valueEnd = -1;
        } else {
          if (!WHITESPACE.includes(c)) valueEnd = -1;
          else if (valueEnd < 0) valueEnd = value.length;
          value += c;
        }
        break;
      case 'valueEscape':
        state = 'value';
        if (!NEWLINE.includes(c)) value += c;
        break;
      case 'single':
        if (c === "'") state = 'preValue';
        else value += c;
        break;
      case 'double':
        if (c === '"') state = 'preValue';
        else if (c === '\\') state = 'doubleEscape';
        else value += c;
        break;
      case 'doubleEscape':
        state = 'double';
        if (DOUBLE_QUOTE_ESCAPES.includes(c)) value += c;
        else if (c !== '\n') value += `\\${c}`;
        break;
      case 'comment':
        if (c === '\\') state = 'commentEscape';
        else if (NEWLINE.includes(c)) state = 'preKey';
        break;
      case 'commentEscape':
        if (NEWLINE.includes(c)) throw new EnvFileSyntaxError(line, 'a comment ending in "\\" (systemd before 254 reads the next line as a comment, later ones as a setting)');
        state = 'comment';
        break;
    }
    if (c === '\n') line++;
  }
  if (state === 'key') throw noEquals();
  if (state === 'value' && valueEnd >= 0) value = value.slice(0, valueEnd);
  if (state !== 'preKey' && state !== 'comment' && state !== 'commentEscape') push();
  return out;
}

function lineOfInvalidUtf8(bytes: Uint8Array): number {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let line = 1;
  let start = 0;
  for (let i = 0; i <= bytes.length; i++) {
    if (i < bytes.length && bytes[i] !== 0x0a) continue;
    try {
      decoder.decode(bytes.subarray(start, i));
    } catch {
      return line;
    }
    line++;
    start = i + 1;
  }
  return line;
}

/** A file systemd reads back as exactly these variables: each value double-quoted, escaped where it must be. */
export function formatEnvFile(env: Readonly<Record<string, string>>): string {
  return Object.entries(env)
    .map(([k, v]) => `${k}="${v.replace(/[\\"`$]/g, '\\$&')}"\n`)
    .join('');
}

/** What the config and its environment files set (a file's value over `env`'s), for a manager that cannot read the files at start. */
export function serviceEnv(cfg: { env: Readonly<Record<string, string>>; fileEnv: Readonly<Record<string, string>>; credentialsDirectory?: string }): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of [...Object.entries(cfg.env), ...Object.entries(cfg.fileEnv)]) setVariable(out, k, v);
  // The copies the manager keeps (launchd, SMF), found as under systemd.
  if (cfg.credentialsDirectory !== undefined) setVariable(out, CREDENTIALS_VAR, cfg.credentialsDirectory);
  return out;
}

/** A definition that holds values read from environment files (often secrets) is for its owner's eyes only. */
export function definitionMode(cfg: { environmentFiles: readonly string[] }, mode: number): number {
  return cfg.environmentFiles.length ? mode & 0o700 : mode;
}

/**
 * The variables of one environment file as the service gets them, added to `into` (a later file's
 * win): systemd's reading of its bytes, refused as `field` (naming the file and line) where it
 * cannot be read so, or where it sets a name servicekit reserves.
 */
export function addEnvFileVariables(into: Record<string, string>, bytes: Uint8Array, field: string, file: string): void {
  let vars: Record<string, string>;
  try {
    vars = parseEnvFile(bytes);
  } catch (e) {
    if (e instanceof EnvFileSyntaxError) throw new InvalidConfigError(field, `${file}, ${e.message}`, { cause: e });
    throw e;
  }
  for (const [k, v] of Object.entries(vars)) {
    if (k.toLowerCase().startsWith(RESERVED_ENV_PREFIX)) throw new InvalidConfigError(field, `${file} sets ${k}: the prefix ${RESERVED_ENV_PREFIX} is reserved`);
    setVariable(into, k, v);
  }
}
