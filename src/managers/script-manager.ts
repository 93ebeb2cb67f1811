/**
 * Control flow shared by the script-based managers (SysV, OpenRC, Upstart): preflight, install with
 * rollback, control commands, status, logs. Each manager supplies its files, its enable/disable
 * commands, its control command and its status mapping.
 */
import type { ResolvedConfig } from '../config.js';
import { AlreadyInstalledError, CommandFailedError, InvalidConfigError, NotInstalledError, PermissionError, StartFailedError, UnsupportedError } from '../errors.js';
import type { Host } from '../sys/host.js';
import { setTimeout as sleep } from 'node:timers/promises';
import { streamLines, type ExecResult } from '../sys/exec.js';
import { withRollback } from '../sys/rollback.js';
import { checkExecutable, lookupUser } from '../sys/users.js';
import { daemonFiles } from './initscript.js';
import { logTail, type InstallOptions, type LogOptions, type Platform, type RenderedFile, type ServiceManager, type ServiceState, type StatusDetail } from './manager.js';

export type ControlVerb = 'start' | 'stop' | 'restart' | 'status';

/** The environment control commands run with: nothing of the caller's leaks into the service. */
export const CLEAN_ENV: NodeJS.ProcessEnv = { PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', LANG: 'C' };

export abstract class ScriptManager implements ServiceManager {
  abstract readonly platform: Platform;
  constructor(protected readonly host: Host) {}

  abstract render(cfg: ResolvedConfig): RenderedFile[];
  /** Make it start at boot; returns the undo. */
  protected abstract enable(cfg: ResolvedConfig): Promise<(() => Promise<void>) | undefined>;
  protected abstract disable(cfg: ResolvedConfig): Promise<void>;
  protected abstract control(cfg: ResolvedConfig, verb: ControlVerb): Promise<ExecResult>;
  /** Map the status command's result to a state. */
  protected abstract stateOf(r: ExecResult): ServiceState;
  /** Called after files are written, before enabling (e.g. initctl reload-configuration). */
  protected async reload(_cfg: ResolvedConfig): Promise<void> {}

  protected exec(cmd: string, args: string[], allowFail = false): Promise<ExecResult> {
    return this.host.exec(cmd, args, { env: CLEAN_ENV, allowFail });
  }

  private mainFile(cfg: ResolvedConfig): string {
    const [f] = this.render(cfg);
    if (!f) throw new InvalidConfigError('name', 'nothing to install');
    return f.path;
  }

  private preflightScope(cfg: ResolvedConfig, what: string): void {
    if (cfg.userService) {
      throw new UnsupportedError(`${this.platform} has no per-user services; user services need systemd or launchd`);
    }
    const euid = this.host.euid();
    if (euid !== undefined && euid !== 0) throw new PermissionError(`${what} a service needs root (run with sudo)`);
  }

  private async assertInstalled(cfg: ResolvedConfig): Promise<void> {
    if (!(await this.host.exists(this.mainFile(cfg)))) throw new NotInstalledError(cfg.name);
  }

  async install(cfg: ResolvedConfig, opts: InstallOptions = {}): Promise<void> {
    const files = this.render(cfg); // renders (and so validates) everything before any check or write
    this.preflightScope(cfg, 'installing');
    await checkExecutable(this.host, cfg.executable);
    if (!(await this.host.exists(cfg.workingDirectory))) {
      throw new InvalidConfigError('workingDirectory', `${cfg.workingDirectory} does not exist`);
    }
    if (cfg.userName !== undefined) await lookupUser(this.host, cfg.userName);
    for (const f of files) if (await this.host.exists(f.path)) throw new AlreadyInstalledError(cfg.name, f.path);

    await withRollback(async (step) => {
      for (const f of files) {
        await step(`write ${f.path}`, async () => {
          await this.host.writeFileAtomic(f.path, f.content, { mode: f.mode });
          return () => this.host.remove(f.path);
        });
      }
      await step('reload configuration', async () => {
        await this.reload(cfg);
        return undefined;
      });
      await step('enable at boot', () => this.enable(cfg));
      if (opts.start) {
        await step('start', async () => {
          const undo = async () => {
            await this.control(cfg, 'stop').catch(() => undefined);
          };
          try {
            await this.startAndVerify(cfg, 'start');
          } catch (e) {
            await undo();
            throw e;
          }
          return undo;
        });
      }
    });
  }

  async uninstall(cfg: ResolvedConfig): Promise<void> {
    this.preflightScope(cfg, 'uninstalling');
    await this.assertInstalled(cfg);
    const st = await this.status(cfg);
    if (st.state !== 'stopped') await this.stopChecked(cfg);
    await this.disable(cfg);
    for (const f of this.render(cfg)) await this.host.remove(f.path);
    await this.reload(cfg);
  }

  async start(cfg: ResolvedConfig): Promise<void> {
    this.preflightScope(cfg, 'starting');
    await this.assertInstalled(cfg);
    await this.startAndVerify(cfg, 'start');
  }

  async stop(cfg: ResolvedConfig): Promise<void> {
    this.preflightScope(cfg, 'stopping');
    await this.assertInstalled(cfg);
    await this.stopChecked(cfg);
  }

  async restart(cfg: ResolvedConfig): Promise<void> {
    this.preflightScope(cfg, 'restarting');
    await this.assertInstalled(cfg);
    await this.startAndVerify(cfg, 'restart');
  }

  private async stopChecked(cfg: ResolvedConfig): Promise<void> {
    const r = await this.control(cfg, 'stop');
    if (r.code !== 0) throw new CommandFailedError(this.platform, ['stop', cfg.name], r.code, r.stderr || r.stdout);
  }

  /** Start (or restart), then watch it for a moment: a program that dies at once is a failed start. */
  protected async startAndVerify(cfg: ResolvedConfig, verb: 'start' | 'restart'): Promise<void> {
    const r = await this.control(cfg, verb);
    let state: ServiceState = 'unknown';
    if (r.code === 0) {
      for (let i = 0; i < 5; i++) {
        state = (await this.status(cfg)).state;
        if (state !== 'running' && state !== 'starting') break;
        await sleep(100);
      }
    }
    if (r.code !== 0 || (state !== 'running' && state !== 'starting')) {
      throw new StartFailedError(cfg.name, r.code !== 0 ? `${verb} exited ${r.code}` : state, await logTail(this.logs(cfg, { lines: 10 }), 10), {
        cause: r.code !== 0 ? new CommandFailedError(this.platform, [verb, cfg.name], r.code, r.stderr || r.stdout) : undefined,
      });
    }
  }

  async status(cfg: ResolvedConfig): Promise<StatusDetail> {
    if (!(await this.host.exists(this.mainFile(cfg)))) {
      return { name: cfg.name, platform: this.platform, state: 'not-installed', raw: {} };
    }
    const r = await this.control(cfg, 'status');
    const pid = await this.pidFrom(r, cfg);
    const state = this.stateOf(r);
    return {
      name: cfg.name,
      platform: this.platform,
      state,
      ...(pid !== undefined && state === 'running' ? { pid } : {}),
      raw: { exitCode: String(r.code), output: (r.stdout + r.stderr).trim() },
    };
  }

  /** The PID: from the PID file by default (Upstart reads it from the status output). */
  protected async pidFrom(_status: ExecResult, cfg: ResolvedConfig): Promise<number | undefined> {
    try {
      const n = Number((await this.host.readFile(daemonFiles(cfg).pidFile)).trim());
      return Number.isInteger(n) && n > 0 ? n : undefined;
    } catch {
      return undefined;
    }
  }

  /** The service's own output (its log file), then what it sent to syslog under its name. */
  async *logs(cfg: ResolvedConfig, opts: LogOptions): AsyncIterable<string> {
    const n = opts.lines ?? 50;
    const { logFile } = daemonFiles(cfg);
    const syslogFile = (await this.host.exists('/var/log/syslog')) ? '/var/log/syslog' : '/var/log/messages';
    const tagged = new RegExp(`\\s${cfg.name.replace(/[.]/g, '\\.')}(\\[\\d+\\])?:\\s`);
    const files = [logFile, syslogFile];
    const mine = (line: string, fromSyslog: boolean) => !fromSyslog || tagged.test(line);
    if (!opts.follow) {
      for (const [i, f] of files.entries()) {
        let text = '';
        try {
          text = await this.host.readFile(f);
        } catch {
          continue;
        }
        yield* text.split('\n').filter((l) => l !== '' && mine(l, i === 1)).slice(-n);
      }
      return;
    }
    // Follow both files; tail prints "==> file <==" before each switch, which tells the lines apart.
    let current = '';
    for await (const line of streamLines('tail', ['-n', String(n), '-F', ...files])) {
      const header = /^==> (.*) <==$/.exec(line);
      if (header) {
        current = header[1] ?? '';
        continue;
      }
      if (line !== '' && mine(line, current === syslogFile)) yield line;
    }
  }
}
