/** The Service object: a Config and a program bound to the chosen service manager. */
import { resolveConfig, validateName, type Config, type ResolvedConfig } from './config.js';
import { currentPlatform, interactiveCached } from './system.js';
import { InvalidArgumentError, NotInstalledError } from './errors.js';
import { consoleLogger, type Logger } from './log/logger.js';
import { createManager } from './managers/index.js';
import type { InstallOptions, LogOptions, Platform, RenderedFile, ServiceManager, StatusDetail } from './managers/manager.js';
import { runPosix, type Program, type RunOptions } from './run/run.js';
import { runWindows } from './run/windows.js';
import { applyServiceEnvironment } from './run/windows-env.js';
import { realHost, type Host } from './sys/host.js';

/** What status() reports; statusDetail() tells failed / starting / stopping / not installed apart. */
export type Status = 'running' | 'stopped' | 'unknown';

export interface ServiceOptions {
  /** Force a platform instead of detecting it (see chooseSystem()). */
  platform?: Platform;
  /** The outside world (commands, files); tests inject faults here. */
  host?: Host;
  env?: NodeJS.ProcessEnv;
}

export class Service {
  readonly config: Readonly<Config>;
  readonly program: Program<Service> | null;
  private readonly opts: ServiceOptions;
  private resolved: ResolvedConfig | undefined;
  private mgr: ServiceManager | undefined;

  constructor(program: Program<Service> | null, config: Config, opts: ServiceOptions = {}) {
    validateName(config?.name);
    this.program = program;
    this.config = Object.freeze({ ...config });
    this.opts = opts;
  }

  get name(): string {
    return this.config.name;
  }

  /** The display name, or the name. */
  toString(): string {
    return this.config.displayName ?? this.config.name;
  }

  /** The platform this service is bound to (e.g. linux-systemd). Throws NoServiceSystemError when none is detected. */
  platform(): Platform {
    return this.opts.platform ?? currentPlatform();
  }

  private cfg(): ResolvedConfig {
    return (this.resolved ??= resolveConfig(this.config as Config));
  }

  private manager(): ServiceManager {
    return (this.mgr ??= createManager(this.platform(), this.opts.host ?? realHost, this.opts.env ?? process.env));
  }

  /** The files install would write, with their contents; nothing is changed. */
  render(): RenderedFile[] {
    return this.manager().render(this.cfg());
  }

  /**
   * Installs and uninstalls run one at a time per scope (system / this user), across processes:
   * the managers' own tools race otherwise (insserv, concurrent daemon-reloads).
   */
  private exclusive(fn: (mgr: ServiceManager, cfg: ResolvedConfig) => Promise<void>): Promise<void> {
    const cfg = this.cfg();
    const mgr = this.manager();
    return (this.opts.host ?? realHost).withInstallLock(cfg.userService, () => fn(mgr, cfg));
  }

  async install(opts: InstallOptions = {}): Promise<void> {
    await this.exclusive((mgr, cfg) => mgr.install(cfg, opts));
  }

  async uninstall(): Promise<void> {
    await this.exclusive((mgr, cfg) => mgr.uninstall(cfg));
  }

  async start(): Promise<void> {
    await this.manager().start(this.cfg());
  }

  async stop(): Promise<void> {
    await this.manager().stop(this.cfg());
  }

  /** Stop (if running) and start again; starts a stopped service too. */
  async restart(): Promise<void> {
    await this.manager().restart(this.cfg());
  }

  /** running | stopped | unknown (starting, stopping, …). Throws NotInstalledError when not installed. */
  async status(): Promise<Status> {
    const d = await this.statusDetail();
    switch (d.state) {
      case 'not-installed':
        throw new NotInstalledError(this.name);
      case 'running':
        return 'running';
      case 'stopped':
      case 'failed':
        return 'stopped';
      default:
        return 'unknown';
    }
  }

  /** The full state, including failed / starting / stopping / not-installed, the PID and whether it starts at boot. */
  async statusDetail(): Promise<StatusDetail> {
    return this.manager().status(this.cfg());
  }

  /** The service's log lines (journal, files), oldest first; with follow, waits for new ones until you stop iterating. */
  logs(opts: LogOptions = {}): AsyncIterable<string> {
    return this.manager().logs(this.cfg(), opts);
  }

  /** The service side: call start, wait for the manager's stop signal, call stop. Resolves once stopped. */
  async run(opts: RunOptions = {}): Promise<void> {
    if (!this.program) throw new InvalidArgumentError('run() needs a program with start and stop');
    const cfg = this.cfg();
    const underManager = !interactiveCached();
    const mgr = underManager ? this.manager() : undefined;
    if (mgr?.platform === 'windows-service') applyServiceEnvironment(cfg.name);
    const ctx = {
      service: this,
      program: this.program,
      notifier: mgr?.notifier(),
      logger: this.logger(),
      stopTimeoutMs: cfg.stopTimeoutSec * 1000,
    };
    // Under the Windows SCM the dispatcher drives start/stop; interactive runs stop on Ctrl-C (SIGINT).
    if (mgr?.platform === 'windows-service') await runWindows(ctx, cfg.name, opts);
    else await runPosix(ctx, opts);
  }

  /** Console (stderr) when interactive, the system log otherwise. */
  logger(onError?: (e: unknown) => void): Logger {
    return interactiveCached() ? consoleLogger(this.name, onError) : this.systemLogger(onError);
  }

  /** The system log of the platform (journald, syslog, event log), whether interactive or not. */
  systemLogger(onError?: (e: unknown) => void): Logger {
    return this.manager().systemLogger(this.cfg(), onError);
  }
}
