/**
 * apply's checks and output (the e2e suites apply manifests to real systemd, SysV and OpenRC): the
 * manifest checked with errors naming the service and field, the JSON Schema in step with the
 * config, the plan printed with diffs (never of files holding environment-file values), and
 * manifest files trusted only when no other account can change them.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { checkManifest, loadManifest, type ApplyResult } from '../../src/apply.js';
import { printPlan } from '../../src/cli/plan-text.js';
import { CONFIG_KEYS, resolveConfig, type Config } from '../../src/config.js';
import { FakeHost } from './helpers.js';

const svc = (name: string, more: Partial<Config> = {}) => ({ name, executable: '/usr/bin/node', ...more });

describe('apply', () => {
  it('checks the manifest, naming the service and the field', () => {
    const bad: [unknown, RegExp][] = [
      [[], /invalid manifest: must be an object with a "services" array/],
      [{ services: {} }, /invalid services: must be an array/],
      [{ services: [], extra: 1 }, /invalid extra: unknown key/],
      [{ services: [svc('a'), { name: 'b' }] }, /invalid services\[1\] \(b\)\.executable: is required in a manifest/],
      [{ services: [svc('a'), svc('b', { restart: 'sometimes' as never })] }, /invalid services\[1\] \(b\)\.restart: must be "always"/],
      [{ services: [svc('a', { env: { 'BAD-NAME': 'x' } })] }, /invalid services\[0\] \(a\)\.env\.BAD-NAME:/],
      [{ services: [svc('a'), svc('a')] }, /invalid services\[1\] \(a\)\.name: a is listed twice/],
      [{ services: [svc('a', { userService: true })] }, /invalid services\[0\] \(a\)\.userService: says true, but this apply is for system services/],
      [{ services: ['x'] }, /invalid services\[0\]\.config: must be an object/],
    ];
    for (const [m, re] of bad) assert.throws(() => checkManifest(m, false), (e: Error & { code?: string }) => e.code === 'ERR_INVALID_CONFIG' && re.test(e.message), re.source);
    const [c] = checkManifest({ $schema: 'x', services: [svc('a')] }, true);
    assert.deepEqual(c, { ...svc('a'), userService: true, workingDirectory: '/' });
  });

  it('the JSON Schema lists every config option, and each nested key it lists is one the config takes', () => {
    const schema = JSON.parse(readFileSync(fileURLToPath(new URL('../../../schema/apply.schema.json', import.meta.url)), 'utf8')) as {
      $defs: { service: { properties: Record<string, { properties?: Record<string, unknown> }>; required: string[] } };
    };
    const props = schema.$defs.service.properties;
    assert.deepEqual(Object.keys(props).sort(), [...CONFIG_KEYS].sort());
    assert.deepEqual(schema.$defs.service.required, ['name', 'executable']);
    for (const [group, p] of Object.entries(props)) {
      if (!p.properties) continue;
      const keys = Object.fromEntries(Object.keys(p.properties).map((k) => [k, undefined]));
      assert.doesNotThrow(() => resolveConfig({ name: 'x', [group]: keys } as unknown as Config, { execPath: '/', cwd: '/', home: '/' }), group);
    }
  });

  it('prints the plan: each service, the diff of each file on a dry run (never a secret one), a summary', () => {
    const r: ApplyResult = {
      changed: true,
      dryRun: true,
      services: [
        { name: 'a', action: 'update', changes: [{ path: '/etc/x.service', before: 'A=1\nB=2\n', after: 'A=1\nB=3\n', secret: false }] },
        { name: 'b', action: 'update', changes: [{ path: '/etc/init.d/b', before: 'TOKEN=old\n', after: 'TOKEN=new\n', secret: true }] },
        { name: 'c', action: 'unchanged', changes: [] },
        { name: 'd', action: 'remove', changes: [] },
      ],
    };
    const text = printPlan(r);
    assert.match(text, /^update a\n--- \/etc\/x\.service\n\+\+\+ \/etc\/x\.service\n@@ -1,2 \+1,2 @@\n A=1\n-B=2\n\+B=3\n/);
    assert.match(text, /^update b\n {2}\/etc\/init\.d\/b: readable by its owner only, not shown\n/m);
    assert.doesNotMatch(text, /TOKEN/);
    assert.match(text, /^unchanged c\nremove d\nwould change: 2 update, 1 remove; 1 unchanged\n$/m);
    const done = printPlan({ ...r, dryRun: false, services: [{ ...r.services[0]!, error: { code: 'ERR_START_FAILED', message: 'x' } }, r.services[2]!] });
    assert.equal(done, 'failed to update a\nunchanged c\nnothing to change (1 unchanged)\n');
  });

  it('reads a manifest only root (or the caller) can change: not another account\'s, not a link, not under a directory others can write', async () => {
    const ok = new FakeHost();
    ok.files.set('/etc/fleet.json', JSON.stringify({ services: [] }));
    assert.deepEqual(await loadManifest('/etc/fleet.json', ok), { services: [] });
    const cases: [(h: FakeHost) => void, RegExp][] = [
      [(h) => h.meta.set('/etc/fleet.json', { kind: 'file', uid: 1000, mode: 0o644 }), /owned by root/],
      [(h) => h.meta.set('/etc/fleet.json', { kind: 'file', uid: 0, mode: 0o664 }), /no one else can write/],
      [(h) => h.meta.set('/etc/fleet.json', { kind: 'file', uid: 0, mode: 0o602 }), /no one else can write/],
      [(h) => h.meta.set('/etc/fleet.json', { kind: 'link', uid: 0, mode: 0o777 }), /a link/],
      [(h) => h.meta.set('/etc', { kind: 'directory', uid: 0, mode: 0o777 }), /anyone can write/],
      [(h) => h.files.set('/etc/fleet.json', '{ nope'), /is not valid JSON/],
    ];
    for (const [setup, re] of cases) {
      const h = new FakeHost();
      h.files.set('/etc/fleet.json', '{"services":[]}');
      setup(h);
      await assert.rejects(loadManifest('/etc/fleet.json', h), (e: Error & { code?: string }) => e.code === 'ERR_INVALID_CONFIG' && re.test(e.message), re.source);
    }
  });
});
