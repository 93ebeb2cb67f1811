/**
 * Where servicekit's own files are on this machine, for a service's command line: the preload a
 * Node program's node.exe loads, and the command whose `host` runs other programs (with the node.exe
 * running this code). Found from the package: the nearest package.json named servicekit above this
 * module (sys/package.ts), whose dist/ holds them. On another OS (render for Windows) the same places are shown under
 * a placeholder directory.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { UnsupportedError } from '../../errors.js';
import { ownPackage } from '../../sys/package.js';
import { isSea } from '../../sys/sea.js';
import type { ServicekitFiles } from './render.js';

export const PRELOAD_FILE = 'windows-preload.cjs';
export const CLI_FILE = 'servicekit-cli.cjs';
/** The package's directory as render shows it on another OS. */
const ELSEWHERE = 'C:\\Program Files\\nodejs\\node_modules\\servicekit';

/** The files, where this servicekit is installed; `needed` says what asks (for the error where they cannot be). */
export function servicekitFiles(needed: boolean): ServicekitFiles {
  if (process.platform !== 'win32') {
    return { preload: `${ELSEWHERE}\\dist\\${PRELOAD_FILE}`, cli: `${ELSEWHERE}\\dist\\${CLI_FILE}`, node: 'C:\\Program Files\\nodejs\\node.exe' };
  }
  const preload = installed(PRELOAD_FILE);
  const cli = installed(CLI_FILE);
  if (needed && (preload === undefined || cli === undefined)) {
    throw new UnsupportedError(
      "running this program as a Windows service needs servicekit's preload and host (dist/windows-preload.cjs, dist/servicekit-cli.cjs), " +
        'which this copy of servicekit does not have (a single executable application runs itself: install it from within)',
    );
  }
  return { preload: preload ?? PRELOAD_FILE, cli: cli ?? CLI_FILE, node: process.execPath };
}

/** A file of this servicekit's dist/, where it is there (not in a single executable application). */
function installed(file: string): string | undefined {
  const root = isSea() ? undefined : ownPackage()?.root;
  const p = root === undefined ? undefined : path.join(root, 'dist', file);
  return p !== undefined && existsSync(p) ? p : undefined;
}

/** The file servicekit's Windows threads run from (the preload's), where this copy has it. */
export function servicekitThreads(): string | undefined {
  return process.platform === 'win32' ? installed(PRELOAD_FILE) : undefined;
}
