/** Shared test helpers: a fixed resolve context, a recording Host with fault injection, an output sink. */
import { Writable } from 'node:stream';
import { resolveConfig, type Config } from '../../src/config.js';
import type { PreparedConfig } from '../../src/platforms/platform.js';
import { CommandFailedError } from '../../src/errors.js';
import type { ExecResult } from '../../src/sys/exec.js';
import type { Host, PathInfo } from '../../src/sys/host.js';
import type { WriteOptions } from '../../src/sys/fs.js';
import { NO_LOCK, type HeldLock } from '../../src/sys/lock.js';

/** Managers in unit tests: no settle window (their fake commands answer at once, always the same). */
export const FAST = { settleMs: 0 };

/** Directories the fake machine has, beside those holding files. */
const DIRS = ['/usr/bin', '/srv', '/srv/app'];

export const CTX = { execPath: '/usr/bin/node', script: '/srv/app/main.js', cwd: '/srv', home: '/home/alice' };

/** A config resolved, and prepared as a manager prepares it where no environment file is to be read. */
export function resolved(c: Partial<Config> = {}): PreparedConfig {
  return { ...resolveConfig({ name: 'demo', ...c } as Config, CTX), fileEnv: {} };
}

/** What systemctl and loginctl do with no output: enabling, disabling, starting, stopping, reloading, lingering. */
export const SYSTEMCTL_COMMANDS = [/^systemctl( --user)? (enable|disable|start|stop|restart|daemon-reload|reset-failed|kill)\b/, /^loginctl (enable|disable)-linger /];
/** What the init-script managers run with no output: boot links (update-rc.d, by hand, rc-update) and the script's verbs. */
export const INIT_COMMANDS = [
  /^\/usr\/sbin\/update-rc\.d /,
  /^ln -s \.\.\/init\.d\/\S+ \/etc\/rc\d\.d\/[SK]\d\d\S+$/,
  /^rm -f \/etc\/rc\d\.d\/[SK]\d\d\S+$/,
  /^rc-update (add|del) \S+ default$/,
  /^rc-service \S+ (start|stop|restart|zap)$/,
  /^\/etc\/init\.d\/\S+ (start|stop|restart)$/,
];

export interface Call {
  kind: 'exec' | 'write' | 'remove' | 'mkdir' | 'chown';
  what: string;
}

/**
 * An in-memory machine: files in a Map, commands answered by `answer`. `failAt(n)` makes the n-th
 * mutating call (write, mkdir, remove, or a command other than show/is-*) fail.
 */
export class FakeHost implements Host {
  files = new Map<string, string>();
  /** lstat of paths that are not plain root-owned 0644 files (links, other owners or modes). */
  meta = new Map<string, PathInfo>();
  calls: Call[] = [];
  private mutations = 0;
  failAt: number | undefined;
  uid = 0;
  answer: (cmd: string, args: readonly string[]) => ExecResult | undefined = () => undefined;
  /** Commands ("cmd arg…") that succeed with no output; what neither `answer` nor these cover is an error. */
  accepts: RegExp[] = [];

  private mutate(kind: Call['kind'], what: string): void {
    this.calls.push({ kind, what });
    this.mutations += 1;
    if (this.failAt === this.mutations) throw new CommandFailedError(kind, [what], 1, 'injected failure');
  }

  get mutationCount(): number {
    return this.mutations;
  }

  exec = async (cmd: string, args: readonly string[], opts: { allowFail?: boolean } = {}): Promise<ExecResult> => {
    const line = `${cmd} ${args.join(' ')}`;
    const readOnly = args.includes('show') || args.some((a) => a.startsWith('is-'));
    if (readOnly) this.calls.push({ kind: 'exec', what: line });
    else this.mutate('exec', line);
    // A command the test expects to succeed (accepts), or answers; any other fails loudly, never a silent success.
    const r = this.answer(cmd, args) ?? (this.accepts.some((re) => re.test(line)) ? { code: 0, stdout: '', stderr: '' } : undefined);
    if (r === undefined) throw new Error(`FakeHost: unexpected command ${line}`);
    if (r.code !== 0 && !opts.allowFail) throw new CommandFailedError(cmd, args, r.code, r.stderr);
    return r;
  };

  /** Owners given with chown, and with a write's uid/gid ("uid:gid"); modes given with a write. */
  owners = new Map<string, string>();
  modes = new Map<string, number>();

  async writeFileAtomic(file: string, content: string | Uint8Array, opts?: WriteOptions): Promise<void> {
    this.mutate('write', file);
    this.files.set(file, typeof content === 'string' ? content : Buffer.from(content).toString('utf8'));
    if (opts?.uid !== undefined) this.owners.set(file, `${opts.uid}:${opts.gid ?? -1}`);
    if (opts !== undefined) this.modes.set(file, opts.mode);
  }

  async chown(p: string, uid: number, gid: number): Promise<void> {
    this.mutate('chown', p);
    this.owners.set(p, `${uid}:${gid}`);
  }

  async remove(file: string): Promise<void> {
    this.mutate('remove', file);
    this.files.delete(file);
  }

  async removeDir(dir: string): Promise<void> {
    this.mutate('remove', dir);
  }

  async exists(p: string): Promise<boolean> {
    return this.files.has(p) || [...this.files.keys()].some((f) => f.startsWith(p.endsWith('/') ? p : `${p}/`)) || p === '/usr/bin/node' || p === '/srv' || p === '/srv/app';
  }

  async readdir(dir: string): Promise<string[]> {
    const prefix = dir.endsWith('/') ? dir : `${dir}/`;
    return [...this.files.keys()].filter((f) => f.startsWith(prefix) && !f.slice(prefix.length).includes('/')).map((f) => f.slice(prefix.length));
  }

  async lstat(p: string): Promise<PathInfo | undefined> {
    const m = this.meta.get(p);
    if (m) return m;
    if (this.files.has(p)) return { kind: 'file', uid: 0, mode: 0o644 };
    if (await this.exists(p)) return { kind: 'directory', uid: 0, mode: 0o755 };
    return DIRS.includes(p) || p === '/' ? { kind: 'directory', uid: 0, mode: 0o755 } : undefined;
  }

  async readFile(p: string): Promise<string> {
    const v = this.files.get(p);
    if (v === undefined) throw Object.assign(new Error(`ENOENT ${p}`), { code: 'ENOENT' });
    return v;
  }

  async readFileNoFollow(p: string): Promise<Uint8Array> {
    if ((await this.lstat(p))?.kind === 'link') throw Object.assign(new Error(`ELOOP ${p}`), { code: 'ELOOP' });
    return Buffer.from(await this.readFile(p), 'utf8');
  }

  async mkdirp(dir: string): Promise<string[]> {
    this.mutate('mkdir', dir);
    return [];
  }

  userName(): string {
    return this.uid === 0 ? 'root' : 'alice';
  }

  euid(): number {
    return this.uid;
  }

  locks = 0;
  async withInstallLock<T>(_user: boolean, fn: (held: HeldLock) => Promise<T>): Promise<T> {
    this.locks += 1;
    return fn(NO_LOCK);
  }
}

/** The hostile strings of the property tests (test/random.ts: the one seeded generator). */
export { hostileStrings } from '../random.js';

/** The one output sink of the tests: a stream whose `text` is all that was written to it. */
export function textSink(): Writable & { text: string } {
  const w = new Writable({
    write(chunk, _enc, cb) {
      w.text += String(chunk);
      cb();
    },
  }) as Writable & { text: string };
  w.text = '';
  return w;
}
