import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { PermissionError, TimeoutError } from '../../src/errors.js';
import { installLockPath, withFileLock } from '../../src/sys/lock.js';
import { InvalidConfigError } from '../../src/errors.js';
import { Service } from '../../src/service.js';
import { FakeHost } from './helpers.js';

const LOCK_MODULE = fileURLToPath(new URL('../../src/sys/lock.js', import.meta.url));
const uid = process.geteuid?.() ?? 0;

/** A separate process that takes the lock, says so, and holds it until killed. */
async function holder(file: string): Promise<{ kill(): Promise<void> }> {
  const code = `const { withFileLock } = await import(${JSON.stringify(LOCK_MODULE)});
await withFileLock(${JSON.stringify(file)}, async () => { process.stdout.write('held'); await new Promise(() => setInterval(() => {}, 1000)); });`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (b: Buffer) => b.toString().includes('held') && resolve());
    child.on('exit', (c) => reject(new Error(`holder exited ${c}`)));
  });
  return {
    kill: () =>
      new Promise<void>((resolve) => {
        child.removeAllListeners('exit');
        child.on('exit', () => resolve());
        child.kill('SIGKILL');
      }),
  };
}

describe('install lock', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sk-lock-'));
  chmodSync(dir, 0o755);
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('never lets two holders overlap', async () => {
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
  });

  it('releases on failure', async () => {
    const file = path.join(dir, 'b.lock');
    await assert.rejects(withFileLock(file, async () => Promise.reject(new RangeError('boom'))), RangeError);
    assert.equal(await withFileLock(file, async () => 'again', 500), 'again');
  });

  it('waits for a live holder, and the kernel releases the lock of one killed with SIGKILL', async () => {
    const file = path.join(dir, 'c.lock');
    const h = await holder(file);
    await assert.rejects(withFileLock(file, async () => 'no', 300), TimeoutError);
    await h.kill();
    assert.equal(await withFileLock(file, async () => 'ran', 2000), 'ran');
  });

  it('a timeout names the file and never prints what is in it', async () => {
    const file = path.join(dir, 'd.lock');
    writeFileSync(file, 'root:secret-hash:19000:0:99999:7:::\n', { mode: 0o600 });
    const h = await holder(file);
    try {
      await assert.rejects(withFileLock(file, async () => 'no', 200), (e: unknown) => e instanceof TimeoutError && e.message.includes(file) && !e.message.includes('secret'));
    } finally {
      await h.kill();
    }
  });

  it('refuses a link planted at its name, and a directory someone else can change', async () => {
    const target = path.join(dir, 'shadow-like');
    writeFileSync(target, 'do not touch\n');
    const link = path.join(dir, 'e.lock');
    symlinkSync(target, link);
    await assert.rejects(withFileLock(link, async () => 'no', 200), (e: unknown) => (e as NodeJS.ErrnoException).code === 'ELOOP');
    const shared = path.join(dir, 'shared');
    mkdirSync(shared, { mode: 0o777 });
    chmodSync(shared, 0o777);
    await assert.rejects(withFileLock(path.join(shared, 'x.lock'), async () => 'no', 200), PermissionError);
    if (uid === 0) {
      const others = path.join(dir, 'others');
      mkdirSync(others, { mode: 0o755 });
      chownSync(others, 1000, 1000);
      await assert.rejects(withFileLock(path.join(others, 'x.lock'), async () => 'no', 200), PermissionError);
    }
  });

  it("lives in servicekit's root-only runtime directory for system services, the user's runtime directory for users", () => {
    assert.match(installLockPath(false, {}, 0), /^(\/var)?\/run\/servicekit\/install\.lock$/);
    assert.equal(installLockPath(true, { XDG_RUNTIME_DIR: dir }, 1000), path.join(dir, 'servicekit-install.lock'));
    assert.equal(installLockPath(true, {}, 1000), '/run/user/1000/servicekit-install.lock');
  });

  it("a user's runtime directory that is not there is a clear PermissionError, not a raw ENOENT/EACCES", async () => {
    const missing = path.join(dir, 'no-such-parent', 'run-user-1000', 'servicekit-install.lock');
    await assert.rejects(withFileLock(missing, async () => undefined), (e: unknown) => e instanceof PermissionError && /does not exist and cannot be made: a user's services need the user's runtime directory/.test(e.message));
  });

  it('outside(): the lock given up for a while — another holder takes it meanwhile — and taken back (waiting its turn) before the work returns', async () => {
    const file = path.join(dir, 'outside.lock');
    const order: string[] = [];
    await withFileLock(file, async (held) => {
      // Held: another taker times out.
      await assert.rejects(withFileLock(file, async () => undefined, 150), TimeoutError);
      await held.outside(async () => {
        await withFileLock(file, async () => void order.push('other, while given up'), 1000);
      });
      order.push('back');
      await assert.rejects(withFileLock(file, async () => undefined, 150), TimeoutError, 'held again after outside()');
    });
    assert.deepEqual(order, ['other, while given up', 'back']);
  });

  it('Service.install and uninstall run under the lock of their scope; bad config fails before it', async () => {
    const host = new FakeHost();
    const taken: boolean[] = [];
    host.withInstallLock = async <T>(user: boolean): Promise<T> => {
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
