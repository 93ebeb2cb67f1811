/** Running external commands. Every command goes through here: no shell, argv passed as an array. */
import { spawn } from 'node:child_process';
import { CommandFailedError } from '../errors.js';

export interface ExecOptions {
  env?: NodeJS.ProcessEnv;
  /** Resolve instead of throwing on a non-zero exit. */
  allowFail?: boolean;
  timeoutMs?: number;
  input?: string;
}

export interface ExecResult {
  code: number;
  stdout: string;
  stderr: string;
}

export type Exec = (command: string, args: readonly string[], options?: ExecOptions) => Promise<ExecResult>;

export const exec: Exec = (command, args, options = {}) =>
  new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      env: options.env ?? process.env,
      stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      ...(options.timeoutMs === undefined ? {} : { timeout: options.timeoutMs }),
    });
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
