/**
 * servicekit's own package on disk: the nearest package.json named servicekit above this module
 * (dist/ once built, the repository's in the tests). The CLI's --version and the Windows files a
 * service's command line names both come from it.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface OwnPackage {
  root: string;
  version: string;
}

export function ownPackage(): OwnPackage | undefined {
  for (let dir = path.dirname(fileURLToPath(import.meta.url)); ; dir = path.dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'servicekit') return { root: dir, version: pkg.version ?? 'unknown' };
    } catch {
      /* keep looking */
    }
    if (path.dirname(dir) === dir) return undefined;
  }
}
