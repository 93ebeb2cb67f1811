/**
 * The end-to-end harness: boots a throwaway container with a real init system (container.sh)
 * with this repository mounted read-only at /opt/servicekit, and runs commands inside it.
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** The repository root (this file runs from build/test/e2e/harness/). */
export const REPO = path.resolve(fileURLToPath(new URL('../../../../', import.meta.url)));
const SCRIPT = path.join(REPO, 'test/e2e/harness/container.sh');
/** Where the repository is seen inside the container. */
export const MOUNT = '/opt/servicekit';
/** The CLI as shipped (the bundle package.json points its bin at). */
export const CLI = `${MOUNT}/dist/servicekit-cli.cjs`;

export interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

/** Why end-to-end tests cannot run here, or undefined when they can. */
export function missingPrerequisite(): string | undefined {
  if (process.platform !== 'linux') return 'not Linux';
  if (process.getuid?.() !== 0) return 'not root';
  try {
    execFileSync('systemd-nspawn', ['--version'], { stdio: 'ignore' });
  } catch {
    return 'systemd-nspawn missing (apt-get install systemd-container)';
  }
  if (!existsSync(path.join(REPO, 'dist/servicekit-cli.cjs'))) return 'dist/ not built (npm run build)';
  return undefined;
}

/**
 * node:test options for an end-to-end suite (`missing`: why it cannot run here, if so; by default
 * the container suites' prerequisites): skipped when prerequisites are missing, unless
 * SERVICEKIT_E2E=required (as in CI), where a missing prerequisite fails the suite instead.
 */
export function e2eSuiteOptions(missing = missingPrerequisite()): { skip?: string } {
  if (!missing) return {};
  if (process.env['SERVICEKIT_E2E'] === 'required') throw new Error(`end-to-end tests required but cannot run: ${missing}`);
  return { skip: `end-to-end tests skipped: ${missing}` };
}

function run(file: string, args: string[], input?: string): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = execFile(file, args, { maxBuffer: 64 << 20, encoding: 'utf8' }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
      if (err && typeof err.code !== 'number') return reject(err);
      resolve({ code, stdout, stderr });
    });
    if (input !== undefined) child.stdin?.end(input);
    else child.stdin?.end();
  });
}

export class Container {
  private constructor(readonly name: string) {}

  /** Boot a container: lower "host" boots this machine's own systemd; a directory boots that rootfs. */
  static async up(name: string, lower = 'host', extra: string[] = []): Promise<Container> {
    await run(SCRIPT, ['down', name]);
    const r = await run(SCRIPT, ['up', name, lower, `--bind-ro=${REPO}:${MOUNT}`, ...extra]);
    if (r.code !== 0) throw new Error(`container ${name} did not boot:\n${r.stdout}\n${r.stderr}`);
    return new Container(name);
  }

  /** Run a command inside (root, clean environment). */
  exec(args: string[], input?: string): Promise<Result> {
    return run(SCRIPT, ['exec', this.name, ...args], input);
  }

  /** Run a command and fail with its output unless it exits 0; returns stdout. */
  async ok(args: string[], input?: string): Promise<string> {
    const r = await this.exec(args, input);
    if (r.code !== 0) throw new Error(`${args.join(' ')} exited ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
    return r.stdout;
  }

  sh(script: string): Promise<Result> {
    return this.exec(['sh', '-c', script]);
  }

  /** The servicekit CLI inside the container, as root or (with `as`) as a user with their HOME; `env`: more variables. */
  cli(args: string[], as?: { user: string; uid: number }, env: Record<string, string> = {}): Promise<Result> {
    const vars = Object.entries(env).map(([k, v]) => `${k}=${v}`);
    if (!as) return this.exec(['env', ...vars, 'node', CLI, ...args]);
    return this.exec([
      'runuser', '-u', as.user, '--',
      'env', `HOME=/home/${as.user}`, `USER=${as.user}`, `XDG_RUNTIME_DIR=/run/user/${as.uid}`, ...vars,
      'node', CLI, ...args,
    ]);
  }

  async readFile(file: string): Promise<string> {
    return this.ok(['cat', file]);
  }

  async exists(file: string): Promise<boolean> {
    return (await this.exec(['test', '-e', file])).code === 0;
  }

  /** The host PID of the container's init (what nsenter enters). */
  async leader(): Promise<number> {
    const r = await run(SCRIPT, ['leader', this.name]);
    if (r.code !== 0) throw new Error(`container ${this.name}: no leader: ${r.stderr}`);
    return Number(r.stdout.trim());
  }

  async reboot(): Promise<void> {
    const r = await run(SCRIPT, ['reboot', this.name]);
    if (r.code !== 0) throw new Error(`container ${this.name} did not reboot:\n${r.stdout}\n${r.stderr}`);
  }

  async down(): Promise<void> {
    await run(SCRIPT, ['down', this.name]);
  }
}

/** Poll until fn returns a value other than undefined/false, or fail after timeoutMs. */
export async function waitFor<T>(what: string, fn: () => Promise<T | undefined | false>, timeoutMs = 15000): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v !== undefined && v !== false) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Build (once per machine) the SysV and OpenRC root file systems; returns their paths. */
export async function rootfs(): Promise<{ sysv: string; openrc: string }> {
  const r = await run(path.join(REPO, 'test/e2e/harness/rootfs.sh'), []);
  if (r.code !== 0) throw new Error(`rootfs.sh failed:\n${r.stdout}\n${r.stderr}`);
  const [sysv, openrc] = r.stdout.trim().split('\n');
  return { sysv: sysv!, openrc: openrc! };
}
