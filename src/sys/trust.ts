/**
 * What root may trust on disk: a file or directory only root (or the account concerned) can change,
 * under directories no one else can change. Anything else another account could swap for a link,
 * or rewrite, to have root read, write or run what it chooses.
 */
import path from 'node:path';
import { InvalidConfigError } from '../errors.js';
import type { Host, PathInfo } from './host.js';

const STICKY = 0o1000;
/** Group- or other-writable. */
const WRITABLE_BY_OTHERS = 0o022;

export function describePath(info: PathInfo): string {
  return info.kind === 'directory' || info.kind === 'file' ? `uid ${info.uid}, mode ${(info.mode & 0o777).toString(8)}` : `a ${info.kind}`;
}

/** No parent of `p` is a place where another account than root or `uid` can swap what is below it. */
export async function checkParents(host: Host, field: string, p: string, uid: number): Promise<void> {
  for (let parent = path.dirname(p); ; parent = path.dirname(parent)) {
    const info = await host.lstat(parent);
    if (info !== undefined && info.kind !== 'link' && (info.mode & 0o002) !== 0 && (info.mode & STICKY) === 0) {
      throw new InvalidConfigError(field, `${p} is under ${parent}, which anyone can write`);
    }
    if (info !== undefined && info.uid !== 0 && info.uid !== uid) throw new InvalidConfigError(field, `${p} is under ${parent}, owned by uid ${info.uid}`);
    if (parent === path.dirname(parent)) break;
  }
}

/** A regular file (not a link) owned by root or `uid`, that no one else can write, under trusted directories. */
export async function checkTrustedFile(host: Host, field: string, file: string, uid: number): Promise<void> {
  const info = await host.lstat(file);
  if (info === undefined) throw new InvalidConfigError(field, `${file} does not exist`);
  if (info.kind !== 'file' || (info.uid !== 0 && info.uid !== uid) || (info.mode & WRITABLE_BY_OTHERS) !== 0) {
    const who = uid === 0 ? 'root' : `root or uid ${uid}`;
    throw new InvalidConfigError(field, `${file} must be a regular file owned by ${who} that no one else can write (it is ${describePath(info)})`);
  }
  await checkParents(host, field, file, uid);
}

/**
 * A directory root writes the service's files into (logs): if it exists it must be a directory owned
 * by `uid` that no one else can write, and none of its parents may be a place where anyone can swap
 * it (world-writable without the sticky bit). Otherwise another account could put a link there and
 * have root append to, create or chown a file of its choosing.
 */
export async function checkWritableOnlyBy(host: Host, field: string, dir: string, uid: number): Promise<void> {
  const info = await host.lstat(dir);
  const who = uid === 0 ? 'root' : `uid ${uid}`;
  if (info !== undefined && (info.kind !== 'directory' || info.uid !== uid || (info.mode & WRITABLE_BY_OTHERS) !== 0)) {
    throw new InvalidConfigError(field, `${dir} must be a directory owned by ${who} that no one else can write (it is ${describePath(info)})`);
  }
  await checkParents(host, field, dir, uid);
}
