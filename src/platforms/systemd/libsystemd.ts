/** libsystemd through koffi, for sd-bus (bus.ts) and sd-journal (journal.ts): bound on first use, once. */
import { loadKoffi } from '../../sys/koffi.js';

type Fn = (...args: unknown[]) => unknown;
export interface Library {
  func(sig: string): Fn;
}

/**
 * The functions `bind` declares on libsystemd.so.0, made on the first call and kept; null (also
 * kept) where koffi or libsystemd cannot be loaded, which sends the manager to systemctl/journalctl.
 */
export function libsystemdBindings<K extends { load(name: string): Library }, L>(bind: (koffi: K, sd: Library) => L): () => L | null {
  let lib: L | null | undefined;
  return () => {
    if (lib === undefined) {
      try {
        const koffi = loadKoffi<K>();
        lib = bind(koffi, koffi.load('libsystemd.so.0'));
      } catch {
        lib = null;
      }
    }
    return lib;
  };
}
