/**
 * The shipped bundles (scripts/bundle.mjs): importing servicekit parses no service manager's code
 * (each platform's manager is a chunk, loaded by the first call that needs one), and they do load;
 * the command is one CommonJS file that evaluates the same code on first use only.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const DIST = path.resolve(fileURLToPath(new URL('../../../dist/', import.meta.url)));

/** The files a module imports statically, transitively (esbuild's output: `from "./x.js"`, `import "./x.js"`). */
function staticGraph(entry: string, seen = new Set<string>()): Set<string> {
  if (seen.has(entry)) return seen;
  seen.add(entry);
  const src = readFileSync(entry, 'utf8');
  for (const m of src.matchAll(/^(?:import|export)\s[^;]*?from\s*"(\.[^"]+)"|^import\s*"(\.[^"]+)"/gm)) {
    staticGraph(path.resolve(path.dirname(entry), (m[1] ?? m[2])!), seen);
  }
  return seen;
}

/** The source modules bundled into a file (esbuild marks each with a `// build/lib/…` comment), as src/ paths. */
function modulesIn(files: Iterable<string>): string[] {
  return [...files].flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/^\/\/ build\/lib\/(\S+)\.js$/gm)].map((m) => `src/${m[1]!}.ts`));
}

/**
 * What loading the library may read, at most: 110% of what it read once every option became one
 * declaration (82,906 bytes; src/options/ holds each option's doc, flag and schema beside its check,
 * which resolveConfig needs at once: +1.2 ms in a 40-run median of import + createService, 72.4 →
 * 73.6 ms on this machine); the load figure in docs/benchmarks.md depends on it. Then +1 KB for
 * Windows' host(), the check that servicekit's preload already prepared the process, and the new
 * advapi32/kernel32 signatures in win32.ts (which the environment's preparation reaches at import,
 * though it loads koffi only on Windows). Then +6.1 KB for sockets() (its addresses' forms and
 * checks, systemd's LISTEN_FDS and launchd's launch_activate_socket, each in its platform's record,
 * which the program calls at its start), +0.6 KB for Service.adopt(), +0.3 KB for the instances option's declaration
 * +0.1 KB for Windows' answer to a stop while a service starts (its constants are in the entry), and
 * +0.2 KB for install handing its lock to the manager (held for writing, given up for the settle window),
 * and +0.1 KB for Windows' two ChangeServiceConfig2W levels of the sandbox.
 */
const IMPORT_BUDGET_BYTES = 100_400;

/**
 * The command's one file, at most: 110% of its size when it became one file (331,710 bytes), then
 * 102% of its size once the sandbox levels, the start diagnosis, doctor, credentials, abortable
 * starts and Windows' start errors came in (375,087 bytes), then once Windows' host (any program
 * as a service), its output files, their reader, the checks of their directories and of environment
 * files (owner, DACL) and the pushed watch came in (414,471 bytes), then with listen (the socket
 * unit, launchd's Sockets, sockets()) and the usage figures of status and list (/proc, systemd's
 * accounting, GetProcessMemoryInfo), apply's shared settle window, pm2 ecosystem files, adopt and
 * credentials on Upstart and Windows at 459,716 bytes, then with systemd's instances (the group
 * and template units, the roll, per-instance status) at 476,688, then with Windows' accounts (the
 * service SID, the LSA's "Log on as a service" right) at 484,903, then with credential copies for launchd
 * and SMF and the install lock given up through the settle window at 492,495, then with Windows' sandbox (its
 * SID type and required privileges) at 495,067. Node parses all of it at each
 * command (V8 only pre-parses functions until they run). The Windows part (~100 KB) could move to a
 * file of its own, required on Windows only; it would carry its own copies of the shared modules
 * (errors, config, install), whose classes the command tells apart with instanceof, so it stays here.
 */
const CLI_BUDGET_BYTES = 497_000;

/** What a command must not evaluate before it needs it: the modules the library loads on first use. */
const ON_FIRST_USE = /^src\/platforms\/([^/]+\/(manager|runner|render|quote|parse)|install|shared\/(script-manager|shell|initscript))\.ts$/;

/** Runs `code` in a fresh Node process with createService imported from the bundle; its stdout as JSON. */
function throughBundle(code: string): unknown {
  const entry = JSON.stringify(path.join(DIST, 'servicekit.js'));
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', `const { createService } = await import(${entry});\n${code}`], { encoding: 'utf8' });
  return JSON.parse(out);
}

describe('bundle', () => {
  it('servicekit.js: loading it loads no service manager, renderer or install code, within the size budget', () => {
    const graph = staticGraph(path.join(DIST, 'servicekit.js'));
    const mods = modulesIn(graph);
    assert.ok(mods.includes('src/service.ts'), mods.join(' '));
    assert.deepEqual(mods.filter((m) => ON_FIRST_USE.test(m)), []);
    const bytes = [...graph].reduce((n, f) => n + statSync(f).size, 0);
    assert.ok(bytes <= IMPORT_BUDGET_BYTES, `${bytes} bytes in ${[...graph].join(' ')}`);
  });

  it('servicekit-cli.cjs: one CommonJS file, within its budget, that evaluates each manager, renderer and install module on first use only', () => {
    const file = path.join(DIST, 'servicekit-cli.cjs');
    const src = readFileSync(file, 'utf8');
    assert.deepEqual([...src.matchAll(/\brequire\("(\.[^"]*)"\)|\bimport\("(\.[^"]*)"\)/g)].map((m) => m[0]), [], 'no file of its own besides');
    assert.ok(statSync(file).size <= CLI_BUDGET_BYTES, `${statSync(file).size} bytes`);
    const mods = modulesIn([file]);
    const lazy = new Set([...src.matchAll(/^ {2}"build\/lib\/(\S+)\.js"\(\) \{$/gm)].map((m) => `src/${m[1]!}.ts`));
    const firstUse = mods.filter((m) => ON_FIRST_USE.test(m));
    assert.ok(firstUse.includes('src/platforms/systemd/manager.ts') && firstUse.includes('src/platforms/windows/runner.ts'), mods.join(' '));
    assert.deepEqual(firstUse.filter((m) => !lazy.has(m)), [], 'evaluated when the command starts');
  });

  it('the managers chunk loads on first use: render() and systemLogger() through the bundle', () => {
    const out = throughBundle(`
      const svc = createService(null, { name: 'bundle-check', executable: '/bin/true' }, { platform: 'linux-systemd' });
      const log = svc.systemLogger();
      const [unit] = await svc.render();
      process.stdout.write(JSON.stringify({ path: unit.path, exec: unit.content.match(/^ExecStart=.*$/m)[0], log: typeof log.info }));`);
    assert.deepEqual(out, { path: '/etc/systemd/system/bundle-check.service', exec: 'ExecStart="/bin/true"', log: 'function' });
  });

  it('a bad config is refused by the first call, as a rejection with its code', () => {
    const out = throughBundle(`
      const svc = createService(null, { name: 'bundle-check', executable: 'not/absolute' }, { platform: 'linux-systemd' });
      const codes = [];
      for (const call of [() => svc.render(), () => svc.install(), () => svc.status()]) {
        await call().then(() => codes.push('resolved'), (e) => codes.push(e.code));
      }
      process.stdout.write(JSON.stringify(codes));`);
    assert.deepEqual(out, ['ERR_INVALID_CONFIG', 'ERR_INVALID_CONFIG', 'ERR_INVALID_CONFIG']);
  });
});
