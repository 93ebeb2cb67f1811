/** The Service object: a Config and a program bound to the chosen platform record. */
import type { Config, ResolvedConfig } from './config.js';
import { validateName } from './name.js';
import { InvalidArgumentError, NotInstalledError, UnsupportedError } from './errors.js';
import { consoleLogger, type Logger } from './log/logger.js';
import { chosenSystem, currentPlatform, interactiveCached, recordOf } from './platforms.js';
import { logTail, type AdoptOptions, type AdoptResult, type Diagnosis, type InstallOptions, type InstallResult, type LogOptions, type Plan, type StoredState, type Platform, type PlatformRecord, type RenderedFile, type ServiceManager, type StatusDetail, type UninstallOptions, type UninstallResult, type UpdateOptions, type UpdateResult, type WatchOptions } from './platforms/platform.js';
import { refuseUnsupported } from './platforms/support.js';
import { runPosix, type Program, type RunOptions } from './run/run.js';
import type { Host } from './sys/host.js';
import type { HeldLock } from './sys/lock.js';

/** How many log lines a diagnosis shows. */
const DIAGNOSIS_LINES = 40;

/** watch() where the manager pushes no changes: how often the status is read. */
const DEFAULT_WATCH_POLL_MS = 1000;
/** The longest settle window install accepts (10 minutes). */
const MAX_SETTLE_MS = 600_000;

/** What status() reports; statusDetail() tells failed / starting / stopping / not installed apart. */
export type Status = 'running' | 'stopped' | 'unknown';

export interface ServiceOptions {
  /** Force a platform instead of detecting it (see chooseSystem()). */
  platform?: Platform;
  /** The environment the service's commands see (HOME and XDG_* place user services). Default process.env. */
  env?: NodeJS.ProcessEnv;
}

/** Internal: the outside world (commands, files), where tests inject faults. */
export interface InternalServiceOptions extends ServiceOptions {
  host?: Host;
}

function checkSettleMs(settleMs: number | undefined): void {
  if (settleMs !== undefined && !(Number.isFinite(settleMs) && settleMs >= 0 && settleMs <= MAX_SETTLE_MS)) {
    throw new InvalidArgumentError(`settleMs must be a number of milliseconds from 0 to ${MAX_SETTLE_MS} (got ${String(settleMs)})`);
  }
}

export class Service {
  readonly config: Readonly<Config>;
  readonly program: Program<Service> | null;
  private readonly opts: InternalServiceOptions;
  private resolved: Promise<ResolvedConfig> | undefined;
  /** windows.password, kept out of `config`: no inspect, JSON or property walk of the Service reaches it. */
  readonly #password: unknown;
  private mgr: Promise<ServiceManager> | undefined;

  constructor(program: Program<Service> | null, config: Config, opts: InternalServiceOptions = {}) {
    validateName(config?.name);
    this.program = program;
    const w: unknown = config.windows;
    if (typeof w === 'object' && w !== null && 'password' in w) {
      const { password, ...windows } = w as { password?: unknown };
      this.#password = password;
      this.config = Object.freeze({ ...config, windows: Object.freeze(windows) });
    } else {
      this.config = Object.freeze({ ...config });
    }
    this.opts = opts;
  }

  /** `util.inspect` / console.log: the name and platform only (never the config's secrets). */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `Service { name: ${JSON.stringify(this.name)}${this.opts.platform ? `, platform: ${JSON.stringify(this.opts.platform)}` : ''} }`;
  }

  /** JSON.stringify(service): the name and the config, without the password. */
  toJSON(): { name: string; config: Readonly<Config> } {
    return { name: this.name, config: this.config };
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

  private record(): PlatformRecord {
    return recordOf(this.platform());
  }

  /** The validated, defaulted config; the validation code is loaded by the first call that needs it, not at import. */
  private cfg(): Promise<ResolvedConfig> {
    return (this.resolved ??= import('./config.js').then((m) => {
      const windows = this.#password === undefined ? this.config.windows : { ...this.config.windows, password: this.#password as string };
      // Paths by the target's rules (rendering for Windows from Linux takes C:\ paths); this OS's
      // when no platform is known (run() in a terminal needs none).
      const platform = this.opts.platform ?? chosenSystem();
      const ctx = { ...m.defaultContext(), ...(platform === undefined ? {} : { paths: recordOf(platform).paths }) };
      return m.resolveConfig({ ...this.config, ...(windows === undefined ? {} : { windows }) } as Config, ctx);
    }));
  }

  private env(): NodeJS.ProcessEnv {
    return this.opts.env ?? process.env;
  }

  /** The platform's manager, loaded on first use (importing servicekit loads none of them); a failed load is retried. */
  private manager(): Promise<ServiceManager> {
    return (this.mgr ??= (async () => this.record().manager(this.opts.host, this.env()))().catch((e: unknown) => {
      this.mgr = undefined;
      throw e;
    }));
  }

  /** Calls the manager with the resolved config; a config error comes first, before any manager is loaded. */
  private async call<T>(fn: (mgr: ServiceManager, cfg: ResolvedConfig) => Promise<T> | T): Promise<T> {
    const cfg = await this.cfg();
    return fn(await this.manager(), cfg);
  }

  /** The files install would write, with their contents; nothing is changed. Options the platform cannot honour are refused. */
  async render(): Promise<RenderedFile[]> {
    return this.call(async (mgr, cfg) => {
      refuseUnsupported(cfg, mgr.platform, mgr.support);
      return mgr.render(await mgr.prepare(cfg));
    });
  }

  /**
   * Installs and uninstalls run one at a time per scope (system / this user), across processes:
   * the managers' own tools race otherwise (insserv, concurrent daemon-reloads).
   */
  private exclusive<T>(fn: (mgr: ServiceManager, cfg: ResolvedConfig, held: HeldLock) => Promise<T>): Promise<T> {
    return this.call(async (mgr, cfg) => {
      const host = this.opts.host ?? (await import('./sys/host.js')).realHost;
      return host.withInstallLock(cfg.userService, (held) => fn(mgr, cfg, held));
    });
  }

  /** Options the platform cannot honour are refused first (ERR_UNSUPPORTED), before the lock and any check. */
  async install(opts: InstallOptions = {}): Promise<InstallResult> {
    checkSettleMs(opts.settleMs);
    await this.call((mgr, cfg) => refuseUnsupported(cfg, mgr.platform, mgr.support));
    // Held for writing, given up for the settle window.
    return this.exclusive((mgr, cfg, held) => mgr.install(cfg, opts, held));
  }

  /**
   * Stop, disable, remove. The service's log files stay (listed in the result) unless `purge`
   * removes them too.
   */
  async uninstall(opts: UninstallOptions = {}): Promise<UninstallResult> {
    return this.exclusive((mgr, cfg) => mgr.uninstall(cfg, opts));
  }

  async start(): Promise<void> {
    await this.call((mgr, cfg) => mgr.start(cfg));
  }

  async stop(): Promise<void> {
    await this.call((mgr, cfg) => mgr.stop(cfg));
  }

  /**
   * Rewrite the installed service to this Service's configuration: only servicekit's own; checked
   * first; written atomically; its enablement kept; restarted if it was running (unless
   * `restart: false`) and watched through the settle window; any failure brings back the previous
   * files and state. `{ changed: false }` when it already was that configuration.
   */
  async update(opts: UpdateOptions = {}): Promise<UpdateResult> {
    checkSettleMs(opts.settleMs);
    await this.call((mgr, cfg) => refuseUnsupported(cfg, mgr.platform, mgr.support));
    return this.exclusive((mgr, cfg) => mgr.update(cfg, opts));
  }

  /**
   * Take over a service someone wrote by hand at servicekit's path (systemd: a unit in
   * /etc/systemd/system; SysV and OpenRC: a script in /etc/init.d…) with this configuration: without
   * `yes`, the changes only (from that file to servicekit's); with it, rewritten as update does (its
   * enablement kept, restarted if it ran, undone on failure), so that update, apply --prune and
   * uninstall act on it from then on. ERR_UNSUPPORTED where the manager has no such files (Windows).
   */
  async adopt(opts: AdoptOptions = {}): Promise<AdoptResult> {
    checkSettleMs(opts.settleMs);
    await this.call((mgr, cfg) => refuseUnsupported(cfg, mgr.platform, mgr.support));
    return this.exclusive((mgr, cfg) => {
      if (!mgr.adopt) throw new UnsupportedError(`${mgr.platform} has no hand-written service files to adopt`);
      return mgr.adopt(cfg, opts);
    });
  }

  /**
   * The configuration the installed service was installed (or last updated) with, as stored with it
   * (servicekit's own only: `NotOwnedError`; `NotInstalledError`): `{ config, complete }`, `complete`
   * false when part of it could not be stored (a template function). Undefined when nothing was
   * stored. windows.password is never stored.
   */
  async installedConfig(): Promise<StoredState | undefined> {
    return this.call((mgr, cfg) => mgr.storedConfig(cfg));
  }

  /**
   * What install (`create`) or update (`update`, with the files that would change) would do to make
   * the installed service this configuration; `unchanged` when it already is. Nothing is changed.
   */
  async plan(): Promise<Plan> {
    return this.call((mgr, cfg) => (refuseUnsupported(cfg, mgr.platform, mgr.support), mgr.plan(cfg)));
  }

  /** Start at boot from now on (servicekit's own services only); does not start it now (SMF: does). */
  async enable(): Promise<void> {
    await this.exclusive((mgr, cfg) => mgr.setEnabled(cfg, true));
  }

  /** Not at boot from now on; does not stop it now (SMF: does). */
  async disable(): Promise<void> {
    await this.exclusive((mgr, cfg) => mgr.setEnabled(cfg, false));
  }

  /** Stop (if running) and start again; starts a stopped service too. */
  async restart(): Promise<void> {
    await this.call((mgr, cfg) => mgr.restart(cfg));
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
    return this.call((mgr, cfg) => mgr.status(cfg));
  }

  /**
   * Why the service is as it is, from the manager's own records: its state, what it recorded of the
   * program's last end (systemd: exit status, signal, start limit, timeout), the last log lines, and
   * where something points at it, the likely fix (the sandbox's directive and how to relax it).
   */
  async diagnose(): Promise<Diagnosis> {
    return this.call(async (mgr, cfg) => {
      const status = await mgr.status(cfg);
      if (status.state === 'not-installed') return { status, logTail: [] };
      const tail = await logTail(mgr.logs(cfg, { lines: DIAGNOSIS_LINES }), DIAGNOSIS_LINES).catch(() => []);
      return { status, ...(await mgr.diagnose?.(cfg, tail)), logTail: tail };
    });
  }

  /**
   * The service's state as it changes: the current detail first, then one each time the state or
   * the PID changes, until `signal` aborts or you stop iterating. Under systemd (on its D-Bus) each
   * change is pushed by the manager, no polling; elsewhere the status is read every `pollMs`.
   */
  async *watch(opts: WatchOptions = {}): AsyncIterable<StatusDetail> {
    const mgr = await this.manager();
    const cfg = await this.cfg();
    let dirty = true;
    let wake: (() => void) | undefined;
    const poke = () => {
      dirty = true;
      wake?.();
    };
    const unsubscribe = await mgr.subscribe?.(cfg, poke);
    const timer = unsubscribe ? undefined : setInterval(poke, opts.pollMs ?? DEFAULT_WATCH_POLL_MS);
    opts.signal?.addEventListener('abort', poke, { once: true });
    let last: string | undefined;
    try {
      while (!opts.signal?.aborted) {
        if (!dirty) await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
        if (opts.signal?.aborted) break;
        dirty = false;
        const d = await mgr.status(cfg);
        const key = [d, ...(d.instances ?? [])].map((x) => `${x.state} ${x.pid ?? ''}`).join(',');
        if (key !== last) {
          last = key;
          yield d;
        }
      }
    } finally {
      unsubscribe?.();
      if (timer) clearInterval(timer);
      opts.signal?.removeEventListener('abort', poke);
    }
  }

  /** The service's log lines (journal, files), oldest first; with follow, waits for new ones until you stop iterating. */
  logs(opts: LogOptions = {}): AsyncIterable<string> {
    // The manager's own iterable, reached on the first next() (no extra generator per line).
    return {
      [Symbol.asyncIterator]: () => {
        let inner: AsyncIterator<string> | undefined;
        return {
          next: async () => (inner ??= (await this.call((mgr, cfg) => mgr.logs(cfg, opts)))[Symbol.asyncIterator]()).next(),
          return: async (value?: unknown) => (await inner?.return?.(value)) ?? { done: true, value: undefined },
        };
      },
    };
  }

  /** The service side: call start, wait for the manager's stop signal, call stop. Resolves once stopped. */
  async run(opts: RunOptions = {}): Promise<void> {
    if (!this.program) throw new InvalidArgumentError('run() needs a program with start and stop');
    const cfg = await this.cfg();
    // Under a manager its platform says how to report state; no manager's code is loaded for it.
    const record = interactiveCached() ? undefined : this.record();
    const ctx = {
      service: this,
      program: this.program,
      notifier: record?.notifier(this.env()),
      logger: this.logger(),
      stopTimeoutMs: cfg.stopTimeoutSec * 1000,
      reloadSignal: (cfg.reloadSignal ?? 'SIGHUP') as NodeJS.Signals,
    };
    // A manager that drives the service itself (the Windows dispatcher) runs it; otherwise signals
    // do (interactive runs stop on Ctrl-C, SIGINT).
    if (record?.runner) await record.runner(ctx, cfg.name, opts);
    else await runPosix(ctx, opts);
  }

  /** Console (stderr) when interactive, the system log otherwise. */
  logger(onError?: (e: unknown) => void): Logger {
    return interactiveCached() ? consoleLogger(this.name, onError) : this.systemLogger(onError);
  }

  /** The system log of the platform (journald, syslog, event log), whether interactive or not. */
  systemLogger(onError?: (e: unknown) => void): Logger {
    return this.record().systemLogger(this.name, onError);
  }
}
