/**
 * Where servicekit's own files are on this machine, for a service's command line: the preload a
 * Node program's node.exe loads, and the command whose `host` runs other programs (with the node.exe
 * running this code). Found from the package: the nearest package.json named servicekit above this
 * module, whose dist/ holds them. On another OS (render for Windows) the same places are shown under
 * a placeholder directory.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { UnsupportedError } from '../../errors.js';
import { isSea } from '../../sys/sea.js';
import type { ServicekitFiles } from './render.js';

export const PRELOAD_FILE = 'windows-preload.cjs';
export const CLI_FILE = 'servicekit-cli.cjs';
/** The package's directory as render shows it on another OS. */
const ELSEWHERE = 'C:\\Program Files\\nodejs\\node_modules\\servicekit';

function packageRoot(): string | undefined {
  for (let dir = path.dirname(fileURLToPath(import.meta.url)); ; dir = path.dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string };
      if (pkg.name === 'servicekit') return dir;
    } catch {
      /* keep looking */
    }
    if (path.dirname(dir) === dir) return undefined;
  }
}

/** The files, where this servicekit is installed; `needed` says what asks (for the error where they cannot be). */
export function servicekitFiles(needed: boolean): ServicekitFiles {
  if (process.platform !== 'win32') {
    return { preload: `${ELSEWHERE}\\dist\\${PRELOAD_FILE}`, cli: `${ELSEWHERE}\\dist\\${CLI_FILE}`, node: 'C:\\Program Files\\nodejs\\node.exe' };
  }
  const root = isSea() ? undefined : packageRoot();
  const files = root === undefined ? undefined : { preload: path.join(root, 'dist', PRELOAD_FILE), cli: path.join(root, 'dist', CLI_FILE), node: process.execPath };
  if (needed && (files === undefined || !existsSync(files.preload) || !existsSync(files.cli))) {
    throw new UnsupportedError(
      "running this program as a Windows service needs servicekit's preload and host (dist/windows-preload.cjs, dist/servicekit-cli.cjs), " +
        'which this copy of servicekit does not have (a single executable application runs itself: install it from within)',
    );
  }
  return files ?? { preload: PRELOAD_FILE, cli: CLI_FILE, node: process.execPath };
}

/** The file servicekit's Windows threads run from (the preload's), where this copy has it. */
export function servicekitThreads(): string | undefined {
  if (process.platform !== 'win32' || isSea()) return undefined;
  const root = packageRoot();
  const file = root === undefined ? undefined : path.join(root, 'dist', PRELOAD_FILE);
  return file !== undefined && existsSync(file) ? file : undefined;
}
