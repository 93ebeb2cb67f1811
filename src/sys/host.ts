/**
 * The outside world as the managers see it: commands and files. Managers take a Host so that tests
 * can inject failures at any step (and prove rollback) while still driving the real system.
 */
import { promises as fsp } from 'node:fs';
import { userInfo } from 'node:os';
import { exec, type Exec } from './exec.js';
import { exists, lstat, mkdirp, readdirOrNone, readFileNoFollow, readSmallFile, writeFileAtomic, type WriteOptions } from './fs.js';
import { installLockPath, NO_LOCK, withFileLock, type HeldLock } from './lock.js';

/** What lstat(2) says about a path (links are not followed). */
export interface PathInfo {
  kind: 'file' | 'link' | 'directory' | 'other';
  uid: number;
  /** Where the caller needs it (not every fake says). */
  gid?: number;
  mode: number;
}

export interface Host {
  exec: Exec;
  writeFileAtomic(file: string, content: string | Uint8Array, opts: WriteOptions): Promise<void>;
  /** lchown(2): the path itself, a link never followed. */
  chown(p: string, uid: number, gid: number): Promise<void>;
  remove(file: string): Promise<void>;
  /** Remove an empty directory (rmdir: fails on a non-empty one, never recurses). */
  removeDir(dir: string): Promise<void>;
  exists(p: string): Promise<boolean>;
  /** The names in a directory; none when it does not exist. */
  readdir(dir: string): Promise<string[]>;
  /** lstat: undefined when nothing is there. */
  lstat(p: string): Promise<PathInfo | undefined>;
  readFile(p: string): Promise<string>;
  /** A file's bytes; a link in the last component is refused (ELOOP), never followed. */
  readFileNoFollow(p: string): Promise<Uint8Array>;
  /** Create a directory and its missing parents; returns those created, outermost first. */
  mkdirp(dir: string, mode: number): Promise<string[]>;
  /** The name of the effective user. */
  userName(): string;
  /** Effective uid (undefined where there is none, e.g. Windows). */
  euid(): number | undefined;
  /** Run fn holding the install lock of this scope (one install/uninstall at a time); fn may give it up for a while (HeldLock.outside). */
  withInstallLock<T>(userService: boolean, fn: (held: HeldLock) => Promise<T>): Promise<T>;
}

export const realHost: Host = {
  exec,
  writeFileAtomic,
  chown: (p, uid, gid) => fsp.lchown(p, uid, gid),
  remove: (f) => fsp.rm(f, { force: true }),
  removeDir: (d) => fsp.rmdir(d),
  exists,
  readdir: readdirOrNone,
  lstat,
  readFile: readSmallFile,
  readFileNoFollow,
  mkdirp,
  userName: () => userInfo().username,
  euid: () => (typeof process.geteuid === 'function' ? process.geteuid() : undefined),
  withInstallLock: (userService, fn) => {
    const euid = realHost.euid();
    // No uid, no flock (Windows): the Service Control Manager serialises changes to its database itself.
    if (euid === undefined) return fn(NO_LOCK);
    return withFileLock(installLockPath(userService, process.env, euid), fn, undefined, euid);
  },
};
