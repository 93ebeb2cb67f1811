/** File-system helpers: atomic writes with explicit owner and mode. */
import { closeSync, fstatSync, lstatSync, openSync, promises as fsp, readdirSync, readFileSync, constants as C } from 'node:fs';
import path from 'node:path';

/** A random suffix for temporary names (O_EXCL makes a collision an error, never a clobber). */
const suffix = () => `${process.pid.toString(36)}${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`;

export interface WriteOptions {
  mode: number;
  uid?: number;
  gid?: number;
}

/**
 * Write `content` to `file` atomically: a temporary file in the same directory, fsync, chmod/chown,
 * then rename over the target. Readers see the old file or the new one, never a partial one.
 */
export async function writeFileAtomic(file: string, content: string | Uint8Array, opts: WriteOptions): Promise<void> {
  const dir = path.dirname(file);
  const tmp = path.join(dir, `.${path.basename(file)}.${suffix()}.tmp`);
  const fh = await fsp.open(tmp, C.O_WRONLY | C.O_CREAT | C.O_EXCL | C.O_NOFOLLOW, 0o600);
  try {
    await fh.writeFile(content);
    await fh.chmod(opts.mode);
    if (opts.uid !== undefined || opts.gid !== undefined) await fh.chown(opts.uid ?? -1, opts.gid ?? -1);
    await fh.sync();
  } catch (e) {
    await fh.close().catch(() => undefined);
    await fsp.rm(tmp, { force: true });
    throw e;
  }
  await fh.close();
  try {
    await fsp.rename(tmp, file);
  } catch (e) {
    await fsp.rm(tmp, { force: true });
    throw e;
  }
}

export async function exists(p: string): Promise<boolean> {
  try {
    await fsp.lstat(p);
    return true;
  } catch {
    return false;
  }
}

/**
 * lstat(2) in the Host's terms: undefined when nothing is there. Synchronous underneath: a metadata
 * call on a local file takes microseconds, less than the thread-pool round trip of the async one
 * (which made a list of 50 services' ownership checks take milliseconds).
 */
export async function lstat(p: string): Promise<{ kind: 'file' | 'link' | 'directory' | 'other'; uid: number; gid: number; mode: number } | undefined> {
  try {
    const st = lstatSync(p);
    const kind = st.isSymbolicLink() ? 'link' : st.isFile() ? 'file' : st.isDirectory() ? 'directory' : 'other';
    return { kind, uid: st.uid, gid: st.gid, mode: st.mode & 0o7777 };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'ENOTDIR') return undefined;
    throw e;
  }
}

/** Up to this size a file is read synchronously (units, scripts); larger ones (a syslog) asynchronously. */
const SYNC_READ_MAX = 256 * 1024;

/** A file's text: a small one (a unit, a script) read at once, synchronously, for the reason lstat is. */
export async function readSmallFile(p: string): Promise<string> {
  const fd = openSync(p, 'r');
  try {
    if (fstatSync(fd).size <= SYNC_READ_MAX) return readFileSync(fd, 'utf8');
  } finally {
    closeSync(fd);
  }
  return fsp.readFile(p, 'utf8');
}

/** A file's bytes, opened without following a link in its last component. */
export async function readFileNoFollow(p: string): Promise<Uint8Array> {
  const fh = await fsp.open(p, C.O_RDONLY | C.O_NOFOLLOW);
  try {
    return await fh.readFile();
  } finally {
    await fh.close();
  }
}

/** The names in a directory, none when it does not exist (synchronous underneath, as lstat). */
export async function readdirOrNone(dir: string): Promise<string[]> {
  try {
    return readdirSync(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
}

/** Create a directory (and parents) with `mode`; returns the directories that were created, outermost first. */
export async function mkdirp(dir: string, mode: number): Promise<string[]> {
  const created: string[] = [];
  let d = path.resolve(dir);
  const missing: string[] = [];
  while (!(await exists(d))) {
    missing.unshift(d);
    const parent = path.dirname(d);
    if (parent === d) break;
    d = parent;
  }
  for (const m of missing) {
    await fsp.mkdir(m, { mode });
    await fsp.chmod(m, mode);
    created.push(m);
  }
  return created;
}
