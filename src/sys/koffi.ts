/**
 * koffi, loaded on first use: the package next to servicekit, or, inside a single executable
 * application, its native module carried as the "koffi.node" asset (the package's JavaScript only
 * finds and wraps that module; servicekit calls the module's own functions).
 *
 * Otherwise the package's prebuilt module is required directly, from koffi's own platform package
 * (@koromix/koffi-PLATFORM-ARCH; on Linux glibc's build first, then musl's), and only when its
 * version is the koffi package's: koffi's JavaScript does the same after reading node's ELF header
 * to choose between them, ~5 ms of every command's start-up. Anything else (another layout,
 * another version, a build that does not load): koffi's own loader.
 */
import { dlopenAsset, isSea, KOFFI_ASSET } from './sea.js';

let koffi: unknown;

export function loadKoffi<T>(): T {
  if (koffi === undefined) {
    if (isSea()) koffi = dlopenAsset(KOFFI_ASSET);
    else {
      const req = process.getBuiltinModule('node:module').createRequire(import.meta.url);
      koffi = prebuilt(req) ?? req('koffi');
    }
  }
  return koffi as T;
}

/** koffi's build for this machine, as its platform package has it; undefined where that is not so. */
function prebuilt(req: NodeJS.Require): unknown {
  try {
    const { readFileSync } = process.getBuiltinModule('node:fs');
    const path = process.getBuiltinModule('node:path');
    const main = req.resolve('koffi');
    const { version } = JSON.parse(readFileSync(path.join(path.dirname(main), 'package.json'), 'utf8')) as { version?: string };
    const { platform, arch } = process;
    const dir = path.dirname(process.getBuiltinModule('node:module').createRequire(main).resolve(`@koromix/koffi-${platform}-${arch}/package.json`));
    for (const build of [`${platform}_${arch}`, `musl_${arch}`]) {
      try {
        const native = req(path.join(dir, build, 'koffi.node')) as { version?: string };
        if (version !== undefined && native.version === version) return native;
      } catch {
        /* not this build (another C library, or none): the next, or koffi's loader */
      }
    }
  } catch {
    /* not koffi's usual layout: koffi's loader */
  }
  return undefined;
}
