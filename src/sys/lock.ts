/**
 * One install/uninstall at a time per service manager scope. Concurrent installs race inside the
 * managers' own tools (insserv fails with "Can not stat S12…", systemd's daemon-reload and enable
 * interleave), so install and uninstall hold an flock(2) lock on a file in a directory only its
 * owner can change: /run/servicekit for root, the user's runtime directory for a user. The kernel
 * releases the lock when its holder exits or dies, so there is no stale lock to take over, and
 * nobody else can plant, replace or read the file.
 */
import { existsSync, promises as fsp, constants as C } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { PermissionError, TimeoutError } from '../errors.js';
import { SYSTEM_RUNTIME_DIR } from '../paths.js';
import { tryFlock, unflock } from './libc.js';

/** servicekit's own runtime directory (macOS has /var/run, not /run). */
const LOCK_DIR = existsSync('/run') ? SYSTEM_RUNTIME_DIR : `/var${SYSTEM_RUNTIME_DIR}`;
const LOCK_NAME = 'install.lock';
const POLL_MS = 50;

/** Where the lock lives: servicekit's root-only runtime directory, or the user's runtime directory. */
/** A lock being held: `outside` runs work with it given up for the while, and takes it again (waiting its turn) before returning. */
export interface HeldLock {
  outside<T>(work: () => Promise<T>): Promise<T>;
}

/** For a caller that holds no lock (Windows: the SCM serialises changes itself). */
export const NO_LOCK: HeldLock = { outside: (work) => work() };

export function installLockPath(userService: boolean, env: NodeJS.ProcessEnv, euid: number | undefined): string {
  if (!userService && euid === 0) return path.join(LOCK_DIR, LOCK_NAME);
  const runtime = env['XDG_RUNTIME_DIR'] || `/run/user/${euid ?? 0}`;
  return path.join(runtime, `servicekit-${LOCK_NAME}`);
}

/**
 * Make sure `dir` is a directory (not a link) owned by `uid` that nobody else can write, creating it
 * (mode 0755) when missing. Throws PermissionError otherwise: files root creates there could be
 * swapped for links by whoever can write it.
 */
export async function ownDirectory(dir: string, uid: number): Promise<void> {
  try {
    await fsp.mkdir(dir, { mode: 0o755 });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    // A user's runtime directory that is not there: logind makes it for a login (or lingering).
    if (code === 'EACCES' || code === 'ENOENT') {
      throw new PermissionError(`${dir} does not exist and cannot be made: a user's services need the user's runtime directory (a login session, or lingering: loginctl enable-linger)`, { cause: e });
    }
    if (code !== 'EEXIST') throw e;
  }
  const st = await fsp.lstat(dir);
  if (!st.isDirectory() || st.uid !== uid || (st.mode & 0o022) !== 0) {
    throw new PermissionError(`${dir} must be a directory owned by uid ${uid} that no one else can write; it is not, so servicekit will not use it`);
  }
}

/** Run fn holding the lock on `file` (waiting up to timeoutMs for another holder). */
export async function withFileLock<T>(file: string, fn: (held: HeldLock) => Promise<T>, timeoutMs = 120_000, uid = process.geteuid?.() ?? 0): Promise<T> {
  await ownDirectory(path.dirname(file), uid);
  // O_NOFOLLOW: a link planted at the lock's name is an error, never followed.
  const fh = await fsp.open(file, C.O_RDWR | C.O_CREAT | C.O_NOFOLLOW, 0o600);
  try {
    const st = await fh.stat();
    if (!st.isFile() || st.uid !== uid) throw new PermissionError(`${file} is not a regular file of uid ${uid}; servicekit will not lock it`);
    const take = async () => {
      const end = Date.now() + timeoutMs;
      while (!tryFlock(fh.fd)) {
        if (Date.now() > end) throw new TimeoutError(`another install or uninstall held ${file} for ${Math.round(timeoutMs / 1000)} s`);
        await sleep(POLL_MS);
      }
    };
    await take();
    return await fn({
      outside: async (work) => {
        unflock(fh.fd);
        try {
          return await work();
        } finally {
          await take();
        }
      },
    });
  } finally {
    await fh.close(); // releases the lock
  }
}
