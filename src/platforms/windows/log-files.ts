/**
 * A Windows service's output files, from the installing side: the directory made at install (by
 * default one per service under %ProgramData%\servicekit\logs, where only SYSTEM, Administrators
 * and the service's account may write: an explicit, protected DACL),
 * `logs [-n N] [-f]` read from them (each file's last lines, stdout's then stderr's, as SysV's
 * logs reads its file; -f follows both, across a rotation), and the files found or removed at
 * uninstall.
 */
import { existsSync, mkdirSync, openSync, readSync, closeSync, statSync, rmSync, rmdirSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import type { LogOptions } from '../platform.js';
import { ROTATE_KEEP, type LogFiles } from './output.js';
import { applyDirectoryAcl, checkTrustedDirectory } from './security.js';

const DEFAULT_LINES = 50;
/** The parts of C:\\a\\b to make from: a (the drive is there). */
const FIRST_BELOW_ROOT = 2;
const FOLLOW_POLL_MS = 200;

export function logDirectoryOf(files: LogFiles): string {
  return files.out.slice(0, files.out.lastIndexOf('\\'));
}

/**
 * The directory, after checking its path (no link or junction, no part another account owns).
 * What install makes, it makes with a protected DACL: each parent for SYSTEM and Administrators
 * alone, the directory itself for them and the service's account. An existing directory is not
 * servicekit's to change: its access stays as it is (the service's account must be able to write
 * there).
 */
export function makeLogDirectory(dir: string, account: string | undefined): void {
  checkTrustedDirectory(dir);
  const parts = dir.split('\\');
  for (let i = FIRST_BELOW_ROOT; i <= parts.length; i++) {
    const p = parts.slice(0, i).join('\\');
    if (existsSync(p)) continue;
    mkdirSync(p);
    applyDirectoryAcl(p, i === parts.length ? account : undefined);
  }
}

/** Uninstall --purge: the directory install made for this service alone, once empty. */
export function removeServiceLogDirectory(dir: string, ownedByService: boolean): void {
  if (!ownedByService) return;
  try {
    rmdirSync(dir);
  } catch {
    /* not empty (something else is there), or gone */
  }
}

/** The files of the service's output there are, rotated copies included. */
export function logFilesFound(files: LogFiles): string[] {
  const all = [files.out, files.err].flatMap((f) => [f, ...Array.from({ length: ROTATE_KEEP }, (_, i) => `${f}.${i + 1}`)]);
  return all.filter((f) => existsSync(f));
}

export function removeLogFiles(found: readonly string[]): void {
  for (const f of found) rmSync(f, { force: true });
}

function lastLines(file: string, n: number): string[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  return text.split(/\r?\n/).filter((l) => l !== '').slice(-n);
}

/** Follows one file from `from` bytes: the lines written since, across a rotation (the file begun anew is read from its start). */
class Follower {
  private partial = '';
  constructor(
    private readonly file: string,
    private offset: number,
  ) {}

  read(): string[] {
    let size: number;
    try {
      size = statSync(this.file).size;
    } catch {
      return [];
    }
    // Rotated: a new file (the writer never cuts a line across two, so a partial one was the last of the old file).
    const flushed: string[] = [];
    if (size < this.offset) {
      this.offset = 0;
      if (this.partial !== '') flushed.push(this.partial);
      this.partial = '';
    }
    if (size === this.offset) return flushed;
    const fd = openSync(this.file, 'r');
    try {
      const buf = Buffer.alloc(size - this.offset);
      const got = readSync(fd, buf, 0, buf.length, this.offset);
      this.offset += got;
      const text = this.partial + buf.subarray(0, got).toString('utf8');
      const lines = text.split(/\r?\n/);
      this.partial = lines.pop() ?? '';
      return [...flushed, ...lines.filter((l) => l !== '')];
    } finally {
      closeSync(fd);
    }
  }
}

function sizeOf(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

export async function* readLogs(files: LogFiles, opts: LogOptions): AsyncIterable<string> {
  const n = opts.lines ?? DEFAULT_LINES;
  const followers = [files.out, files.err].map((f) => new Follower(f, sizeOf(f)));
  for (const f of [files.out, files.err]) yield* lastLines(f, n);
  if (!opts.follow) return;
  while (!opts.signal?.aborted) {
    for (const f of followers) yield* f.read();
    await sleep(FOLLOW_POLL_MS, undefined, { signal: opts.signal }).catch(() => undefined);
  }
}
