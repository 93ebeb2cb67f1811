import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { TimeoutError } from '../../src/errors.js';
import { installLockPath, withFileLock } from '../../src/sys/lock.js';
import { InvalidConfigError } from '../../src/errors.js';
import { Service } from '../../src/service.js';
import { FakeHost } from './helpers.js';

describe('install lock', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sk-lock-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('never lets two holders overlap, and removes the file after', async () => {
    const file = path.join(dir, 'a.lock');
    let inside = 0;
    let maxInside = 0;
    await Promise.all(
      Array.from({ length: 8 }, () =>
        withFileLock(file, async () => {
          inside++;
          maxInside = Math.max(maxInside, inside);
          await new Promise((r) => setTimeout(r, 5));
          inside--;
        }),
      ),
    );
    assert.equal(maxInside, 1);
    assert.equal(existsSync(file), false);
  });

  it('releases on failure', async () => {
    const file = path.join(dir, 'b.lock');
    await assert.rejects(withFileLock(file, async () => Promise.reject(new RangeError('boom'))), RangeError);
    assert.equal(existsSync(file), false);
  });

  it('takes over a lock left by a dead process, waits for a live one', async () => {
    const file = path.join(dir, 'c.lock');
    const dead = spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' }).stdout.trim();
    writeFileSync(file, `${dead}\n`);
    assert.equal(await withFileLock(file, async () => 'ran', 2000), 'ran');
    writeFileSync(file, `${process.ppid}\n`); // alive
    await assert.rejects(withFileLock(file, async () => 'no', 200), TimeoutError);
  });

  it('lives in /run for system services and in the runtime directory for users', () => {
    assert.match(installLockPath(false, {}, 0), /^\/run(\/lock)?\/servicekit\.lock$/);
    assert.equal(installLockPath(true, { XDG_RUNTIME_DIR: dir }, 1000), path.join(dir, 'servicekit-1000.lock'));
  });

  it('Service.install and uninstall run under the lock of their scope; bad config fails before it', async () => {
    const host = new FakeHost();
    const taken: boolean[] = [];
    host.withInstallLock = async <T>(user: boolean, _fn: () => Promise<T>): Promise<T> => {
      taken.push(user);
      return undefined as T; // the manager itself is tested elsewhere
    };
    const opts = { platform: 'linux-systemd' as const, host, env: {} };
    await new Service(null, { name: 'a', executable: '/bin/sh' }, opts).install();
    await new Service(null, { name: 'b', executable: '/bin/sh', userService: true }, opts).uninstall();
    assert.deepEqual(taken, [false, true]);
    await assert.rejects(new Service(null, { name: 'c', executable: '/bin/sh', arguments: ['\0'] }, opts).install(), InvalidConfigError);
    assert.deepEqual(taken, [false, true]);
  });
});
