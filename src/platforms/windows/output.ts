/**
 * A Windows service's output kept in files, rotated by size in place (Windows has no logrotate):
 * NAME.out.log and NAME.err.log in the log directory, as on Linux; at 10 MiB a file becomes
 * NAME.out.log.1 (.1 -> .2 …, 5 kept) and a new one is begun. The one writer of each file is
 * servicekit's side of the service (the host, or the preload in a Node program), writing whole
 * chunks one after the other, so a rotation falls between two writes and no line is lost.
 */
import { closeSync, fstatSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { Writable } from 'node:stream';

export const ROTATE_BYTES = 10 * 1024 * 1024;
export const ROTATE_KEEP = 5;
const NEWLINE = 0x0a;

export interface LogFiles {
  out: string;
  err: string;
}

/** A file appended to, rotated once it would pass `maxBytes`. */
export class RotatingFile {
  private fd: number;
  private size: number;

  constructor(
    readonly path: string,
    private readonly maxBytes = ROTATE_BYTES,
    private readonly keep = ROTATE_KEEP,
  ) {
    this.fd = openSync(path, 'a');
    this.size = fstatSync(this.fd).size;
  }

  /** Appends `chunk`; past the size, the line under way is finished in this file and the rest begins the next: a line is never cut in two. */
  write(chunk: Buffer): void {
    if (this.size > 0 && this.size + chunk.length > this.maxBytes) {
      const endOfLine = this.partial ? chunk.indexOf(NEWLINE) + 1 : 0;
      // The line goes on (up to twice the size: a program that never ends a line still rotates).
      if (endOfLine === 0 && this.partial && this.size < this.maxBytes * 2) {
        this.append(chunk);
        return;
      }
      this.append(chunk.subarray(0, endOfLine));
      this.rotate();
      chunk = chunk.subarray(endOfLine);
    }
    this.append(chunk);
  }

  /** Does the file end inside a line? */
  private partial = false;

  private append(chunk: Buffer): void {
    if (chunk.length === 0) return;
    let done = 0;
    while (done < chunk.length) done += writeSync(this.fd, chunk, done);
    this.size += chunk.length;
    this.partial = chunk[chunk.length - 1] !== NEWLINE;
  }

  private rotate(): void {
    closeSync(this.fd);
    rmSync(`${this.path}.${this.keep}`, { force: true });
    for (let i = this.keep - 1; i >= 1; i--) {
      try {
        renameSync(`${this.path}.${i}`, `${this.path}.${i + 1}`);
      } catch {
        /* not there yet */
      }
    }
    renameSync(this.path, `${this.path}.1`);
    this.fd = openSync(this.path, 'a');
    this.size = 0;
  }

  close(): void {
    closeSync(this.fd);
  }
}

/** A stream over a rotating file, written synchronously (nothing is lost when the process exits). */
function streamTo(file: RotatingFile, fd: number): Writable & { fd: number; isTTY: false } {
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      try {
        file.write(chunk);
        done();
      } catch (e) {
        done(e as Error);
      }
    },
  });
  return Object.assign(stream, { fd, isTTY: false as const });
}

/**
 * In a Node program run as a service (the preload), before its first line: process.stdout and
 * process.stderr (and so console) write to the service's log files.
 */
export function redirectOutput(files: LogFiles): void {
  const out = streamTo(new RotatingFile(files.out), 1);
  const err = streamTo(new RotatingFile(files.err), 2);
  Object.defineProperty(process, 'stdout', { configurable: true, enumerable: true, get: () => out });
  Object.defineProperty(process, 'stderr', { configurable: true, enumerable: true, get: () => err });
}
