// The build: a clean dist/ with only what the package ships.
//   1. tsc compiles src/ to build/lib/ (JavaScript + declarations).
//   2. esbuild bundles it into the files the package exports:
//      - dist/servicekit.js, the library (ES module), with its chunks in dist/chunks/: what it needs
//        at import in the entry, each platform's manager (and the Windows dispatcher) in a chunk
//        loaded by the first call that needs one. Node's ES-module loader costs about a
//        millisecond per file, so importing servicekit reads ten files instead of ~60, and parses
//        no manager (see bench/).
//      - dist/servicekit-cli.cjs, the command: one CommonJS file. A command is a new process each
//        time, and Node's ES-module loader alone (resolving, linking, evaluating ~18 files for an
//        install) cost 13-19 ms of each; require() of one file does not use it. The modules the
//        library loads on first use are in the file but evaluated on first use too (esbuild wraps
//        each in a function), so a command parses them and runs only what it needs.
//   3. the declarations of the public API (index.d.ts and what it reaches) are copied to dist/.
// koffi, plist, mustache and diff stay separate packages, loaded on first use.
import { spawnSync } from 'node:child_process';
import { cpSync, readFileSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { build } from 'esbuild';

const LIB = 'build/lib';

/**
 * `import { x } from 'node:fs'` -> `const { x } = process.getBuiltinModule('node:fs')`. An ES import
 * of a builtin evaluates every lazy export of it (node:fs loads all of node:stream, node:module the
 * source-map support, node:util parseArgs and MIME types): about 2 ms at every import of servicekit.
 * process.getBuiltinModule (Node >= 20.16) returns the same object without touching them.
 */
const BUILTIN_IMPORT = /^import\s+(?:(\w+)|\{([^}]*)\}|\*\s+as\s+(\w+))\s+from\s+['"](node:[\w/]+)['"];?$/gm;
const builtinsViaProcess = {
  name: 'builtins-via-process',
  setup(b) {
    b.onLoad({ filter: /[/\\]build[/\\]lib[/\\].*\.js$/ }, async (args) => {
      const src = await readFile(args.path, 'utf8');
      const out = src.replace(BUILTIN_IMPORT, (_, def, named, ns, id) => {
        const get = `process.getBuiltinModule(${JSON.stringify(id)})`;
        if (named !== undefined) return `const { ${named.trim().replace(/\s+as\s+/g, ': ')} } = ${get};`;
        return `const ${def ?? ns} = ${get};`;
      });
      const left = /^import\b[^;]*['"]node:/m.exec(out);
      if (left) throw new Error(`${args.path}: an import of a builtin that bundle.mjs cannot rewrite: ${left[0]}`);
      return { contents: out, loader: 'js' };
    });
  },
};

rmSync('dist', { recursive: true, force: true });
rmSync(LIB, { recursive: true, force: true });
const tsc = spawnSync(process.execPath, [path.join('node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], { stdio: 'inherit' });
if (tsc.status !== 0) throw new Error(`tsc failed (exit ${tsc.status})`);

const common = {
  outdir: 'dist',
  entryNames: '[name]',
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ['koffi', 'plist', 'mustache', 'diff'],
  logLevel: 'warning',
  plugins: [builtinsViaProcess],
};
// Two builds: shared between the library and the command, modules would be cut into more chunks.
await build({ ...common, entryPoints: { servicekit: `${LIB}/index.js` } });
/** One CommonJS file, its import.meta.url the file's, as in the library. */
const commonJs = {
  ...common,
  splitting: false,
  format: 'cjs',
  outExtension: { '.js': '.cjs' },
  define: { 'import.meta.url': 'importMetaUrl' },
  // "use strict" first: esbuild's own comes after the banner, where it is no directive.
  banner: { js: "'use strict';\nconst importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
};
await build({ ...commonJs, entryPoints: { 'servicekit-cli': `${LIB}/cli/bin.js` } });
// dist/windows-preload.cjs: what a Node program's node.exe loads (--require) before the program when it
// runs as a Windows service (src/platforms/windows/preload.ts), and the file servicekit's Windows
// threads run from. CommonJS, so that it runs, whole, before the program's first line.
await build({ ...commonJs, entryPoints: { 'windows-preload': `${LIB}/platforms/windows/preload.js` } });

// The declarations the public types reach, from index.d.ts (internal modules' types are not shipped).
const seen = new Set();
const queue = ['index.d.ts'];
while (queue.length) {
  const f = queue.pop();
  if (seen.has(f)) continue;
  seen.add(f);
  cpSync(path.join(LIB, f), path.join('dist', f));
  const src = readFileSync(path.join(LIB, f), 'utf8');
  for (const m of src.matchAll(/(?:from\s+|import\()['"](\.[^'"]+)\.js['"]/g)) queue.push(path.join(path.dirname(f), `${m[1]}.d.ts`));
}
