/**
 * A Windows service's environment files (environmentFile), read by servicekit's side of the service
 * at each start (the preload before the script's first line, the host before each start of the
 * program), in systemd's syntax with the same parser as on Linux; their values override the inline
 * env, as systemd's EnvironmentFile= does. Their values are never copied into the service's registry
 * key, which every local user can read. Install checks each one as root's files are checked on
 * Linux: a real file, owned by SYSTEM, Administrators, TrustedInstaller or the installing account,
 * that no other account may write (security.ts).
 */
import { readFileSync } from 'node:fs';
import { InvalidConfigError } from '../../errors.js';
import { addEnvFileVariables } from '../shared/env-file.js';
import { checkTrustedFile } from './security.js';

/** The variables of the files, later files winning; throws InvalidConfigError naming the file and line (or a name servicekit reserves). */
export function readEnvironmentFiles(files: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [i, file] of files.entries()) {
    const field = files.length === 1 ? 'environmentFile' : `environmentFile[${i}]`;
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(file);
    } catch (e) {
      throw new InvalidConfigError(field, `${file} cannot be read: ${(e as Error).message}`, { cause: e });
    }
    addEnvFileVariables(out, bytes, field, file);
  }
  return out;
}

/** At install and update: each file trusted and readable now (the service reads it again at each start). */
export function checkEnvironmentFiles(files: readonly string[]): void {
  for (const [i, file] of files.entries()) checkTrustedFile(files.length === 1 ? 'environmentFile' : `environmentFile[${i}]`, file);
  readEnvironmentFiles(files);
}

/** The service's environment: the process's (the inline env applied) with the files' variables over it. */
export function applyEnvironmentFiles(files: readonly string[], env: NodeJS.ProcessEnv = process.env): void {
  if (files.length === 0) return;
  for (const [k, v] of Object.entries(readEnvironmentFiles(files))) env[k] = v;
}
