/**
 * One install/uninstall at a time per service manager scope. Concurrent installs race inside the
 * managers' own tools (insserv fails with "Can not stat S12…", systemd's daemon-reload and enable
 * interleave), so install and uninstall hold an exclusive lock file: O_EXCL create, our PID inside,
 * removed when done; a lock whose process is gone is taken over.
 */
import { existsSync, promises as fsp, constants as C } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { TimeoutError } from '../errors.js';

/** Where the lock lives: root-only /run for system services, the user's runtime directory otherwise. */
export function installLockPath(userService: boolean, env: NodeJS.ProcessEnv, euid: number | undefined): string {
  if (userService || (euid !== undefined && euid !== 0)) {
    const dir = env['XDG_RUNTIME_DIR'] && existsSync(env['XDG_RUNTIME_DIR']) ? env['XDG_RUNTIME_DIR'] : os.tmpdir();
    return path.join(dir, `servicekit-${euid ?? 'user'}.lock`);
  }
  return path.join(existsSync('/run/lock') ? '/run/lock' : existsSync('/run') ? '/run' : os.tmpdir(), 'servicekit.lock');
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Run fn holding `file` (waiting up to timeoutMs for another holder); the lock is removed after. */
export async function withFileLock<T>(file: string, fn: () => Promise<T>, timeoutMs = 120_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  const me = `${process.pid}\n`;
  for (;;) {
    try {
      const fh = await fsp.open(file, C.O_WRONLY | C.O_CREAT | C.O_EXCL | C.O_NOFOLLOW, 0o600);
      await fh.writeFile(me);
      await fh.close();
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const holder = await fsp.readFile(file, 'utf8').catch(() => '');
    const pid = Number(holder.trim());
    if (holder.endsWith('\n') && Number.isInteger(pid) && pid > 0 && !alive(pid)) {
      // Left by a process that died holding it: take it over (only if it is still that one).
      if ((await fsp.readFile(file, 'utf8').catch(() => '')) === holder) await fsp.rm(file, { force: true });
      continue;
    }
    if (Date.now() > end) throw new TimeoutError(`another install or uninstall holds ${file} (pid ${holder.trim() || '?'})`);
    await sleep(25 + Math.random() * 50);
  }
  try {
    return await fn();
  } finally {
    await fsp.rm(file, { force: true });
  }
}
