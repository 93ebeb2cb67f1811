/** What users porting from the Go library rely on: Go's option forms, every value kept, user lookup on every OS. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseEnv } from '../../src/cli/args.js';
import { InvalidConfigError } from '../../src/errors.js';
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
