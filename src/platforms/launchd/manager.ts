/**
 * launchd control with the modern launchctl verbs: bootstrap / bootout / kickstart / enable / print,
 * in the system domain (daemons) or gui/UID (agents). macOS before 10.10 has none of them: there
 * the legacy load -w / unload -w are used.
 */
import os from 'node:os';
import path from 'node:path';
import type { ResolvedConfig } from '../../config.js';
import { support } from './honours.js';
import { AlreadyInstalledError, CommandFailedError, StartFailedError, TimeoutError, UnsupportedError } from '../../errors.js';
import { isSea } from '../../sys/sea.js';
import { streamLines } from '../../sys/exec.js';
import { realHost, type Host } from '../../sys/host.js';
import type { Step } from '../../sys/rollback.js';
import { xmlMarks } from '../ownership.js';
import { FileManager, type ManagerOptions, type StartOptions } from '../install.js';
import { logTail, type LogOptions, type PreparedConfig, type RenderedFile, type StatusDetail } from '../platform.js';
import { logFiles } from '../shared/log-files.js';
import { setTimeout as sleep } from 'node:timers/promises';
import { LAUNCHCTL_EIO, LAUNCHCTL_NOT_FOUND, parseDisabled, parsePrint, stateFromPrint } from './parse.js';
import { stopGraceSec } from '../shared/initscript.js';
import { plistPath, renderLaunchdFiles } from './render.js';
import { renderRotationJob, rotationLabel, rotationPlistPath } from './rotation.js';
import { NO_ROTATION, type LogOutput } from '../shared/log-output.js';

const LAUNCHCTL = '/bin/launchctl';
/** How often a drained label and a refused bootstrap are looked at again. */
const POLL_MS = 100;
/** A refused bootstrap is tried again for at most this long (the label still draining). */
const BOOTSTRAP_RETRY_MS = 5000;
/** Beyond the job's exit timeout, how long a bootout may take to drain the label. */
const DRAIN_MARGIN_MS = 5000;

/** A job of servicekit's: its label, and the plist that defines it. */
interface Job {
  label: string;
  file: string;
}

export class LaunchdManager extends FileManager {
  readonly platform = 'darwin-launchd' as const;
  readonly support = support;
  /** No start hook runs as root before the program: the credentials are copied at install and update. */
  protected override readonly keepsCredentialCopies = true;
  protected readonly suffix = '.plist';
  readonly scopes = ['system', 'user'] as const;
  private legacy: boolean | undefined;

  constructor(
    host: Host = realHost,
    private readonly env: NodeJS.ProcessEnv = process.env,
    opts: ManagerOptions = {},
  ) {
    super(host, opts);
  }

  private home(): string {
    return this.env['HOME'] || os.homedir();
  }

  protected renderFiles(cfg: PreparedConfig): RenderedFile[] {
    // The plist library is loaded from node_modules, which a single executable application has not.
    if (isSea()) throw new UnsupportedError('launchd property lists need the plist package, which a single executable application cannot load');
    return renderLaunchdFiles(cfg, this.home());
  }

  protected filePaths(cfg: ResolvedConfig): string[] {
    return [plistPath(cfg, this.home())];
  }

  protected override userHome(): string {
    return this.home();
  }

  /** Every plist (the job's and its rotation job's) carries the mark as an XML comment, the stored configuration as a line. */
  protected override readonly marks = xmlMarks(this.suffix);

  private domain(cfg: ResolvedConfig): string {
    return cfg.userService ? `gui/${this.host.euid() ?? 0}` : 'system';
  }

  private target(cfg: ResolvedConfig, job: Job = this.mainJob(cfg)): string {
    return `${this.domain(cfg)}/${job.label}`;
  }

  /** The service's job. */
  private mainJob(cfg: ResolvedConfig): Job {
    return { label: cfg.name, file: plistPath(cfg, this.home()) };
  }

  /** The job that rotates the service's log files (rotation.ts). */
  private rotationJob(cfg: ResolvedConfig): Job {
    return { label: rotationLabel(cfg.name), file: rotationPlistPath(cfg, this.home()) };
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

  private async loaded(cfg: ResolvedConfig, job: Job = this.mainJob(cfg)): Promise<{ loaded: boolean; print: Record<string, string> }> {
    if (await this.isLegacy()) {
      const r = await this.launchctl(['list', job.label], true);
      return { loaded: r.code === 0, print: {} };
    }
    const target = this.target(cfg, job);
    const r = await this.launchctl(['print', target], true);
    if (r.code === LAUNCHCTL_NOT_FOUND) return { loaded: false, print: {} };
    if (r.code !== 0) throw new CommandFailedError(LAUNCHCTL, ['print', target], r.code, r.stderr);
    return { loaded: true, print: parsePrint(r.stdout) };
  }

  /**
   * Load the job. launchd refuses (EIO) while the label is still registered — a bootout drains it
   * asynchronously — so a refusal is tried again for a while; a disabled job it refuses for good
   * (see assertLoadable).
   */
  private async bootstrap(cfg: ResolvedConfig, job: Job = this.mainJob(cfg)): Promise<void> {
    if (await this.isLegacy()) {
      await this.launchctl(['load', '-w', job.file]);
      return;
    }
    const args = ['bootstrap', this.domain(cfg), job.file];
    const end = Date.now() + BOOTSTRAP_RETRY_MS;
    for (;;) {
      const r = await this.launchctl(args, true);
      if (r.code === 0) return;
      if (r.code !== LAUNCHCTL_EIO || Date.now() >= end) throw new CommandFailedError(LAUNCHCTL, args, r.code, r.stderr);
      await sleep(POLL_MS);
    }
  }

  /**
   * Unload (which stops it: SIGTERM, then SIGKILL after ExitTimeOut), if loaded, and wait until
   * launchd has let go of the label: bootout returns while the job is still exiting.
   */
  private async bootout(cfg: ResolvedConfig, job: Job = this.mainJob(cfg)): Promise<void> {
    if (!(await this.loaded(cfg, job)).loaded) return;
    if (await this.isLegacy()) {
      await this.launchctl(['unload', '-w', job.file]);
      return;
    }
    await this.launchctl(['bootout', this.target(cfg, job)]);
    const end = Date.now() + stopGraceSec(cfg) * 1000 + DRAIN_MARGIN_MS;
    while ((await this.loaded(cfg, job)).loaded) {
      if (Date.now() >= end) throw new TimeoutError(`${job.label}: still registered with launchd after bootout`);
      await sleep(POLL_MS);
    }
  }

  /** A disabled job cannot be loaded again (launchd refuses it): say so before unloading anything. */
  private async assertLoadable(cfg: ResolvedConfig): Promise<void> {
    if (await this.isLegacy()) return;
    const r = await this.launchctl(['print-disabled', this.domain(cfg)], true);
    if (r.code === 0 && parseDisabled(r.stdout).has(cfg.name)) {
      throw new StartFailedError(cfg.name, `disabled; launchd loads no disabled job: servicekit enable ${cfg.name} first`, []);
    }
  }

  protected override async assertUnknown(cfg: ResolvedConfig): Promise<void> {
    if ((await this.loaded(cfg)).loaded) throw new AlreadyInstalledError(cfg.name, `a job labelled ${cfg.name} is already loaded`);
  }

  /**
   * launchd writes the output to files (StandardOutPath); no logrotate, and newsyslog cannot rotate
   * a file launchd holds open: a job of servicekit's does (rotation.ts).
   */
  protected readonly logOutput: LogOutput = {
    files: (cfg) => {
      const { out, err } = logFiles(cfg);
      return [out, err];
    },
    directories: (cfg) => [cfg.logDirectory],
    rotation: { ...NO_ROTATION, render: (cfg) => [renderRotationJob(cfg, this.home())], paths: (cfg) => [this.rotationJob(cfg).file] },
  };

  protected override fileDirectories(cfg: ResolvedConfig): string[] {
    return this.filePaths(cfg).map((f) => path.dirname(f));
  }

  protected async enable(cfg: ResolvedConfig, step: Step): Promise<boolean> {
    if (!(await this.isLegacy())) {
      await step('enable', async () => {
        await this.launchctl(['enable', this.target(cfg)]);
        return async () => void (await this.launchctl(['disable', this.target(cfg)], true));
      });
    }
    await step('bootstrap', async () => {
      await this.bootstrap(cfg);
      return () => this.bootout(cfg);
    });
    const rotation = this.rotationJob(cfg);
    await step('load the log rotation job', async () => {
      await this.bootstrap(cfg, rotation);
      return () => this.bootout(cfg, rotation);
    });
    return false;
  }

  /** An update may have changed where the logs go: the rotation job is loaded again (the service's own plist is read at its restart). */
  protected override async reloadDefinitions(cfg: ResolvedConfig): Promise<void> {
    const rotation = this.rotationJob(cfg);
    await this.bootout(cfg, rotation);
    if (await this.host.exists(rotation.file)) await this.bootstrap(cfg, rotation);
  }

  /** launchctl enable/disable: whether launchd loads the job at boot (or login); it stays loaded meanwhile. */
  protected async setBoot(cfg: ResolvedConfig, on: boolean): Promise<void> {
    if (await this.isLegacy()) throw new UnsupportedError('enabling or disabling needs launchctl enable/disable (macOS 10.10 or later)');
    await this.launchctl([on ? 'enable' : 'disable', this.target(cfg)]);
  }

  protected async deactivate(cfg: ResolvedConfig): Promise<void> {
    await this.bootout(cfg);
    await this.bootout(cfg, this.rotationJob(cfg));
  }

  /** Stopping a KeepAlive job means unloading it (launchd would start it again otherwise). */
  protected async stopService(cfg: ResolvedConfig): Promise<void> {
    await this.bootout(cfg);
  }

  /**
   * launchd reads a plist when it loads the job, so a restart unloads and loads it again (an update's
   * restart, or the first restart after `update --no-restart`, runs the new plist); then kickstart
   * starts it where RunAtLoad did not.
   */
  protected async startAndVerify(cfg: ResolvedConfig, verb: 'start' | 'restart', start?: StartOptions): Promise<void> {
    const { loaded } = await this.loaded(cfg);
    if (!loaded || verb === 'restart') await this.assertLoadable(cfg);
    if (loaded && verb === 'restart') await this.bootout(cfg);
    if (!loaded || verb === 'restart') await this.bootstrap(cfg);
    if (await this.isLegacy()) await this.launchctl(['start', cfg.name]);
    else await this.launchctl(['kickstart', this.target(cfg)]);
    // launchctl print counts the job's runs: a job launchd had to start again did not stay up.
    const failure = await this.settle(async () => {
      const st = await this.status(cfg);
      const runs = Number(st.raw['runs']);
      return { state: st.state, ...(Number.isInteger(runs) ? { restarts: runs } : {}) };
    }, start?.settleMs, undefined, start?.outside);
    if (failure !== undefined) throw new StartFailedError(cfg.name, failure, await logTail(this.logs(cfg, { lines: 10 }), 10));
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
    const { out, err } = logFiles(cfg);
    yield* streamLines('tail', ['-q', '-n', String(opts.lines ?? 50), ...(opts.follow ? ['-F'] : []), out, err], { signal: opts.signal });
  }
}
