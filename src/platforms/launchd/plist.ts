/**
 * The plist library (and its XML stack), which costs ~65 ms to load: loaded on first use only, so
 * that importing servicekit, or running its command, on Linux stays cheap.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { PlistValue } from 'plist';
import { UnsupportedError } from '../../errors.js';
import { isSea } from '../../sys/sea.js';

const WHAT = 'a launchd property list';
let build: ((v: PlistValue) => string) | undefined;

/** A value as plist XML text. */
export function buildPlist(v: PlistValue): string {
  build ??= requireImportOnly<{ build(v: PlistValue): string }>('plist').build;
  return build(v);
}

/**
 * A package whose "exports" has only an "import" condition (plist), with require() of an ES module
 * (Node >= 20.19): require() does not match that condition, so the file it names is found here,
 * from the first node_modules directory (require's own search path) that holds the package, and
 * required by its path. The same from the ES-module library and the CommonJS command, which has no
 * import.meta.resolve.
 */
function requireImportOnly<T>(name: string): T {
  if (isSea()) throw new UnsupportedError(`${WHAT} needs the ${name} package, which a single executable application cannot load`);
  const req = process.getBuiltinModule('node:module').createRequire(import.meta.url);
  for (const dir of req.resolve.paths(name) ?? []) {
    const root = path.join(dir, name);
    if (!existsSync(path.join(root, 'package.json'))) continue;
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { exports?: Record<string, { import?: string | { default?: string } }>; main?: string };
    const entry = pkg.exports?.['.']?.import;
    return req(path.join(root, (typeof entry === 'string' ? entry : entry?.default) ?? pkg.main ?? 'index.js')) as T;
  }
  throw new UnsupportedError(`${WHAT} needs the ${name} package, which is not installed next to servicekit`);
}
