/**
 * The one install pipeline of the file-based managers (systemd, SysV, OpenRC, Upstart, launchd):
 * check everything, then write and activate in steps that each register their undo, so a failure
 * at any step leaves nothing behind. Uninstall and the control commands share the same checks.
 * A manager supplies its files, how to activate and deactivate them, and its control commands.
 */
import type { ResolvedConfig } from '../config.js';
import { AlreadyInstalledError, InvalidConfigError, NotInstalledError, PermissionError, UnsupportedError } from '../errors.js';
import { realHost, type Host } from '../sys/host.js';
import { withRollback, type Step } from '../sys/rollback.js';
import { checkExecutable, lookupUser } from '../sys/users.js';
import type { InstallOptions, LogOptions, Platform, RenderedFile, Scope, ServiceManager, StatusDetail } from './platform.js';

/** Mode of the directories install creates (unit and plist directories, log directories). */
export const DIRECTORY_MODE = 0o755;

/** What every install checks on the host before writing anything: the program and where it runs. */
export async function checkProgram(host: Host, cfg: Pick<ResolvedConfig, 'executable' | 'workingDirectory'>): Promise<void> {
  await checkExecutable(host, cfg.executable);
  if (!(await host.exists(cfg.workingDirectory))) {
    throw new InvalidConfigError('workingDirectory', `${cfg.workingDirectory} does not exist`);
  }
}

export abstract class FileManager implements ServiceManager {
  abstract readonly platform: Platform;
  /** Where this manager can install services. */
  abstract readonly scopes: readonly Scope[];

  constructor(protected readonly host: Host = realHost) {}

  abstract render(cfg: ResolvedConfig): RenderedFile[];
  /** The paths render() writes, main file first, without rendering (uninstall and status need only these). */
  protected abstract filePaths(cfg: ResolvedConfig): string[];
  abstract status(cfg: ResolvedConfig): Promise<StatusDetail>;
  abstract logs(cfg: ResolvedConfig, opts: LogOptions): AsyncIterable<string>;

  /** Refuse a name the manager already knows from elsewhere (a packaged unit, a loaded job). */
  protected async assertUnknown(_cfg: ResolvedConfig): Promise<void> {}
  /** Directories to create before the files are written, e.g. a user's unit directory; removed on rollback. */
  protected fileDirectories(_cfg: ResolvedConfig): string[] {
    return [];
  }
  /** Directories for the service's output; never removed (they may hold other logs). */
  protected logDirectories(_cfg: ResolvedConfig): string[] {
    return [];
  }
  /** The last undo of a failed install, once the files are gone (systemd: one daemon-reload). */
  protected afterRollback?(cfg: ResolvedConfig): Promise<void>;
  /** After the files are written: have the manager read its configuration (where enabling does not). */
  protected async reload(_cfg: ResolvedConfig): Promise<void> {}
  /** After uninstall removed the files. */
  protected async afterRemove(cfg: ResolvedConfig): Promise<void> {
    await this.reload(cfg);
  }
  /**
   * Make it start at boot, each step with its undo. A manager that enables and starts in one call
   * does so when `start` is set and returns true; otherwise the pipeline starts it afterwards.
   */
  protected abstract enable(cfg: ResolvedConfig, step: Step, start: boolean): Promise<boolean>;
  /** Stop and keep it from starting at boot (uninstall). */
  protected abstract deactivate(cfg: ResolvedConfig): Promise<void>;
  /** Start (or restart) it and check that it came up; StartFailedError with the log tail otherwise. */
  protected abstract startAndVerify(cfg: ResolvedConfig, verb: 'start' | 'restart'): Promise<void>;
  protected abstract stopService(cfg: ResolvedConfig): Promise<void>;

  /** The one scope check: user services where the manager has them, root for system services. */
  protected checkScope(cfg: ResolvedConfig, what: string): void {
    const userScope = this.scopes.includes('user');
    if (cfg.userService) {
      if (!userScope) throw new UnsupportedError(`${this.platform} has no per-user services; user services need systemd or launchd`);
      return;
    }
    const euid = this.host.euid();
    if (euid !== undefined && euid !== 0) {
      throw new PermissionError(`${what} a system service needs root (run with sudo${userScope ? ', or use a user service with --user' : ''})`);
    }
  }

  protected async assertInstalled(cfg: ResolvedConfig): Promise<void> {
    const [main] = this.filePaths(cfg);
    if (main === undefined || !(await this.host.exists(main))) throw new NotInstalledError(cfg.name);
  }

  async install(cfg: ResolvedConfig, opts: InstallOptions = {}): Promise<void> {
    // 1. Everything that can be checked is checked before anything is written.
    const files = this.render(cfg);
    this.checkScope(cfg, 'installing');
    await checkProgram(this.host, cfg);
    if (cfg.userName !== undefined) await lookupUser(this.host, cfg.userName);
    for (const f of files) if (await this.host.exists(f.path)) throw new AlreadyInstalledError(cfg.name, f.path);
    await this.assertUnknown(cfg);

    // 2. Each step registers its undo; a failure undoes the steps done so far, newest first.
    await withRollback(async (step) => {
      for (const dir of this.fileDirectories(cfg)) {
        await step(`create ${dir}`, async () => {
          const created = await this.host.mkdirp(dir, DIRECTORY_MODE);
          return async () => {
            for (const d of created.reverse()) await this.host.remove(d);
          };
        });
      }
      for (const dir of this.logDirectories(cfg)) {
        await step(`create log directory ${dir}`, async () => void (await this.host.mkdirp(dir, DIRECTORY_MODE)));
      }
      const afterRollback = this.afterRollback?.bind(this, cfg);
      if (afterRollback) await step('reload after rollback', async () => undefined, afterRollback);
      for (const f of files) {
        await step(`write ${f.path}`, async () => {
          await this.host.writeFileAtomic(f.path, f.content, { mode: f.mode });
          return () => this.host.remove(f.path);
        });
      }
      await step('reload configuration', () => this.reload(cfg));
      const started = await this.enable(cfg, step, Boolean(opts.start));
      if (opts.start && !started) {
        // Undone even when the start fails: a half-started service is stopped before its files go.
        await step('start', () => this.startAndVerify(cfg, 'start'), () => this.stopService(cfg).catch(() => undefined));
      }
    });
  }

  async uninstall(cfg: ResolvedConfig): Promise<void> {
    this.checkScope(cfg, 'uninstalling');
    await this.assertInstalled(cfg);
    await this.deactivate(cfg);
    for (const f of this.filePaths(cfg)) await this.host.remove(f);
    await this.afterRemove(cfg);
  }

  async start(cfg: ResolvedConfig): Promise<void> {
    this.checkScope(cfg, 'starting');
    await this.assertInstalled(cfg);
    await this.startAndVerify(cfg, 'start');
  }

  async stop(cfg: ResolvedConfig): Promise<void> {
    this.checkScope(cfg, 'stopping');
    await this.assertInstalled(cfg);
    await this.stopService(cfg);
  }

  /** Stop (if running) and start again; starts a stopped service too. */
  async restart(cfg: ResolvedConfig): Promise<void> {
    this.checkScope(cfg, 'restarting');
    await this.assertInstalled(cfg);
    await this.startAndVerify(cfg, 'restart');
  }
}
