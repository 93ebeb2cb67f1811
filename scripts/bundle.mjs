// Bundles the compiled library (dist/index.js) and CLI (dist/cli/bin.js) into the files the package
// exports, dist/servicekit.js and dist/servicekit-cli.js, each with its chunks in dist/chunks/:
// one for what it needs at import, one with every service manager (src/managers/all.ts), loaded by
// the first call that needs a manager. Node's ES-module loader costs about a millisecond per file,
// so importing servicekit reads two files instead of ~45, and parses no manager (see bench/).
// koffi and plist stay separate packages, loaded on first use.
// The per-module files stay in dist/ beside the bundles (types, source maps, tests).
import { readFile, rm } from 'node:fs/promises';
import { build } from 'esbuild';

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
    b.onLoad({ filter: /[/\\]dist[/\\].*\.js$/ }, async (args) => {
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

await rm('dist/chunks', { recursive: true, force: true });
const common = {
  outdir: 'dist',
  entryNames: '[name]',
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ['koffi', 'plist'],
  sourcemap: true,
  logLevel: 'warning',
  plugins: [builtinsViaProcess],
};
// Two builds, not one with two entry points: shared between the library and the CLI, modules would
// be cut into more chunks (more files to load for both).
await build({ ...common, entryPoints: { servicekit: 'dist/index.js' } });
await build({ ...common, entryPoints: { 'servicekit-cli': 'dist/cli/bin.js' } });
