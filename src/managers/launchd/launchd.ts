/**
 * launchd control with the modern launchctl verbs: bootstrap / bootout / kickstart / enable / print,
 * in the system domain (daemons) or gui/UID (agents). macOS before 10.10 has none of them: there
 * the legacy load -w / unload -w are used.
 */
import os from 'node:os';
import path from 'node:path';
import type { ResolvedConfig } from '../../config.js';
import { AlreadyInstalledError, CommandFailedError, InvalidConfigError, NotInstalledError, PermissionError, StartFailedError } from '../../errors.js';
import type { Host } from '../../sys/host.js';
import { streamLines } from '../../sys/exec.js';
import { withRollback } from '../../sys/rollback.js';
import { checkExecutable, lookupUser } from '../../sys/users.js';
import { logTail, type InstallOptions, type LogOptions, type RenderedFile, type ServiceManager, type StatusDetail } from '../manager.js';
import { LAUNCHCTL_NOT_FOUND, parsePrint, stateFromPrint } from './parse.js';
import { launchdLogFiles, plistPath, renderLaunchdFiles } from './render.js';

const LAUNCHCTL = '/bin/launchctl';

export class LaunchdManager implements ServiceManager {
  readonly platform = 'darwin-launchd' as const;
  private legacy: boolean | undefined;

  constructor(
    private readonly host: Host,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  private home(): string {
    return this.env['HOME'] || os.homedir();
  }

  render(cfg: ResolvedConfig): RenderedFile[] {
    return renderLaunchdFiles(cfg, this.home());
  }

  private domain(cfg: ResolvedConfig): string {
    return cfg.userService ? `gui/${this.host.euid() ?? 0}` : 'system';
  }

  private target(cfg: ResolvedConfig): string {
    return `${this.domain(cfg)}/${cfg.name}`;
  }

  private launchctl(args: string[], allowFail = false) {
    return this.host.exec(LAUNCHCTL, args, { allowFail });
  }

  /** macOS older than 10.10 (no bootstrap/bootout): fall back to load/unload. */
  private async isLegacy(): Promise<boolean> {
    if (this.legacy === undefined) {
      const r = await this.host.exec('/usr/bin/sw_vers', ['-productVersion'], { allowFail: true });
      const [major = 0, minor = 0] = r.stdout.trim().split('.').map(Number);
      this.legacy = r.code === 0 && major === 10 && minor < 10;
    }
    return this.legacy;
  }

  private checkScope(cfg: ResolvedConfig, what: string): void {
    const euid = this.host.euid();
    if (!cfg.userService && euid !== undefined && euid !== 0) {
      throw new PermissionError(`${what} a LaunchDaemon needs root (sudo), or use a LaunchAgent with --user`);
    }
  }

  private async loaded(cfg: ResolvedConfig): Promise<{ loaded: boolean; print: Record<string, string> }> {
    if (await this.isLegacy()) {
      const r = await this.launchctl(['list', cfg.name], true);
      return { loaded: r.code === 0, print: {} };
    }
    const r = await this.launchctl(['print', this.target(cfg)], true);
    if (r.code === LAUNCHCTL_NOT_FOUND) return { loaded: false, print: {} };
    if (r.code !== 0) throw new CommandFailedError(LAUNCHCTL, ['print', this.target(cfg)], r.code, r.stderr);
    return { loaded: true, print: parsePrint(r.stdout) };
  }

  private async bootstrap(cfg: ResolvedConfig, file: string): Promise<void> {
    if (await this.isLegacy()) await this.launchctl(['load', '-w', file]);
    else await this.launchctl(['bootstrap', this.domain(cfg), file]);
  }

  private async bootout(cfg: ResolvedConfig, file: string): Promise<void> {
    if (await this.isLegacy()) await this.launchctl(['unload', '-w', file]);
    else await this.launchctl(['bootout', this.target(cfg)]);
  }

  async install(cfg: ResolvedConfig, opts: InstallOptions = {}): Promise<void> {
    const [file] = this.render(cfg);
    if (!file) throw new InvalidConfigError('name', 'nothing to install');
    this.checkScope(cfg, 'installing');
    await checkExecutable(this.host, cfg.executable);
    if (!(await this.host.exists(cfg.workingDirectory))) throw new InvalidConfigError('workingDirectory', `${cfg.workingDirectory} does not exist`);
    if (cfg.userName !== undefined) await lookupUser(this.host, cfg.userName);
    if (await this.host.exists(file.path)) throw new AlreadyInstalledError(cfg.name, file.path);
    if ((await this.loaded(cfg)).loaded) throw new AlreadyInstalledError(cfg.name, `a job labelled ${cfg.name} is already loaded`);

    await withRollback(async (step) => {
      await step('create plist directory', async () => {
        const created = await this.host.mkdirp(path.dirname(file.path), 0o755);
        return async () => {
          for (const d of created.reverse()) await this.host.remove(d);
        };
      });
      await step('create log directory', async () => {
        await this.host.mkdirp(cfg.logDirectory, 0o755);
        return undefined;
      });
      await step('write plist', async () => {
        await this.host.writeFileAtomic(file.path, file.content, { mode: file.mode });
        return () => this.host.remove(file.path);
      });
      if (!(await this.isLegacy())) {
        await step('enable', async () => {
          await this.launchctl(['enable', this.target(cfg)]);
          return async () => {
            await this.launchctl(['disable', this.target(cfg)], true);
          };
        });
      }
      await step('bootstrap', async () => {
        await this.bootstrap(cfg, file.path);
        return () => this.bootout(cfg, file.path);
      });
      if (opts.start) await step('start', async () => (await this.startAndVerify(cfg, false), undefined));
    });
  }

  async uninstall(cfg: ResolvedConfig): Promise<void> {
    this.checkScope(cfg, 'uninstalling');
    const file = plistPath(cfg, this.home());
    if (!(await this.host.exists(file))) throw new NotInstalledError(cfg.name);
    if ((await this.loaded(cfg)).loaded) await this.bootout(cfg, file); // stops it (SIGTERM, then SIGKILL after ExitTimeOut)
    await this.host.remove(file);
  }

  async start(cfg: ResolvedConfig): Promise<void> {
    this.checkScope(cfg, 'starting');
    await this.startAndVerify(cfg, false);
  }

  /** Stopping a KeepAlive job means unloading it (launchd would start it again otherwise). */
  async stop(cfg: ResolvedConfig): Promise<void> {
    this.checkScope(cfg, 'stopping');
    const file = plistPath(cfg, this.home());
    if (!(await this.host.exists(file))) throw new NotInstalledError(cfg.name);
    if ((await this.loaded(cfg)).loaded) await this.bootout(cfg, file);
  }

  async restart(cfg: ResolvedConfig): Promise<void> {
    this.checkScope(cfg, 'restarting');
    await this.startAndVerify(cfg, true);
  }

  /** Load if needed, then kickstart (-k: kill a running instance first, for restart). */
  private async startAndVerify(cfg: ResolvedConfig, kill: boolean): Promise<void> {
    const file = plistPath(cfg, this.home());
    if (!(await this.host.exists(file))) throw new NotInstalledError(cfg.name);
    if (!(await this.loaded(cfg)).loaded) await this.bootstrap(cfg, file);
    if (await this.isLegacy()) {
      if (kill) await this.launchctl(['stop', cfg.name], true);
      await this.launchctl(['start', cfg.name]);
    } else {
      await this.launchctl(['kickstart', ...(kill ? ['-k'] : []), this.target(cfg)]);
    }
    const st = await this.status(cfg);
    if (st.state !== 'running' && st.state !== 'starting') {
      throw new StartFailedError(cfg.name, st.state, await logTail(this.logs(cfg, { lines: 10 }), 10));
    }
  }

  async status(cfg: ResolvedConfig): Promise<StatusDetail> {
    const base = { name: cfg.name, platform: this.platform };
    if (!(await this.host.exists(plistPath(cfg, this.home())))) return { ...base, state: 'not-installed', raw: {} };
    const { loaded, print } = await this.loaded(cfg);
    if (!loaded) return { ...base, state: 'stopped', enabled: false, raw: {} };
    const s = stateFromPrint(print);
    return { ...base, ...s, enabled: true, raw: print };
  }

  async *logs(cfg: ResolvedConfig, opts: LogOptions): AsyncIterable<string> {
    const { out, err } = launchdLogFiles(cfg);
    yield* streamLines('tail', ['-q', '-n', String(opts.lines ?? 50), ...(opts.follow ? ['-F'] : []), out, err]);
  }
}
