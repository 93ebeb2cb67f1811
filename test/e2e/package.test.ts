/**
 * The package as users get it: `npm pack`, installed into an empty project, then used the way a
 * user would: `npx servicekit --version`, `npx servicekit render`, an import, and its types with tsc.
 * The tarball holds only what runs (the bundles and chunks), the public types, README and LICENSE.
 * Installed the other ways people install too: npm with --ignore-scripts, pnpm (which runs no
 * dependency's install script by default) and yarn (the pinned versions of this repository's
 * devDependencies): the command runs, a plist renders, and koffi loads from servicekit's place.
 * Packed with --ignore-scripts: dist/ is the one `npm test` built, never rebuilt under other suites.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { REPO } from './harness/container.js';

const npm = (args: string[], cwd: string) => execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const tool = (bin: string) => (args: string[], cwd: string) => execFileSync(process.execPath, [path.join(REPO, 'node_modules', bin), ...args], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

/** The ways a project gets the package (the tarball's path given). */
const INSTALLERS: Record<string, (tarball: string, cwd: string) => unknown> = {
  'npm install --ignore-scripts': (t, cwd) => npm(['install', '--ignore-scripts', '--prefer-offline', '--no-audit', '--no-fund', t], cwd),
  'pnpm add': (t, cwd) => tool('pnpm/bin/pnpm.cjs')(['add', t], cwd),
  'yarn add': (t, cwd) => tool('yarn/bin/yarn.js')(['add', '--no-progress', '--non-interactive', `file:${t}`], cwd),
};

/** An empty project. */
function project(dir: string, name: string): string {
  const app = path.join(dir, name);
  mkdirSync(app);
  writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', type: 'module', private: true }));
  return app;
}

/** koffi as servicekit finds it, calling into libc: its native module is there without an install script. */
const KOFFI_CHECK = `import { createRequire } from 'node:module';
const req = createRequire(createRequire(import.meta.url).resolve('servicekit'));
const getpid = req('koffi').load('libc.so.6').func('int getpid()');
console.log(getpid() === process.pid ? 'koffi loads' : 'koffi is wrong');
`;

describe('the packed package, installed into an empty project', () => {
  let dir: string;
  let files: string[];
  let tarball: string;
  const version = (JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { version: string }).version;

  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'sk-pack-'));
    const [packed] = JSON.parse(npm(['pack', '--ignore-scripts', '--json', '--pack-destination', dir], REPO)) as [{ filename: string; files: { path: string }[] }];
    files = packed.files.map((f) => f.path);
    tarball = path.join(dir, packed.filename);
    const app = project(dir, 'app');
    // Dependencies (koffi, plist) come from the npm cache that `npm ci` filled, or the registry.
    npm(['install', '--prefer-offline', '--no-audit', '--no-fund', tarball], app);
  });
  after(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("holds only the bundles (Windows' preload too), their chunks, the public types, the apply schema, README and LICENSE", () => {
    const unexpected = files.filter(
      (f) => !/^dist\/servicekit\.js$|^dist\/servicekit-cli\.cjs$|^dist\/windows-preload\.cjs$|^dist\/chunks\/[\w-]+\.js$|^dist\/.+\.d\.ts$|^(README\.md|LICENSE|package\.json|schema\/apply\.schema\.json)$/.test(f),
    );
    assert.deepEqual(unexpected, []);
    for (const f of ['dist/servicekit.js', 'dist/servicekit-cli.cjs', 'dist/windows-preload.cjs', 'dist/index.d.ts', 'schema/apply.schema.json', 'README.md', 'LICENSE']) assert.ok(files.includes(f), f);
    assert.ok(!files.some((f) => f.endsWith('.map') || f.startsWith('build/') || f.startsWith('src/')), files.join(' '));
  });

  it('npx servicekit --version and render work', () => {
    const app = path.join(dir, 'app');
    assert.equal(execFileSync('npx', ['--no-install', 'servicekit', '--version'], { cwd: app, encoding: 'utf8' }).trim(), version);
    const unit = execFileSync('npx', ['--no-install', 'servicekit', 'render', '--system', 'linux-systemd', '--name', 'packed', '--', '/bin/sleep', '60 s'], { cwd: app, encoding: 'utf8' });
    assert.match(unit, /^# \/etc\/systemd\/system\/packed\.service \(mode 644\)$/m);
    assert.match(unit, /^ExecStart="\/bin\/sleep" "60 s"$/m);
    // A plist through the command (one CommonJS file) from the installed package: plist exports only
    // an "import" condition, found by servicekit's own lookup.
    const plist = execFileSync('npx', ['--no-install', 'servicekit', 'render', '--system', 'darwin-launchd', '--name', 'packed', '--', '/bin/sleep', '60 s'], { cwd: app, encoding: 'utf8' });
    assert.match(plist, /<string>60 s<\/string>/);
    // The schema editors point at, by its export; the help text.
    const schema = execFileSync(process.execPath, ['-p', "require.resolve('servicekit/apply.schema.json')"], { cwd: app, encoding: 'utf8' }).trim();
    assert.ok(schema.endsWith(path.join('node_modules', 'servicekit', 'schema', 'apply.schema.json')), schema);
    assert.match(execFileSync('npx', ['--no-install', 'servicekit', '--help'], { cwd: app, encoding: 'utf8' }), /servicekit apply FILE/);
  });

  it('imports, renders through the API and type-checks', () => {
    const app = path.join(dir, 'app');
    writeFileSync(
      path.join(app, 'main.ts'),
      `import { createService, type Config, ServiceError } from 'servicekit';
const config: Config = { name: 'packed', executable: '/bin/true', restart: 'no', stopTimeoutSec: '30s' };
const files = await createService(null, config, { platform: 'unix-systemv' }).render();
console.log(JSON.stringify({ path: files[0]?.path, isError: new ServiceError('ERR_TIMEOUT', 'x') instanceof Error }));
`,
    );
    writeFileSync(
      path.join(app, 'tsconfig.json'),
      // The types mention Node's (NodeJS.ProcessEnv): a Node project has @types/node; this one borrows ours.
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, outDir: 'out',
          types: ['node'], typeRoots: [path.join(REPO, 'node_modules/@types')],
        },
        include: ['main.ts'],
      }),
    );
    try {
      execFileSync(process.execPath, [path.join(REPO, 'node_modules/typescript/bin/tsc'), '-p', app], { encoding: 'utf8' });
    } catch (e) {
      assert.fail(`tsc: ${(e as { stdout?: string }).stdout ?? String(e)}`);
    }
    const out = execFileSync(process.execPath, [path.join(app, 'out/main.js')], { cwd: app, encoding: 'utf8' });
    assert.deepEqual(JSON.parse(out), { path: '/etc/init.d/packed', isError: true });
  });

  for (const [how, install] of Object.entries(INSTALLERS)) {
    it(`${how}: the command runs, renders a plist, and koffi loads`, () => {
      const app = project(dir, how.replace(/\W+/g, '-'));
      install(tarball, app);
      const bin = path.join(app, 'node_modules', '.bin', 'servicekit');
      assert.equal(execFileSync(bin, ['--version'], { cwd: app, encoding: 'utf8' }).trim(), version);
      const plist = execFileSync(bin, ['render', '--system', 'darwin-launchd', '--name', 'packed', '--', '/bin/sleep', '60 s'], { cwd: app, encoding: 'utf8' });
      assert.match(plist, /<string>60 s<\/string>/);
      writeFileSync(path.join(app, 'koffi.mjs'), KOFFI_CHECK);
      assert.equal(execFileSync(process.execPath, ['koffi.mjs'], { cwd: app, encoding: 'utf8' }).trim(), 'koffi loads');
    });
  }
});
