/** A DLL's functions, bound through koffi on first use (importing the module loads nothing). */
import { loadKoffi } from '../../sys/koffi.js';

export type Fn = (...args: unknown[]) => unknown;

/** The functions of `dll` declared in koffi's syntax, by name; bound at the first call of the returned getter. */
export function lazyBindings<K extends string>(dll: string, declarations: Record<K, string>): () => Record<K, Fn> {
  let bound: Record<K, Fn> | undefined;
  return () => {
    if (bound) return bound;
    const lib = loadKoffi<{ load(n: string): { func(s: string): Fn } }>().load(dll);
    bound = Object.fromEntries(Object.entries<string>(declarations).map(([name, decl]) => [name, lib.func(decl)])) as Record<K, Fn>;
    return bound;
  };
}
