/**
 * Single executable applications (Node's SEA: one binary holding Node and the program). Inside one,
 * `process.argv[1]` is the binary's path as typed (no script), and `require` reaches built-in
 * modules only: native code comes from an asset written out and loaded with process.dlopen, as
 * Node's SEA documentation shows for addons.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { UnsupportedError } from '../errors.js';

interface SeaModule {
  isSea(): boolean;
  getRawAsset(key: string): ArrayBuffer;
}

let sea: SeaModule | null | undefined;

function seaModule(): SeaModule | undefined {
  if (sea === undefined) {
    try {
      sea = process.getBuiltinModule('node:sea') as SeaModule;
    } catch {
      sea = null; // a Node without SEA support
    }
  }
  return sea ?? undefined;
}

/** Is this process a single executable application? */
export function isSea(): boolean {
  return seaModule()?.isSea() === true;
}

/**
 * A package installed next to servicekit, loaded on first use. A single executable application
 * carries no node_modules (its require reaches built-ins only): there it is an UnsupportedError
 * naming what needed it, not a resolution error.
 */
export function requirePackage<T>(name: string, what: string): T {
  if (isSea()) throw new UnsupportedError(`${what} needs the ${name} package, which a single executable application cannot load`);
  return process.getBuiltinModule('node:module').createRequire(import.meta.url)(name) as T;
}

/** The asset key under which a SEA carries koffi's native module (see the README's "one binary"). */
export const KOFFI_ASSET = 'koffi.node';

/**
 * Load a native module carried as an asset: written into a new private directory (mkdtemp: mode
 * 0700, a fresh name no one else can have prepared), loaded, then removed where the OS allows it
 * (Windows keeps a loaded DLL's file: its directory stays in the temp directory).
 */
export function dlopenAsset(key: string): unknown {
  let bytes: ArrayBuffer;
  try {
    bytes = seaModule()!.getRawAsset(key);
  } catch (e) {
    throw new UnsupportedError(`this single executable application has no "${key}" asset; build it with the koffi asset (see the README, "One binary")`, { cause: e });
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'servicekit-'));
  const file = path.join(dir, key);
  writeFileSync(file, new Uint8Array(bytes), { flag: 'wx', mode: 0o700 });
  const mod = { exports: {} as unknown };
  try {
    process.dlopen(mod, file);
  } finally {
    try {
      rmSync(dir, { recursive: true, force: true });
    } catch {
      /* Windows: the loaded DLL cannot be removed */
    }
  }
  return mod.exports;
}
