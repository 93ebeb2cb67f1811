/** Loading koffi: its prebuilt module straight from its platform package, else koffi's own loader. */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(fileURLToPath(new URL('../../../', import.meta.url)));
const BUILT = path.join(ROOT, 'build', 'src');

/** loadKoffi() in a fresh process, with the module at `koffiJs`: what it returned, and the koffi files required. */
function load(koffiJs: string): { version?: string; fallback?: boolean; load: string; required: string[] } {
  const code = `
    import { createRequire } from 'node:module';
    const { loadKoffi } = await import(${JSON.stringify(koffiJs)});
    const k = loadKoffi();
    const required = Object.keys(createRequire(import.meta.url).cache).filter((f) => /koffi|koromix/.test(f));
    process.stdout.write(JSON.stringify({ version: k.version, fallback: k.fallback, load: typeof k.load, required }));`;
  return JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8' }));
}

describe('koffi', () => {
  it('the prebuilt module of its platform package, of koffi\'s version, without koffi\'s JavaScript', () => {
    const got = load(path.join(BUILT, 'sys', 'koffi.js'));
    const { version } = JSON.parse(execFileSync(process.execPath, ['-p', `JSON.stringify(require(${JSON.stringify(path.join(ROOT, 'node_modules/koffi/package.json'))}))`], { encoding: 'utf8' }));
    assert.equal(got.version, version);
    assert.equal(got.load, 'function');
    assert.deepEqual(got.required.map((f) => path.relative(ROOT, f)), [`node_modules/@koromix/koffi-${process.platform}-${process.arch}/${process.platform}_${process.arch}/koffi.node`]);
  });

  it('koffi\'s own loader when the platform package\'s version is not koffi\'s', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'sk-koffi-'));
    try {
      // The built modules, beside a koffi whose version differs from its platform package's.
      for (const f of ['sys/koffi.js', 'sys/sea.js', 'errors.js']) cpSync(path.join(BUILT, f), path.join(dir, 'lib', f));
      const fake = path.join(dir, 'node_modules', 'koffi');
      mkdirSync(fake, { recursive: true });
      writeFileSync(path.join(fake, 'package.json'), JSON.stringify({ name: 'koffi', version: '0.0.1', main: 'index.cjs' }));
      writeFileSync(path.join(fake, 'index.cjs'), 'module.exports = { fallback: true, load() {} };');
      mkdirSync(path.join(dir, 'node_modules', '@koromix'));
      const pkg = `koffi-${process.platform}-${process.arch}`;
      symlinkSync(path.join(ROOT, 'node_modules', '@koromix', pkg), path.join(dir, 'node_modules', '@koromix', pkg));
      const got = load(path.join(dir, 'lib', 'sys', 'koffi.js'));
      assert.equal(got.fallback, true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
