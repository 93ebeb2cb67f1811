/** What users porting from the Go library rely on: Go's option forms, every value kept, user lookup on every OS. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseEnv } from '../../src/options/general.js';
import { InvalidConfigError, UnsupportedError } from '../../src/errors.js';
import { createService } from '../../src/index.js';
import { SystemdManager } from '../../src/platforms/systemd/manager.js';
import { SysvManager } from '../../src/platforms/sysv/manager.js';
import { LaunchdManager } from '../../src/platforms/launchd/manager.js';
import { lookupUser } from '../../src/sys/users.js';
import { FAST, FakeHost, resolved } from './helpers.js';

describe('no variable vanishes', () => {
  it('__proto__ is a variable like any other: through the CLI, the config and every renderer', () => {
    const env = parseEnv(['__proto__=polluted', 'constructor=c'], {});
    assert.deepEqual(Object.keys(env), ['__proto__', 'constructor']);
    assert.equal(Object.getPrototypeOf(env), Object.prototype, 'the prototype is untouched');
    const cfg = resolved({ executable: '/bin/true', env });
    assert.deepEqual(Object.entries(cfg.env), [['__proto__', 'polluted'], ['constructor', 'c']]);
    assert.match(new SystemdManager(new FakeHost(), {}, FAST).render(cfg)[0]!.content, /^Environment="__proto__=polluted"$/m);
    assert.match(new SysvManager(new FakeHost(), FAST).render(cfg)[0]!.content, /export __proto__='polluted'/);
    assert.match(new LaunchdManager(new FakeHost(), {}, FAST).render(cfg)[0]!.content, /<key>__proto__<\/key>\s*<string>polluted<\/string>/);
  });
});

describe('user lookup', () => {
  // The formats of id(1): GNU coreutils and BusyBox on Linux; BSD id on macOS, whose manual
  // (id(1), "uid=… gid=… groups=…") is the same shape, with more groups.
  const outputs: [string, string, { uid: number; gid: number }][] = [
    ['GNU coreutils', 'uid=65534(nobody) gid=65534(nogroup) groups=65534(nogroup)\n', { uid: 65534, gid: 65534 }],
    ['BusyBox', 'uid=100(svc) gid=101(svc) groups=101(svc)\n', { uid: 100, gid: 101 }],
    ['macOS', 'uid=501(alice) gid=20(staff) groups=20(staff),12(everyone),61(localaccounts),79(_appserverusr)\n', { uid: 501, gid: 20 }],
  ];
  for (const [label, stdout, want] of outputs) {
    it(`reads ${label}'s id output`, async () => {
      const h = new FakeHost();
      h.answer = (cmd, args) => (cmd === 'id' && args[0] === 'u' ? { code: 0, stdout, stderr: '' } : undefined);
      assert.deepEqual(await lookupUser(h, 'u'), want);
    });
  }
  it('an unknown account is a config error naming userName (macOS has no getent: the lookup no longer needs it)', async () => {
    const h = new FakeHost();
    h.answer = (cmd) => (cmd === 'id' ? { code: 1, stdout: '', stderr: 'id: nosuch: no such user\n' } : { code: 127, stdout: '', stderr: 'not found' });
    await assert.rejects(lookupUser(h, 'nosuch'), (e: unknown) => e instanceof InvalidConfigError && e.field === 'userName');
  });
});

describe("Go's value forms", () => {
  it('durations as numbers of seconds or Go strings ("120", "1s", "500ms", "2m", "1h30m")', () => {
    const cases: [string | number, number][] = [[3, 3], ['120', 120], ['1s', 1], ['500ms', 0.5], ['2m', 120], ['1h30m', 5400], ['1.5s', 1.5]];
    for (const [given, seconds] of cases) {
      assert.equal(resolved({ restartSec: given }).restartSec, seconds, String(given));
      if (seconds <= 3600) assert.equal(resolved({ stopTimeoutSec: given }).stopTimeoutSec, seconds, String(given));
    }
    assert.equal(resolved({ systemd: { watchdogSec: '30s' } }).systemd.watchdogSec, 30);
    assert.equal(resolved({ windows: { onFailureDelaySec: '2m' } }).windows.onFailureDelaySec, 120);
    for (const bad of ['1x', '', 's', '-1s', '1 s']) assert.throws(() => resolved({ restartSec: bad }), InvalidConfigError, bad);
    assert.match(new SystemdManager(new FakeHost(), {}, FAST).render(resolved({ executable: '/bin/true', restartSec: '500ms' }))[0]!.content, /^RestartSec=500ms$/m);
  });

  it('SuccessExitStatus as Go\'s string with signals, LimitNOFILE -1 and "infinity", the whole Restart= set', () => {
    const c = resolved({ executable: '/bin/true', successExitStatus: '1 2 8 SIGKILL', systemd: { limitNOFILE: -1 }, restart: 'on-abnormal' });
    assert.deepEqual(c.successExitStatus, [1, 2, 8, 'SIGKILL']);
    const unit = new SystemdManager(new FakeHost(), {}, FAST).render(c)[0]!.content;
    assert.match(unit, /^SuccessExitStatus=1 2 8 SIGKILL$/m);
    assert.match(unit, /^LimitNOFILE=infinity$/m);
    assert.match(unit, /^Restart=on-abnormal$/m);
    assert.deepEqual(resolved({ successExitStatus: [3, 'term'] }).successExitStatus, [3, 'SIGTERM']);
    assert.equal(resolved({ systemd: { limitNOFILE: 'infinity' } }).systemd.limitNOFILE, 'infinity');
    assert.throws(() => resolved({ successExitStatus: '1 NOPE' }), InvalidConfigError);
    assert.throws(() => resolved({ restart: 'sometimes' as never }), InvalidConfigError);
  });

  it('launchd KeepAlive: from restart (on-success too), or as given', () => {
    const m = new LaunchdManager(new FakeHost(), {}, FAST);
    const plist = (c: Parameters<typeof resolved>[0]) => m.render(resolved({ executable: '/bin/true', ...c }))[0]!.content;
    assert.match(plist({ restart: 'on-success' }), /<key>KeepAlive<\/key>\s*<dict>\s*<key>SuccessfulExit<\/key>\s*<true\/>/);
    assert.match(plist({ restart: 'no', launchd: { keepAlive: true } }), /<key>KeepAlive<\/key>\s*<true\/>/);
    assert.match(plist({}), /<key>RunAtLoad<\/key>\s*<true\/>/);
  });
});

describe("dependencies in Go's form", () => {
  it('unit lines go into [Unit] on systemd, plain names stay portable; other managers refuse the lines', async () => {
    const c = resolved({ executable: '/bin/true', dependencies: ['After=network.target syslog.target', 'Requires=syslog.target', 'db'] });
    assert.deepEqual(c.dependencies, ['db']);
    const unit = new SystemdManager(new FakeHost(), {}, FAST).render(c)[0]!.content;
    for (const line of ['Wants=db.service', 'After=db.service', 'After=network.target syslog.target', 'Requires=syslog.target']) assert.match(unit, new RegExp(`^${line}$`, 'm'));
    for (const bad of ['ExecStartPre=/bin/rm -rf /', 'After=', 'After=a;b', 'Wants=x\\']) {
      assert.throws(() => resolved({ dependencies: [bad] }), InvalidConfigError, bad);
    }
    const svc = createService(null, { name: 'deps', executable: '/bin/true', dependencies: ['After=network.target'] }, { platform: 'unix-systemv' });
    await assert.rejects(svc.render(), (e: unknown) => e instanceof UnsupportedError && /unitDependencies is not supported on unix-systemv/.test(e.message));
    const plain = createService(null, { name: 'deps', executable: '/bin/true', dependencies: ['db'] }, { platform: 'unix-systemv' });
    assert.match((await plain.render())[0]!.content, /Required-Start: +\$remote_fs db/);
  });
});
