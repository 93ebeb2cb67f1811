/**
 * The environment-file and limits case the systemd, SysV and OpenRC suites install through the CLI:
 * a file using all of systemd's EnvironmentFile syntax, and limits read back from /proc/PID/limits,
 * /proc/PID/status and /proc/PID/stat (the nice value).
 *
 * The values the program must find are written out by hand below, not computed by servicekit's
 * parser: the systemd suite checks them against what systemd itself read from the file
 * (EnvironmentFile=, systemd's parse_env_file), so the SysV and OpenRC suites, where servicekit's
 * reader does the work, are held to systemd's reading.
 */
import assert from 'node:assert/strict';
import type { Container } from './harness/container.js';

export const ENV_FILE = '/etc/sk-e2e.env';
export const ENV_FILE_TEXT = [
  '# a comment',
  '; another',
  '',
  '  SPACED  =   value with  spaces   ',
  'DQ="x \\" \\\\ \\` \\$ \\n \\q $HOME %h"',
  "SQ='no \\ escapes \" here $HOME'",
  'ML="multi',
  'line"',
  'CONT="con\\',
  'tinued"',
  "JOIN=\"a\"'b'c",
  "KEEP=a 'b' # not a comment",
  'UNQ=back\\ slash\\\\',
  'EMPTY=',
  'DUP=first',
  'DUP=second',
  'UNICODE=ünï €',
  'LAST=no newline at the end',
].join('\n');

/**
 * What the service must find in its environment: systemd's reading of ENV_FILE_TEXT (in double
 * quotes only \\ \" \` \$ and a newline are escapes, other backslashes stay; unquoted, a backslash
 * takes the next character; quoted parts join; a later assignment wins; surrounding blanks go).
 */
export const ENV_FILE_VARS: Readonly<Record<string, string>> = {
  SPACED: 'value with  spaces',
  DQ: 'x " \\ ` $ \\n \\q $HOME %h',
  SQ: 'no \\ escapes " here $HOME',
  ML: 'multi\nline',
  CONT: 'continued',
  JOIN: 'abc',
  KEEP: "a 'b' # not a comment",
  UNQ: 'back slash\\',
  EMPTY: '',
  DUP: 'second',
  UNICODE: 'ünï €',
  LAST: 'no newline at the end',
};

export const LIMIT_FLAGS = ['--env-file', ENV_FILE, '--limit-nofile', '2048', '--limit-nproc', '4000', '--group', 'adm', '--kill-signal', 'SIGINT', '--nice', '7'];

/** Write the file as a careful admin does: root's, 0600. */
export async function writeEnvFile(ct: Container): Promise<void> {
  await ct.ok(['sh', '-c', `umask 077 && cat > ${ENV_FILE} && chmod 0600 ${ENV_FILE}`], ENV_FILE_TEXT);
}

/** The process got the file's variables exactly, and runs with the limits and group of LIMIT_FLAGS. */
export async function checkEnvAndLimits(ct: Container, got: { env: Record<string, string>; pid: number }): Promise<void> {
  assert.ok(Object.keys(ENV_FILE_VARS).length >= 12);
  for (const [k, v] of Object.entries(ENV_FILE_VARS)) assert.equal(got.env[k], v, k);
  const limits = await ct.readFile(`/proc/${got.pid}/limits`);
  assert.match(limits, /^Max open files +2048 +2048 +files/m);
  assert.match(limits, /^Max processes +4000 +4000 +processes/m);
  const gid = (await ct.ok(['getent', 'group', 'adm'])).split(':')[2];
  assert.match(await ct.readFile(`/proc/${got.pid}/status`), new RegExp(`^Gid:\\t${gid}\\t${gid}\\t`, 'm'));
  // proc(5): after "(comm)", the 17th field is the nice value (field 19 of the line).
  const stat = await ct.readFile(`/proc/${got.pid}/stat`);
  assert.equal(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16], '7', 'nice');
}
