// Builds a program using servicekit into a Node single executable application (SEA): one binary
// that holds Node, the program and koffi's native module. The recipe of the README's "One binary":
//   1. bundle the program and servicekit into one CommonJS file (esbuild);
//   2. a SEA config with that file as `main` and koffi's native module as the asset "koffi.node"
//      (servicekit loads it from there with process.dlopen: a SEA's require reaches built-ins only);
//   3. the preparation blob, made by the very Node binary the SEA is built from (same version);
//   4. a copy of that binary with the blob injected (postject).
//
// Usage: node scripts/build-sea.mjs --entry FILE --out DIR --base NODE_BINARY --koffi KOFFI_NODE
//          [--name app] [--runner wine]   (--runner: how to run the base binary, e.g. a Windows node.exe)
import { spawnSync } from 'node:child_process';
import { chmodSync, closeSync, copyFileSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { inject } from 'postject';

/** The fuse Node's binaries carry, flipped by postject to say "a blob is injected" (Node's SEA documentation). */
const SEA_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';
const REPO = path.resolve(import.meta.dirname, '..');

export async function buildSea({ entry, out, base, koffi, name = 'app', runner, env = process.env }) {
  mkdirSync(out, { recursive: true });
  const windows = /\.exe$/i.test(base);
  // 1. One CommonJS file; 'servicekit' is this package's bundle.
  await build({
    entryPoints: [entry],
    outfile: path.join(out, 'app.cjs'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    alias: { servicekit: path.join(REPO, 'dist', 'servicekit.js') },
    logLevel: 'error',
  });
  // 2. Paths relative to `out` (the blob is made there, also by a Windows node.exe under Wine).
  copyFileSync(koffi, path.join(out, 'koffi.node'));
  const config = { main: 'app.cjs', output: 'sea-prep.blob', disableExperimentalSEAWarning: true, useSnapshot: false, useCodeCache: false, assets: { 'koffi.node': 'koffi.node' } };
  writeFileSync(path.join(out, 'sea-config.json'), JSON.stringify(config, null, 2));
  // 3. The blob, by the base binary itself.
  // Its output goes to a file: a Windows node.exe under Wine must not get a pipe as stdio.
  const cmd = runner ? [runner, base] : [base];
  const log = path.join(out, 'sea-prep.log');
  const fd = openSync(log, 'w');
  const r = spawnSync(cmd[0], [...cmd.slice(1), '--experimental-sea-config', 'sea-config.json'], { cwd: out, env, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  if (r.status !== 0) throw new Error(`blob generation failed (exit ${r.status}): ${readFileSync(log, 'utf8')}`);
  // 4. The binary.
  const binary = path.join(out, windows ? `${name}.exe` : name);
  copyFileSync(base, binary);
  chmodSync(binary, 0o755);
  await inject(binary, 'NODE_SEA_BLOB', readFileSync(path.join(out, 'sea-prep.blob')), { sentinelFuse: SEA_FUSE });
  return binary;
}

if (import.meta.filename === path.resolve(process.argv[1] ?? '')) {
  const { values: v } = parseArgs({ options: { entry: { type: 'string' }, out: { type: 'string' }, base: { type: 'string' }, koffi: { type: 'string' }, name: { type: 'string' }, runner: { type: 'string' } } });
  if (!v.entry || !v.out || !v.base || !v.koffi) throw new Error('usage: build-sea.mjs --entry FILE --out DIR --base NODE_BINARY --koffi KOFFI_NODE [--name app] [--runner wine]');
  console.log(await buildSea({ entry: v.entry, out: path.resolve(v.out), base: v.base, koffi: v.koffi, name: v.name, runner: v.runner }));
}
