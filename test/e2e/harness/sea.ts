/** Building the one-binary example as a single executable application (scripts/build-sea.mjs) for the e2e suites. */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO } from './container.js';

export interface SeaOptions {
  out: string;
  base: string;
  koffi: string;
  runner?: string;
  env?: NodeJS.ProcessEnv;
}

/** Build examples/one-binary.ts into `out` from the Node binary `base`; returns the binary's path. */
export async function buildOneBinary(opts: SeaOptions): Promise<string> {
  const { buildSea } = (await import(pathToFileURL(path.join(REPO, 'scripts/build-sea.mjs')).href)) as {
    buildSea(o: SeaOptions & { entry: string }): Promise<string>;
  };
  return buildSea({ entry: path.join(REPO, 'examples/one-binary.ts'), ...opts });
}

export const KOFFI_LINUX = path.join(REPO, 'node_modules/@koromix/koffi-linux-x64/linux_x64/koffi.node');
export const KOFFI_WIN32 = path.join(REPO, 'node_modules/@koromix/koffi-win32-x64/win32_x64/koffi.node');
