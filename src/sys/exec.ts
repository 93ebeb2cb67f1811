/**
 * Running external commands. Every command goes through here: no shell, argv passed as an array.
 * node:child_process and node:readline are loaded on first use, not when servicekit is imported
 * (a service that only calls run() never needs them).
 */
import { CommandFailedError } from '../errors.js';

const childProcess = () => process.getBuiltinModule('node:child_process');

export interface ExecOptions {
  env?: NodeJS.ProcessEnv;
  /** Resolve instead of throwing on a non-zero exit. */
  allowFail?: boolean;
  timeoutMs?: number;
  input?: string;
  /**
   * Aborted: the command and what it started are ended (it runs in a process group of its own,
   * which gets SIGTERM), its output let go, and the promise rejects; a start left waiting on the
   * manager does not keep the caller alive.
   */
  signal?: AbortSignal;
}

export interface ExecResult {
  code: number;
  stdout: string;
  stderr: string;
}

export type Exec = (command: string, args: readonly string[], options?: ExecOptions) => Promise<ExecResult>;

export const exec: Exec = (command, args, options = {}) =>
  new Promise((resolve, reject) => {
    const child = childProcess().spawn(command, args, {
      env: options.env ?? process.env,
      stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      ...(options.timeoutMs === undefined ? {} : { timeout: options.timeoutMs }),
      ...(options.signal === undefined ? {} : { detached: true }),
    });
    const abort = () => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGTERM');
      } catch {
        /* already gone */
      }
      child.stdout?.destroy();
      child.stderr?.destroy();
      child.unref();
      reject(new CommandFailedError(command, args, null, 'aborted', { cause: options.signal?.reason }));
    };
    if (options.signal?.aborted) abort();
    else options.signal?.addEventListener('abort', abort, { once: true });
    child.on('close', () => options.signal?.removeEventListener('abort', abort));
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout?.on('data', (b: Buffer) => out.push(b));
    child.stderr?.on('data', (b: Buffer) => err.push(b));
    if (options.input !== undefined) child.stdin?.end(options.input);
    child.on('error', (e) => reject(new CommandFailedError(command, args, null, e.message, { cause: e })));
    child.on('close', (code, signal) => {
      const r: ExecResult = {
        code: code ?? 128 + (signal ? 15 : 0),
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      };
      if (r.code !== 0 && !options.allowFail) reject(new CommandFailedError(command, args, code, r.stderr));
      else resolve(r);
    });
  });

/** execFileSync's stdout, or undefined when the command cannot run or fails (for detection). */
export function tryExecSync(command: string, args: string[], timeoutMs = 2000): string | undefined {
  try {
    return childProcess().execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: timeoutMs });
  } catch {
    return undefined;
  }
}

/**
 * Lines of a command's stdout as an async iterable; the command is killed if the consumer stops
 * early, or when `signal` aborts (the lines then simply end). With `check`, a non-zero exit (once
 * all lines are read, and unless aborted) throws CommandFailedError.
 */
export async function* streamLines(command: string, args: string[], opts: { env?: NodeJS.ProcessEnv; check?: boolean; signal?: AbortSignal | undefined } = {}): AsyncGenerator<string> {
  const { createInterface } = process.getBuiltinModule('node:readline');
  if (opts.signal?.aborted) return;
  const child = childProcess().spawn(command, args, { env: opts.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
  const kill = () => child.kill();
  opts.signal?.addEventListener('abort', kill, { once: true });
  let stderr = '';
  child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
  const exited = new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve(code));
  });
  try {
    for await (const line of createInterface({ input: child.stdout, crlfDelay: Infinity })) yield line;
    const code = await exited;
    if (opts.check && code !== 0 && !opts.signal?.aborted) throw new CommandFailedError(command, args, code, stderr);
  } finally {
    opts.signal?.removeEventListener('abort', kill);
    if (child.exitCode === null) child.kill();
  }
}
