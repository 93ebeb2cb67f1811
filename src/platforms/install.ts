/**
 * The one install pipeline of the file-based managers (systemd, SysV, OpenRC, Upstart, launchd):
 * check everything, then write and activate in steps that each register their undo, so a failure
 * at any step leaves nothing behind. Uninstall and the control commands share the same checks.
 * A manager supplies its files, how to activate and deactivate them, and its control commands.
 */
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { resolveConfig, validateName, type ResolvedConfig } from '../config.js';
import { AlreadyInstalledError, InvalidArgumentError, InvalidConfigError, NotInstalledError, NotOwnedError, PermissionError, UnsupportedError } from '../errors.js';
import { realHost, type Host } from '../sys/host.js';
import { checkTrustedFile, checkWritableOnlyBy } from '../sys/trust.js';
import { NO_LOCK, type HeldLock } from '../sys/lock.js';
import { withRollback, type Step } from '../sys/rollback.js';
import { checkExecutable, lookupUser } from '../sys/users.js';
import { assertOwned, isOwned, LINE_MARKS, type Marks } from './ownership.js';
import { checkExecLimits } from './shared/exec-limits.js';
import type { AdoptOptions, AdoptResult, FileChange, InstallOptions, InstallResult, LogOptions, Plan, Platform, PreparedConfig, RenderedFile, Scope, ServiceManager, ServiceState, StatusDetail, StoredState, Support, UninstallOptions, UninstallResult, UpdateOptions, UpdateResult } from './platform.js';
import { refusalOf } from './support.js';
import { serviceType } from './shared/sd-notify.js';
import { filesOfLogrotate, isRotationOf, LOGROTATE } from './shared/logrotate.js';
import type { LogOutput } from './shared/log-output.js';
import { SYSTEM_LOG_DIR, SYSTEM_STATE_DIR } from '../paths.js';
import { STATE_MODE, StateStore } from './state-store.js';
import { addEnvFileVariables } from './shared/env-file.js';
import { copiesStale, readCopies, removeCopies, sourcesOf, writeCopies, type CredentialCopies } from './shared/credential-copies.js';

/** Mode of the directories install creates (unit and plist directories, log directories). */
export const DIRECTORY_MODE = 0o755;
/** Mode of the configuration files install writes (units, drop-ins). */
const FILE_MODE = 0o644;

/** A file only its owner can read: its contents are not shown in a plan. */
function ownerOnly(mode: number): boolean {
  return (mode & 0o077) === 0;
}
import { SETTLE_MS } from './settle.js';
export { SETTLE_MS };
const SETTLE_POLL_MS = 100;

/** How a start is checked: the settle window it must stay up through. */
export interface StartOptions {
  settleMs: number;
  /** Aborted when an interrupted install gives up on a start its undo did not end: a start command still waiting is ended. */
  signal?: AbortSignal;
  /** The files an update changed or removed (systemd restarts the socket unit only when its file is one of them). */
  changed?: readonly string[];
  /** The restart that undoes a failed update (the old files are back): a manager that rolled through instances restarts only those it had rolled. */
  rollback?: boolean;
  /** Queue the start and return (InstallOptions.waitForStart false, with settleMs 0): the caller watches it afterwards. */
  queued?: boolean;
  /** Runs the settle window with the install lock given up meanwhile (install: the lock is held for writing, not for watching). */
  outside?: HeldLock['outside'];
}

export interface ManagerOptions {
  /** The settle window in ms (tests shorten it). Default SETTLE_MS. */
  settleMs?: number;
}

/** What every install checks on the host before writing anything: the program and where it runs. */
export async function checkProgram(host: Host, cfg: Pick<ResolvedConfig, 'executable' | 'workingDirectory'>): Promise<void> {
  await checkExecutable(host, cfg.executable);
  if (!(await host.exists(cfg.workingDirectory))) {
    throw new InvalidConfigError('workingDirectory', `${cfg.workingDirectory} does not exist`);
  }
}


/**
 * The variables of the config's environment files, read as systemd reads them: each must be a
 * regular file (not a link) owned by root or `uid`, that no one else can write, under directories
 * no one else can change; else another account could set, say, LD_PRELOAD for a root service.
 */
export async function readEnvironmentFiles(host: Host, cfg: ResolvedConfig, uid: number): Promise<PreparedConfig> {
  const fileEnv: Record<string, string> = {};
  for (const [i, file] of cfg.environmentFiles.entries()) {
    const field = cfg.environmentFiles.length === 1 ? 'environmentFile' : `environmentFile[${i}]`;
    await checkTrustedFile(host, field, file, uid);
    addEnvFileVariables(fileEnv, await host.readFileNoFollow(file), field, file);
  }
  return { ...cfg, fileEnv };
}

export abstract class FileManager implements ServiceManager {
  abstract readonly platform: Platform;
  abstract readonly support: Support;
  /** Where this manager can install services. */
  abstract readonly scopes: readonly Scope[];
  /** Where the service's output is kept, and what rotates it (a part: see shared/log-output.ts). */
  protected abstract readonly logOutput: LogOutput;
  /** The mark each of a service's files carries (a part: see ownership.ts); a comment line unless a manager says otherwise. */
  protected readonly marks: Marks = LINE_MARKS;

  /** How long a started service must stay up (running, and not restarted) to count as started. */
  protected readonly settleMs: number;
  /** The stored configuration of its services (a part: see state-store.ts). */
  protected readonly state: StateStore;

  constructor(
    protected readonly host: Host = realHost,
    opts: ManagerOptions = {},
  ) {
    this.settleMs = opts.settleMs ?? SETTLE_MS;
    this.state = new StateStore(host, (cfg) => this.stateDirectory(cfg), (cfg) => this.scopeUid(cfg));
  }

  /**
   * Watch a just-started service through the settle window: it must stay running or starting, and
   * the manager must not restart it meanwhile (`restarts`: how often the manager has started it,
   * where it tells; `baseline`: the count the start began from, where it is known, else the first
   * reading; `pid`: the program's, where the manager tells: another one is a restart too, which is
   * all a manager without a counter, Upstart, shows of a respawn). Returns undefined when it stayed
   * up, else what was seen.
   */
  protected async settle(
    probe: () => Promise<{ state: ServiceState; restarts?: number; pid?: number }>,
    settleMs = this.settleMs,
    baseline?: number,
    outside: HeldLock['outside'] = NO_LOCK.outside,
  ): Promise<string | undefined> {
    // Only a window worth the while gives the lock up (giving it up and taking it again costs a turn).
    return settleMs > 0 ? outside(() => this.watch(probe, settleMs, baseline)) : this.watch(probe, settleMs, baseline);
  }

  private async watch(probe: () => Promise<{ state: ServiceState; restarts?: number; pid?: number }>, settleMs: number, baseline?: number): Promise<string | undefined> {
    const end = Date.now() + settleMs;
    let first = baseline;
    let firstPid: number | undefined;
    for (;;) {
      const { state, restarts, pid } = await probe();
      if (state !== 'running' && state !== 'starting') return state;
      first ??= restarts;
      firstPid ??= pid;
      if (first !== undefined && restarts !== undefined && restarts > first) return `restarted within ${settleMs} ms`;
      if (firstPid !== undefined && pid !== undefined && pid !== firstPid) return `restarted within ${settleMs} ms (PID ${firstPid}, then ${pid})`;
      if (Date.now() >= end) return undefined;
      await sleep(Math.min(SETTLE_POLL_MS, end - Date.now()));
    }
  }

  protected abstract renderFiles(cfg: PreparedConfig): RenderedFile[];

  /**
   * The files install writes: the definitions, the logrotate drop-in where the output goes to
   * files, and the configuration as given (for `update NAME --option`); refuses what execve cannot pass.
   */
  render(cfg: PreparedConfig): RenderedFile[] {
    checkExecLimits(cfg);
    const state = this.state.file(cfg, this.honoursType(cfg));
    return [...this.renderFiles(cfg), ...this.rotationFiles(cfg), state];
  }

  /** The files that rotate the service's log files. */
  private rotationFiles(cfg: ResolvedConfig): RenderedFile[] {
    return this.logOutput.rotation.render(cfg, this.logOutput.files(cfg));
  }

  /** Would this platform honour the readiness type this config runs with, were it given (so it can be stored)? */
  private honoursType(cfg: ResolvedConfig): boolean {
    const typed = { ...cfg, systemd: { ...cfg.systemd, type: serviceType(cfg) } };
    return refusalOf(typed, 'systemd.type', this.support) === undefined;
  }

  /** The home directory of a user service's user (managers with user services say where). */
  protected userHome(): string {
    throw new UnsupportedError(`${this.platform} has no per-user services`);
  }

  /** servicekit's own directory of the scope: /var/lib/servicekit, or the user's ~/.local/state/servicekit. */
  protected stateDirectory(cfg: ResolvedConfig): string {
    return cfg.userService ? path.join(this.userHome(), '.local', 'state', 'servicekit') : SYSTEM_STATE_DIR;
  }


  /** What install and update check on the host before writing: the program, the account, the directories written into. */
  private async checkHost(cfg: ResolvedConfig): Promise<void> {
    await checkProgram(this.host, cfg);
    if (cfg.userName !== undefined) await lookupUser(this.host, cfg.userName);
    for (const dir of this.logOutput.directories(cfg)) await checkWritableOnlyBy(this.host, 'logDirectory', dir, this.scopeUid(cfg));
    // A secret's source is read by root at each start: another account must not be able to swap it.
    for (const [name, file] of Object.entries(cfg.credentials)) await checkTrustedFile(this.host, `credentials.${name}`, file, this.scopeUid(cfg));
    await this.state.checkDirectory(cfg);
  }

  /** The configuration the service was installed or last updated with (servicekit's own only); undefined when none was stored. */
  async storedConfig(cfg: ResolvedConfig): Promise<StoredState | undefined> {
    this.checkScope(cfg, 'updating');
    await this.assertOwnedFiles(cfg);
    await this.state.checkDirectory(cfg);
    return this.state.read(cfg);
  }
  /** The paths the manager's definitions take, main file first, without rendering. */
  protected abstract filePaths(cfg: ResolvedConfig): string[];

  /** Every file install may have written, main file first: what uninstall checks and removes. */
  private allPaths(cfg: ResolvedConfig): string[] {
    return [...this.filePaths(cfg), ...this.optionalPaths(cfg), this.state.path(cfg)];
  }

  /** Files some configurations have and others not (the rotation's; systemd's socket unit): removed by uninstall, and by an update whose configuration has them no more. */
  protected optionalPaths(cfg: ResolvedConfig): string[] {
    return this.logOutput.rotation.paths(cfg);
  }

  /**
   * The log files of the installed service (uninstall by name knows only the name): those its
   * logrotate configuration names, else those of the configuration it was stored with, else this config's.
   */
  private async installedOutputFiles(cfg: ResolvedConfig): Promise<string[]> {
    const conf = this.logOutput.rotation.config(cfg);
    if (conf !== undefined && (await this.host.lstat(conf))?.kind === 'file') {
      const named = filesOfLogrotate(await this.host.readFile(conf));
      if (named.length) return named;
    }
    const stored = (await this.state.read(cfg))?.config;
    return this.logOutput.files(stored === undefined ? cfg : { ...cfg, logOutput: stored.logOutput ?? cfg.logOutput, logDirectory: stored.logDirectory ?? cfg.logDirectory });
  }
  abstract status(cfg: ResolvedConfig): Promise<StatusDetail>;
  abstract logs(cfg: ResolvedConfig, opts: LogOptions): AsyncIterable<string>;

  /** Refuse a name the manager already knows from elsewhere (a packaged unit, a loaded job). */
  protected async assertUnknown(_cfg: ResolvedConfig): Promise<void> {}
  /** Directories to create before the files are written, e.g. a user's unit directory; removed on rollback. */
  protected fileDirectories(cfg: ResolvedConfig): string[] {
    return [...new Set(this.rotationFiles(cfg).map((f) => path.dirname(f.path)))];
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
  protected abstract enable(cfg: ResolvedConfig, step: Step, start: StartOptions | undefined): Promise<boolean>;
  /** Stop and keep it from starting at boot (uninstall). */
  protected abstract deactivate(cfg: ResolvedConfig): Promise<void>;
  /** Make it start at boot, or not, once installed (the enable/disable commands). */
  protected abstract setBoot(cfg: ResolvedConfig, on: boolean): Promise<void>;
  /** Start (or restart) it and check that it came up; StartFailedError with the log tail otherwise. */
  protected abstract startAndVerify(cfg: ResolvedConfig, verb: 'start' | 'restart', start?: StartOptions): Promise<void>;
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

  /** Is the service known to the manager (for the control commands, which work on any service)? */
  protected async assertInstalled(cfg: ResolvedConfig): Promise<void> {
    const [main] = this.filePaths(cfg);
    if (main === undefined || !(await this.host.exists(main))) throw new NotInstalledError(cfg.name);
  }

  /** Where the manager defines this service when it is not at servicekit's path (systemd: a packaged unit). */
  protected async definedElsewhere(_cfg: ResolvedConfig): Promise<string | undefined> {
    return undefined;
  }

  /** The uid owning this scope's files: root, or the user of a user service. */
  protected scopeUid(cfg: ResolvedConfig): number {
    return cfg.userService ? (this.host.euid() ?? 0) : 0;
  }

  /** Before changing or removing a service: its files must be servicekit's own (NotOwnedError), and there (NotInstalledError). */
  protected async assertOwnedFiles(cfg: ResolvedConfig): Promise<void> {
    const [main] = this.filePaths(cfg);
    if (main === undefined || (await this.host.lstat(main)) === undefined) {
      const elsewhere = await this.definedElsewhere(cfg);
      if (elsewhere !== undefined) throw new NotOwnedError(cfg.name, elsewhere, 'defines it');
      throw new NotInstalledError(cfg.name);
    }
    for (const f of this.allPaths(cfg)) await assertOwned(this.host, f, cfg.name, this.scopeUid(cfg), this.marks(cfg.name, f));
  }

  /** The config with what it refers to on this host read in: the environment files' variables. */
  async prepare(cfg: ResolvedConfig): Promise<PreparedConfig> {
    const prepared = cfg.environmentFiles.length ? await readEnvironmentFiles(this.host, cfg, this.scopeUid(cfg)) : { ...cfg, fileEnv: {} };
    return this.keepsCredentialCopies && Object.keys(cfg.credentials).length ? { ...prepared, credentialsDirectory: this.credentialsDirectory(cfg) } : prepared;
  }

  /** A manager with no start hook running as root (launchd, SMF) keeps copies of the credentials, made at install and update (shared/credential-copies.ts). */
  protected readonly keepsCredentialCopies: boolean = false;

  private credentialsDirectory(cfg: ResolvedConfig): string {
    return path.join(this.stateDirectory(cfg), 'credentials', cfg.name);
  }

  /** The copies this configuration asks for, owned by the service's account (the user's, for a user service); undefined for none. */
  private async credentialCopies(cfg: ResolvedConfig): Promise<CredentialCopies | undefined> {
    if (!this.keepsCredentialCopies || Object.keys(cfg.credentials).length === 0) return undefined;
    const owner = await lookupUser(this.host, cfg.userName ?? this.host.userName());
    return { directory: this.credentialsDirectory(cfg), files: cfg.credentials, owner };
  }

  /** Do the kept copies differ from what this configuration asks (a secret rotated at its source, one added or dropped)? */
  private async copiesChanged(cfg: ResolvedConfig): Promise<boolean> {
    return this.keepsCredentialCopies && copiesStale(this.host, await this.credentialCopies(cfg), this.credentialsDirectory(cfg));
  }

  /** An update's step for the copies: made afresh from the sources (or removed); the undo puts the old bytes back, as their owner had them. */
  private async updateCopies(cfg: ResolvedConfig, step: Step): Promise<void> {
    const dir = this.credentialsDirectory(cfg);
    const [saved, st, want] = [await readCopies(this.host, dir), await this.host.lstat(dir), await this.credentialCopies(cfg)];
    const old = { directory: dir, owner: { uid: st?.uid ?? 0, gid: st?.gid ?? st?.uid ?? 0 } };
    await step(
      'copy credentials',
      async () => (want ? writeCopies(this.host, want, await sourcesOf(this.host, want)) : removeCopies(this.host, dir)),
      async () => (saved.size ? writeCopies(this.host, old, saved) : removeCopies(this.host, dir)),
    );
  }

  async install(given: ResolvedConfig, opts: InstallOptions = {}, lock: HeldLock = NO_LOCK): Promise<InstallResult> {
    // 1. Everything that can be checked is checked before anything is written.
    const cfg = await this.prepare(given);
    const files = this.render(cfg);
    this.checkScope(cfg, 'installing');
    await this.checkHost(cfg);
    for (const f of files) if (await this.host.exists(f.path)) throw new AlreadyInstalledError(cfg.name, f.path);
    await this.assertUnknown(cfg);

    // 2. Each step registers its undo; a failure undoes the steps done so far, newest first.
    const giveUp = new AbortController();
    await withRollback(async (step) => {
      for (const dir of [...this.fileDirectories(cfg), path.dirname(this.state.path(cfg))]) {
        await step(`create ${dir}`, async () => {
          const created = await this.host.mkdirp(dir, DIRECTORY_MODE);
          return async () => {
            for (const d of created.reverse()) await this.host.remove(d);
          };
        });
      }
      for (const dir of this.logOutput.directories(cfg)) {
        await step(`create log directory ${dir}`, async () => void (await this.host.mkdirp(dir, DIRECTORY_MODE)));
      }
      await this.prepareScope(cfg, step);
      const afterRollback = this.afterRollback?.bind(this, cfg);
      if (afterRollback) await step('reload after rollback', async () => undefined, afterRollback);
      for (const f of files) {
        await step(`write ${f.path}`, async () => {
          await this.host.writeFileAtomic(f.path, f.content, { mode: f.mode });
          return () => this.host.remove(f.path);
        });
      }
      const copies = await this.credentialCopies(cfg);
      if (copies) await step('copy credentials', async () => writeCopies(this.host, copies, await sourcesOf(this.host, copies)), () => removeCopies(this.host, copies.directory));
      await step('reload configuration', () => this.reload(cfg));
      const settleMs = opts.settleMs ?? this.settleMs;
      const start = opts.start ? { settleMs, signal: giveUp.signal, outside: lock.outside, ...(opts.waitForStart === false && settleMs === 0 ? { queued: true } : {}) } : undefined;
      const started = await this.enable(cfg, step, start);
      if (start && !started) {
        // Undone even when the start fails: a half-started service is stopped before its files go.
        await step('start', () => this.startAndVerify(cfg, 'start', start), () => this.stopService(cfg).catch(() => undefined));
      }
    }, opts.signal === undefined ? {} : { signal: opts.signal, onAbandon: () => giveUp.abort() });
    return { warnings: await this.warnings(cfg, files) };
  }

  /** Before the files: what the scope needs (systemd: lingering for a user service that asks for it), with its undo. */
  protected async prepareScope(_cfg: ResolvedConfig, _step: Step): Promise<void> {}

  /** After an install (of `files`): what the service may not do as one would expect. */
  protected async warnings(cfg: ResolvedConfig, files: readonly RenderedFile[]): Promise<string[]> {
    return this.rotationWarnings(cfg, files);
  }

  /** Log files left to a logrotate that is not installed: said, not refused (the service runs; its files grow until it is). */
  private async rotationWarnings(cfg: ResolvedConfig, files: readonly RenderedFile[]): Promise<string[]> {
    const conf = this.logOutput.rotation.config(cfg);
    if (conf === undefined || !files.some((f) => f.path === conf) || (await this.host.exists(LOGROTATE))) return [];
    return [`logrotate is not installed (${LOGROTATE}): the log files of ${cfg.name} are not rotated until it is`];
  }

  /** The file-name suffix of this manager's definitions (".service"; "" for init scripts). */
  protected abstract readonly suffix: string;

  /** The service name a file in the definitions directory stands for, if it can be one. */
  private nameOf(file: string): string | undefined {
    if (!file.endsWith(this.suffix)) return undefined;
    const name = file.slice(0, file.length - this.suffix.length);
    try {
      return validateName(name);
    } catch {
      return undefined;
    }
  }

  /** servicekit's own services of a scope: the marked files of the definitions directory, then their states. */
  async list(userService: boolean): Promise<StatusDetail[]> {
    return this.statuses(await this.ownConfigs(userService));
  }

  /** For list(): config defaults that do not depend on the running program. */
  private listContext() {
    return { execPath: '/', cwd: '/', home: '/' };
  }

  protected async ownNames(userService: boolean): Promise<string[]> {
    return (await this.ownConfigs(userService)).map((c) => c.name);
  }

  /** The configs (defaults, by name) of servicekit's own services of a scope. */
  private async ownConfigs(userService: boolean): Promise<ResolvedConfig[]> {
    const dir = path.dirname(this.filePaths(resolveConfig({ name: 'x', userService }, this.listContext()))[0]!);
    // Checked side by side: one file after the other would make a long list slow.
    const names = (await this.host.readdir(dir))
      .sort()
      .map((file) => this.nameOf(file))
      .filter((name): name is string => name !== undefined);
    const cfgs = names.map((name) => resolveConfig({ name, userService }, this.listContext()));
    const owned = await Promise.all(
      cfgs.map(async (cfg) => {
        const [main] = this.filePaths(cfg);
        return main !== undefined && (await isOwned(this.host, main, cfg.name, this.scopeUid(cfg), this.marks(cfg.name, main)));
      }),
    );
    return cfgs.filter((_, i) => owned[i]);
  }

  /** The states of several services; one manager query where the manager allows it. */
  protected async statuses(cfgs: ResolvedConfig[]): Promise<StatusDetail[]> {
    return Promise.all(cfgs.map((c) => this.status(c)));
  }

  async uninstall(cfg: ResolvedConfig, opts: UninstallOptions = {}): Promise<UninstallResult> {
    this.checkScope(cfg, 'uninstalling');
    await this.assertOwnedFiles(cfg);
    const outputs = await this.installedOutputFiles(cfg);
    await this.deactivate(cfg);
    if (this.keepsCredentialCopies) await removeCopies(this.host, this.credentialsDirectory(cfg));
    for (const f of this.allPaths(cfg)) if ((await this.host.lstat(f)) !== undefined) await this.host.remove(f);
    for (const f of this.logOutput.rotation.leftovers(cfg)) if ((await this.host.lstat(f))?.kind === 'file') await this.host.remove(f);
    await this.afterRemove(cfg);
    return this.logsAfterUninstall(outputs, Boolean(opts.purge));
  }

  /**
   * The service's log files (and their rotated copies): removed with purge, else listed. Only
   * regular files are removed (a link is left, whatever it points to); the directory too when that
   * leaves it empty, unless it is servicekit's shared one.
   */
  private async logsAfterUninstall(outputs: string[], purge: boolean): Promise<UninstallResult> {
    const files: string[] = [];
    for (const out of outputs) {
      const dir = path.dirname(out);
      for (const name of await this.host.readdir(dir)) if (isRotationOf(out, name)) files.push(path.join(dir, name));
    }
    files.sort();
    if (!purge) return { logs: files, purged: false };
    for (const f of files) if ((await this.host.lstat(f))?.kind === 'file') await this.host.remove(f);
    for (const dir of new Set(outputs.map((f) => path.dirname(f)))) {
      if (dir !== SYSTEM_LOG_DIR && (await this.host.readdir(dir)).length === 0 && (await this.host.lstat(dir))?.kind === 'directory') await this.host.removeDir(dir);
    }
    return { logs: files, purged: true };
  }

  /** Have the manager read changed definitions (update); systemd: a daemon reload. */
  protected async reloadDefinitions(cfg: ResolvedConfig): Promise<void> {
    await this.reload(cfg);
  }

  /** After an update's files are in place, for an enabled service: refresh its boot links (systemd: [Install] may have changed). */
  protected async refreshEnablement(_cfg: ResolvedConfig): Promise<void> {}

  async plan(given: ResolvedConfig): Promise<Plan> {
    const cfg = await this.prepare(given);
    const files = this.render(cfg);
    const [main] = this.filePaths(cfg);
    if (main !== undefined && (await this.host.lstat(main)) === undefined && (await this.definedElsewhere(cfg)) === undefined) {
      return { action: 'create', changes: files.map((f) => ({ path: f.path, after: f.content, secret: ownerOnly(f.mode) })) };
    }
    await this.assertOwnedFiles(cfg);
    const changes = await this.changes(cfg, files);
    // Rotated credentials: named, never shown.
    if (await this.copiesChanged(cfg)) changes.push({ path: this.credentialsDirectory(cfg), secret: true });
    return this.onlyState(cfg, changes) ? { action: 'unchanged', changes: [] } : { action: 'update', changes };
  }

  /** Nothing but the stored configuration differs (the same service, given in other words): no update. */
  private onlyState(cfg: ResolvedConfig, changes: FileChange[]): boolean {
    return changes.every((c) => c.path === this.state.path(cfg));
  }

  /** The installed files that differ from `files`, and the optional files this configuration no longer has. */
  private async changes(cfg: ResolvedConfig, files: RenderedFile[]): Promise<FileChange[]> {
    const out: FileChange[] = [];
    for (const f of files) {
      const before = await this.host.readFile(f.path).catch(() => undefined);
      if (before === f.content) continue;
      // Secret when the new or the installed file is its owner's only (environment-file values, the stored configuration).
      const mode = before === undefined ? undefined : (await this.host.lstat(f.path))?.mode;
      const secret = ownerOnly(f.mode) || (mode !== undefined && ownerOnly(mode));
      out.push({ path: f.path, ...(before === undefined ? {} : { before }), after: f.content, secret });
    }
    for (const p of this.optionalPaths(cfg)) {
      if (files.some((f) => f.path === p)) continue;
      const stale = await this.host.readFile(p).catch(() => undefined);
      if (stale !== undefined) out.push({ path: p, before: stale, secret: false });
    }
    return out;
  }

  async update(given: ResolvedConfig, opts: UpdateOptions = {}): Promise<UpdateResult> {
    // 1. As for install, everything is checked before anything is written; and it must be ours.
    const cfg = await this.prepare(given);
    const files = this.render(cfg);
    this.checkScope(cfg, 'updating');
    await this.assertOwnedFiles(cfg);
    await this.checkHost(cfg);
    const changes = await this.changes(cfg, files);
    const copies = await this.copiesChanged(cfg);
    if (this.onlyState(cfg, changes) && !copies) {
      if (changes.length) await this.host.mkdirp(path.dirname(this.state.path(cfg)), DIRECTORY_MODE);
      for (const c of changes) await this.host.writeFileAtomic(c.path, c.after!, { mode: STATE_MODE });
      return { changed: false, restarted: false };
    }
    return this.rewrite(cfg, files, changes, opts, copies);
  }

  /**
   * Take over a service someone wrote by hand at servicekit's path (systemd: a unit in
   * /etc/systemd/system): its file must be a regular file of the scope's owner that no one else can
   * write, without servicekit's mark. Without `yes`, only what would change (the diff from that file
   * to servicekit's); with it, rewritten as update rewrites (its enablement kept, restarted if it ran,
   * undone on failure), servicekit's mark in it from then on.
   */
  async adopt(given: ResolvedConfig, opts: AdoptOptions = {}): Promise<AdoptResult> {
    const cfg = await this.prepare(given);
    const files = this.render(cfg);
    this.checkScope(cfg, 'adopting');
    const [main] = this.filePaths(cfg);
    if (main === undefined || (await this.host.lstat(main)) === undefined) {
      const elsewhere = await this.definedElsewhere(cfg);
      if (elsewhere !== undefined) throw new NotOwnedError(cfg.name, elsewhere, "defines it; adopt takes over a file at servicekit's own path only (copy it there first)");
      throw new NotInstalledError(cfg.name);
    }
    if (await isOwned(this.host, main, cfg.name, this.scopeUid(cfg), this.marks(cfg.name, main))) {
      throw new InvalidArgumentError(`${cfg.name} is servicekit's already: update it (servicekit update ${cfg.name} …)`);
    }
    // Everything but the mark, as for any file servicekit changes: a regular file, the scope owner's, no one else's to write.
    await assertOwned(this.host, main, cfg.name, this.scopeUid(cfg), '');
    for (const f of this.allPaths(cfg).slice(1)) await assertOwned(this.host, f, cfg.name, this.scopeUid(cfg), this.marks(cfg.name, f));
    await this.checkHost(cfg);
    const changes = await this.changes(cfg, files);
    if (!opts.yes) return { changes, adopted: false, restarted: false };
    const r = await this.rewrite(cfg, files, changes, opts, await this.copiesChanged(cfg));
    return { changes, adopted: true, restarted: r.restarted };
  }

  /** Update's and adopt's rewrite: each file with its undo, the manager told, the service restarted if it ran. */
  /** `copies`: the kept credential copies differ from their sources (made afresh in the same rollback). */
  private async rewrite(cfg: PreparedConfig, files: RenderedFile[], changes: FileChange[], opts: UpdateOptions, copies: boolean): Promise<UpdateResult> {
    const before = await this.status(cfg);
    const restart = opts.restart !== false && (before.state === 'running' || before.state === 'starting');
    const changed = changes.map((c) => c.path);
    // 2. Each step with its undo: the old files back, the manager told, the old version running again.
    await withRollback(async (step) => {
      // Undone last, in this order: the manager reads the old files again, then the old version restarts.
      if (restart) await step('keep it running', async () => undefined, () => this.startAndVerify(cfg, 'restart', { settleMs: this.settleMs, changed, rollback: true }).catch(() => undefined));
      await step('reread the old files', async () => undefined, () => this.reloadDefinitions(cfg));
      // A service installed before configurations were stored may have no directory for it yet.
      await step('create the stored configuration\'s directory', async () => {
        const created = await this.host.mkdirp(path.dirname(this.state.path(cfg)), DIRECTORY_MODE);
        return async () => {
          for (const d of created.reverse()) await this.host.removeDir(d);
        };
      });
      for (const c of changes) {
        const f = files.find((x) => x.path === c.path);
        const mode = f?.mode ?? FILE_MODE;
        // A file written, or (a rotation file this configuration no longer has) removed.
        await step(`${f ? 'write' : 'remove'} ${c.path}`, async () => {
          if (f) await this.host.writeFileAtomic(f.path, f.content, { mode });
          else await this.host.remove(c.path);
          return () => (c.before === undefined ? this.host.remove(c.path) : this.host.writeFileAtomic(c.path, c.before, { mode }));
        });
      }
      if (copies) await this.updateCopies(cfg, step);
      await step('reload configuration', () => this.reloadDefinitions(cfg));
      if (before.enabled) await step('refresh enablement', () => this.refreshEnablement(cfg), () => this.setBoot(cfg, true));
      if (restart) await step('restart', () => this.startAndVerify(cfg, 'restart', { settleMs: opts.settleMs ?? this.settleMs, changed }));
    }, opts.signal === undefined ? {} : { signal: opts.signal });
    return { changed: true, restarted: restart };
  }

  async setEnabled(cfg: ResolvedConfig, on: boolean): Promise<void> {
    this.checkScope(cfg, on ? 'enabling' : 'disabling');
    await this.assertOwnedFiles(cfg);
    await this.setBoot(cfg, on);
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
