/**
 * koffi, loaded on first use: the package next to servicekit, or, inside a single executable
 * application, its native module carried as the "koffi.node" asset (the package's JavaScript only
 * finds and wraps that module; servicekit calls the module's own functions).
 */
import { dlopenAsset, isSea, KOFFI_ASSET } from './sea.js';

let koffi: unknown;

export function loadKoffi<T>(): T {
  if (koffi === undefined) {
    koffi = isSea() ? dlopenAsset(KOFFI_ASSET) : process.getBuiltinModule('node:module').createRequire(import.meta.url)('koffi');
  }
  return koffi as T;
}
