/**
 * A Windows service's credentials (`credentials`): at install and update, run by an administrator,
 * each source (checked as environment files are: no other account can change it) copied into a
 * directory of the service's own under %ProgramData%\servicekit\credentials, which install makes
 * with a protected DACL (SYSTEM, Administrators, the service's account); the program finds it in
 * $CREDENTIALS_DIRECTORY, as under systemd. The SCM has no start hook running as an administrator
 * while the service runs as another account, so a secret changed at its source reaches the service
 * at the next update (which sees the difference and restarts it).
 */
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { makeLogDirectory } from './log-files.js';
import type { SpecCredentials } from './render.js';
import { checkTrustedFile } from './security.js';

/** Each source: a file no other account can change (before anything is written). */
export function checkCredentialSources(c: SpecCredentials | undefined): void {
  for (const [name, file] of Object.entries(c?.files ?? {})) checkTrustedFile(`credentials.${name}`, file);
}

/** The copies made afresh: the directory (its path checked, made with its protected DACL), then each file, which inherits it. */
export function copyCredentials(c: SpecCredentials, account: string | undefined): void {
  removeCredentials(c.directory);
  makeLogDirectory(c.directory, account);
  for (const [name, file] of Object.entries(c.files)) writeFileSync(`${c.directory}\\${name}`, readFileSync(file));
}

export function removeCredentials(directory: string): void {
  rmSync(directory, { recursive: true, force: true });
}

/** Do the copies differ from their sources (a secret changed, one added or gone)? */
export function credentialsStale(c: SpecCredentials | undefined, directory: string): boolean {
  const files = c?.files ?? {};
  const present = existsSync(directory) ? readdirSync(directory).sort() : [];
  if (present.join('\n') !== Object.keys(files).sort().join('\n')) return present.length > 0 || Object.keys(files).length > 0;
  return Object.entries(files).some(([name, file]) => !readFileSync(`${directory}\\${name}`).equals(readFileSync(file)));
}
