/** Unit-level parts of the root-safety rules: secrets, syntax and size limits, ownership. */
import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { describe, it } from 'node:test';
import { InvalidConfigError, NotOwnedError, UnsupportedError } from '../../src/errors.js';
import { createService } from '../../src/index.js';
import { Service } from '../../src/service.js';
import { SysvManager } from '../../src/platforms/sysv/manager.js';
import { OpenrcManager } from '../../src/platforms/openrc/manager.js';
import { SystemdManager } from '../../src/platforms/systemd/manager.js';
import { UpstartManager } from '../../src/platforms/upstart/manager.js';
import { LaunchdManager } from '../../src/platforms/launchd/manager.js';
import { FAST, FakeHost, resolved } from './helpers.js';

const SECRET = 'hunter2-secret';

describe('secrets', () => {
  it('the password is reachable by no inspect, JSON or property walk of a Service or its config', async () => {
    const svc = createService(null, { name: 'pw', executable: '/opt/app/app', userName: '.\\svc', windows: { password: SECRET } }, { platform: 'windows-service' });
    const views = [
      JSON.stringify(svc),
      JSON.stringify(svc.config),
      inspect(svc, { depth: null, showHidden: true }),
      inspect(svc.config, { depth: null, showHidden: true }),
      String(svc),
      JSON.stringify(Object.getOwnPropertyDescriptors(svc.config.windows ?? {})),
    ];
    for (const v of views) assert.ok(!v.includes(SECRET), v);
    // …and still reaches the resolved config the Windows manager hands to CreateServiceW.
    const cfg = await (svc as unknown as { cfg(): Promise<{ windows: { password?: string } }> }).cfg();
    assert.equal(cfg.windows.password, SECRET);
    assert.ok(!JSON.stringify(cfg).includes(SECRET));
  });

  it('POSIX platforms refuse a password instead of dropping it', async () => {
    for (const platform of ['linux-systemd', 'unix-systemv', 'linux-openrc', 'linux-upstart', 'darwin-launchd'] as const) {
      const svc = createService(null, { name: 'pw', executable: '/usr/bin/node', userName: 'nobody', windows: { password: SECRET } }, { platform });
      await assert.rejects(svc.render(), (e: unknown) => e instanceof UnsupportedError && /windows\.password is not supported/.test(e.message) && !e.message.includes(SECRET), platform);
    }
  });
});

describe('syntax and size limits, checked before anything is written', () => {
  const managers = () => [new SystemdManager(new FakeHost(), {}, FAST), new SysvManager(new FakeHost(), FAST), new OpenrcManager(new FakeHost(), FAST), new UpstartManager(new FakeHost(), FAST), new LaunchdManager(new FakeHost(), {}, FAST)];

  it('systemd: a value ending in a backslash would swallow the next line', () => {
    const m = new SystemdManager(new FakeHost(), {}, FAST);
    assert.throws(() => m.render(resolved({ executable: '/bin/true', description: 'ends with \\' })), (e: unknown) => e instanceof InvalidConfigError && e.field === 'description');
    // Inside quotes (ExecStart, Environment) it is escaped, and arrives as given.
    const unit = m.render(resolved({ executable: '/bin/true', arguments: ['a\\'], env: { K: 'v\\' } }))[0]!.content;
    assert.match(unit, /^ExecStart="\/bin\/true" "a\\\\"$/m);
    assert.match(unit, /^Environment="K=v\\\\"$/m);
  });

  it('an argument or variable over what execve takes, or all of them over the budget, is refused by every manager', () => {
    const big = 'x'.repeat(32 * 1024);
    const cases: [Parameters<typeof resolved>[0], string][] = [
      [{ arguments: ['€'.repeat(32 * 1024)] }, 'arguments[0]'], // 96 KiB of UTF-8: fine…
      [{ env: { K: '日本語'.repeat(10_900) } }, 'env.K'], // 98 KiB: fine…
      [{ env: Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`V${i}`, big])) }, 'env'], // 1.3 MiB in all
    ];
    for (const m of managers()) {
      assert.doesNotThrow(() => m.render(resolved({ executable: '/bin/true', ...cases[0]![0] })));
      assert.doesNotThrow(() => m.render(resolved({ executable: '/bin/true', ...cases[1]![0] })));
      assert.throws(() => m.render(resolved({ executable: '/bin/true', ...cases[2]![0] })), (e: unknown) => e instanceof InvalidConfigError && e.field === 'env', m.platform);
      // 4-byte characters: 32 Ki of them are 128 KiB, over the 128 KiB a single string may have.
      assert.throws(() => m.render(resolved({ executable: '/bin/true', arguments: ['😀'.repeat(16 * 1024 + 1)] })), (e: unknown) => e instanceof InvalidConfigError && e.field === 'arguments[0]', m.platform);
    }
  });

  it('systemd: a unit line of 1 MiB or more is refused (control characters are written 4 bytes each)', () => {
    const m = new SystemdManager(new FakeHost(), {}, FAST);
    const args = Array.from({ length: 9 }, () => '\x01'.repeat(30_000));
    assert.throws(() => m.render(resolved({ executable: '/bin/true', arguments: args })), (e: unknown) => e instanceof InvalidConfigError && e.field === 'arguments');
  });
});

describe('ownership', () => {
  it('SysV: a distribution script is not uninstalled; servicekit\'s own is', async () => {
    const h = new FakeHost();
    h.files.set('/etc/init.d/rsyslog', '#!/bin/sh\n### BEGIN INIT INFO\n# Provides: rsyslog\n');
    await assert.rejects(new SysvManager(h, FAST).uninstall(resolved({ name: 'rsyslog' })), NotOwnedError);
    assert.equal(h.mutationCount, 0);
    const m = new SysvManager(h, FAST);
    const cfg = resolved({ name: 'mine', executable: '/usr/bin/node' });
    h.files.set('/etc/init.d/mine', m.render(cfg)[0]!.content);
    h.answer = (cmd, args) => (cmd === '/etc/init.d/mine' && args[0] === 'status' ? { code: 3, stdout: '', stderr: '' } : undefined);
    await m.uninstall(cfg);
    assert.equal(h.files.has('/etc/init.d/mine'), false);
    assert.deepEqual((await m.list(false)).map((d) => d.name), []);
  });

  it('launchd: the mark survives a name with "--" (an XML comment cannot hold it)', async () => {
    const h = new FakeHost();
    const m = new LaunchdManager(h, {}, FAST);
    const cfg = resolved({ name: 'a--b', executable: '/usr/bin/node' });
    const [f] = m.render(cfg);
    assert.match(f!.content, /<!-- managed-by: servicekit \(name=a- -b\) -->/);
    h.files.set(f!.path, f!.content);
    h.answer = () => ({ code: 113, stdout: '', stderr: '' });
    await m.uninstall(cfg);
    assert.equal(h.files.size, 0);
  });

  it('Service: an uninstall through the API takes the same checks (not only the CLI)', async () => {
    const host = new FakeHost();
    host.files.set('/etc/systemd/system/x.service', '[Service]\nExecStart=/bin/true\n');
    host.answer = () => ({ code: 0, stdout: 'LoadState=loaded\n', stderr: '' });
    await assert.rejects(new Service(null, { name: 'x' }, { platform: 'linux-systemd', host, env: {} }).uninstall(), NotOwnedError);
  });
});
