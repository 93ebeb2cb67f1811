/**
 * servicekit's host: how a program that is not Node (and knows nothing of the Service Control
 * Manager) runs as a Windows service. The SCM runs `node.exe servicekit-cli.cjs host NAME`; the host
 * talks to the SCM and runs the program as its child, as the service's configuration (stored in its
 * key at install) says:
 *
 * - the whole process tree ends with the host: the host is in a Job Object that kills every process
 *   in it when its last handle closes (the host's own, at its exit, however it exits), and children
 *   are born in it;
 * - the program's output goes to the service's log files (output.ts), rotated by size;
 * - RUNNING once the program has stayed up through the settle window; one that ends before is a
 *   failed start, with its exit code as the service-specific code;
 * - a stop: Ctrl-C to the program (the host gives it a console of its own to receive it), then,
 *   after stopTimeoutSec, the host ends and the job takes the tree with it;
 * - a program that exits is started again as restart / restartSec say; otherwise the service stops
 *   with the program's exit code.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { NotInstalledError } from '../../errors.js';
import { SETTLE_MS } from '../settle.js';
import { applyServiceEnvironment } from './env.js';
import { RotatingFile } from './output.js';
import { readEnvironmentFiles } from './env-files.js';
import type { ScmSpec } from './render.js';
import { dispatch } from './dispatcher.js';
import { EXIT, type ScmProgram, type ScmService, type WithExitCode } from './scm-service.js';
import { storedSpec } from './stored.js';
import { consoleForChildren, ctrlC, killTreeWithProcess } from './job.js';

/** Time past stopTimeoutSec for the host to end once it gave up on the program. */
const GIVE_UP_MARGIN_MS = 2000;

class ExitCodeError extends Error implements WithExitCode {
  constructor(
    message: string,
    readonly serviceExitCode: number,
  ) {
    super(message);
  }
}

class HostedProgram implements ScmProgram {
  private child: ChildProcess | undefined;
  private exited: Promise<number> = Promise.resolve(0);
  private stopping = false;
  private readonly stopped = new AbortController();
  private svc: ScmService | undefined;
  private readonly out: RotatingFile | undefined;
  private readonly err: RotatingFile | undefined;
  private readonly argv: string[];

  constructor(private readonly spec: ScmSpec) {
    this.argv = spec.program ?? [];
    this.out = spec.logs && new RotatingFile(spec.logs.out);
    this.err = spec.logs && new RotatingFile(spec.logs.err);
  }

  bind(svc: ScmService): void {
    this.svc = svc;
  }

  private note(text: string): void {
    this.err?.write(Buffer.from(`servicekit host: ${text}\n`));
  }

  private launch(): void {
    const [exe, ...args] = this.argv;
    // The environment files, read again at each start; the program does not start without them.
    let env: NodeJS.ProcessEnv;
    try {
      env = { ...process.env, ...readEnvironmentFiles(this.spec.environmentFiles ?? []) };
    } catch (e) {
      this.note((e as Error).message);
      this.exited = Promise.resolve(EXIT.startFailed);
      return;
    }
    // libuv quotes each argument for the C runtime's parser, as servicekit's own quoteArg does.
    const child = spawn(exe!, args, { stdio: ['ignore', 'pipe', 'pipe'], windowsHide: false, cwd: process.cwd(), env });
    this.child = child;
    child.stdout?.on('data', (b: Buffer) => this.out?.write(b));
    child.stderr?.on('data', (b: Buffer) => this.err?.write(b));
    this.exited = new Promise((resolve) => {
      child.on('error', (e) => {
        this.note(`the program could not be started: ${e.message}`);
        resolve(EXIT.startFailed);
      });
      // 'close': its output has been read to the end, too.
      child.on('close', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
    });
  }

  async start(): Promise<void> {
    this.launch();
    // Unreferenced timers: a race's loser must not keep the host alive.
    const early = await Promise.race([this.exited, sleep(SETTLE_MS, undefined, { ref: false })]);
    if (early !== undefined) {
      this.note(`the program exited with code ${early} within ${SETTLE_MS} ms of its start`);
      throw new ExitCodeError(`the program exited with code ${early} at once`, early === 0 ? EXIT.startFailed : early);
    }
    void this.watch();
  }

  /** After the start: a program that exits is restarted as configured, or the service stops with its code. */
  private async watch(): Promise<void> {
    for (;;) {
      const code = await this.exited;
      if (this.stopping) return;
      const again = this.spec.restart === 'always' || (this.spec.restart === 'on-failure' && code !== 0);
      if (!again) {
        this.note(`the program exited with code ${code}; restart ${this.spec.restart}: the service stops`);
        this.svc?.ended(code);
        return;
      }
      this.note(`the program exited with code ${code}; restarting it in ${this.spec.restartSec} s`);
      // A stop meanwhile ends the wait (and the host with it).
      await sleep(this.spec.restartSec * 1000, undefined, { signal: this.stopped.signal }).catch(() => undefined);
      if (this.stopping) return;
      this.launch();
    }
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.stopped.abort();
    const child = this.child;
    if (child === undefined || child.exitCode !== null || child.signalCode !== null) return;
    ctrlC();
    const timeoutMs = this.spec.stopTimeoutSec * 1000;
    const code = await Promise.race([this.exited, sleep(timeoutMs, undefined, { ref: false })]);
    if (code === undefined) {
      this.note(`the program did not stop within ${this.spec.stopTimeoutSec} s of Ctrl-C: it is ended with the host`);
      this.abandon();
      throw new ExitCodeError('the program did not stop in time', EXIT.stopTimedOut);
    }
  }

  /** Ends the program and lets go of it, so the host can exit: the job then ends what the program started. */
  private abandon(): void {
    const child = this.child;
    if (child === undefined) return;
    child.kill();
    child.stdout?.destroy();
    child.stderr?.destroy();
    child.unref();
  }
}

/** The host's life: the service NAME's program run as its child until the SCM stops it. */
export async function runHost(name: string): Promise<void> {
  applyServiceEnvironment(name);
  const spec = storedSpec(name);
  if (spec?.program === undefined) throw new NotInstalledError(name, { cause: new Error('no program for the host in its key') });
  killTreeWithProcess();
  consoleForChildren();
  const program = new HostedProgram(spec);
  await dispatch(program, spec.stopTimeoutSec * 1000 + GIVE_UP_MARGIN_MS, () => undefined, (svc) => program.bind(svc));
}
