/** systemd control: systemctl / journalctl calls on the install pipeline, status, logs. No text formatting here. */
import path from 'node:path';
import type { ResolvedConfig } from '../../config.js';
import { support } from './honours.js';
import { AlreadyInstalledError, CommandFailedError, NotInstalledError, PermissionError, StartFailedError } from '../../errors.js';
import { streamLines } from '../../sys/exec.js';
import { realHost, type Host } from '../../sys/host.js';
import type { Step } from '../../sys/rollback.js';
import { FileManager, type ManagerOptions, type StartOptions } from '../install.js';
import { logTail, type LogOptions, type PreparedConfig, type RenderedFile, type StatusDetail } from '../platform.js';
import { logFiles } from '../shared/log-files.js';
import { procUsage } from '../shared/proc-usage.js';
import { busAt } from './bus.js';
import { BusControl, SystemctlControl, type Control } from './control.js';
import { Journal } from './journal.js';
import { entryFromJson, formatEntry } from './journal-format.js';
import { enabledFromShow, pidFromShow, stateFromShow, usageFromShow } from './parse.js';
import { unitName } from './quote.js';
import { renderFiles, unitDirectory, unitPathFor, type UnitEnv } from './render.js';
import { renderRotation, rotatesByTimer, rotationPaths, rotationTimer } from './rotation.js';
import { byScope, SYSTEM_LOGROTATE, type LogOutput } from '../shared/log-output.js';
import { endOf, levelOfUnit, sandboxHint } from './diagnose.js';
import { hardeningOf } from './hardening.js';
import { socketUnitName, socketUnitPath } from './socket.js';
import { InstanceGroup, type GroupFailure } from './group.js';
import { groupStatus, instancesInUnit, templateUnitPath } from './instances.js';

/** Log lines an error about a failed start shows, and how far back the sandbox hint looks. */
const ERROR_LINES = 10;
const HINT_LINES = 40;

/** Where logind marks the users whose manager runs without a login (one file per user name). */
const LINGER_DIR = '/var/lib/systemd/linger';

const NS_PER_US = 1000n;

/** The system manager's private D-Bus socket (root only), as systemctl uses it. */
const SYSTEM_PRIVATE_SOCKET = '/run/systemd/private';

export class SystemdManager extends FileManager {
  readonly platform = 'linux-systemd' as const;
  readonly support = support;
  protected readonly suffix = '.service';
  readonly scopes = ['system', 'user'] as const;
  private readonly unitEnv: UnitEnv;

  constructor(
    host: Host = realHost,
    private readonly env: NodeJS.ProcessEnv = process.env,
    opts: ManagerOptions = {},
  ) {
    super(host, opts);
    this.unitEnv = { ...pick(env, 'HOME'), ...pick(env, 'XDG_CONFIG_HOME') };
  }

  protected renderFiles(cfg: PreparedConfig): RenderedFile[] {
    return renderFiles(cfg, this.unitEnv);
  }

  protected filePaths(cfg: ResolvedConfig): string[] {
    return [unitPathFor(cfg, this.unitEnv)];
  }

  /** The socket unit (listen), which some configurations have: removed by uninstall, and by an update without listen. */
  protected override optionalPaths(cfg: ResolvedConfig): string[] {
    return [this.socketPath(cfg), templateUnitPath(unitPathFor(cfg, this.unitEnv), cfg.name), ...super.optionalPaths(cfg)];
  }

  /**
   * The instances of the installed service (instances.ts), read from its unit as it is now (the
   * name-only commands know no count; an update's undo has the old file back); undefined for one plain unit.
   */
  private async group(cfg: ResolvedConfig): Promise<InstanceGroup | undefined> {
    const text = await this.host.readFile(unitPathFor(cfg, this.unitEnv)).catch(() => undefined);
    const n = text === undefined ? 0 : instancesInUnit(text, cfg.name);
    return n > 0 ? new InstanceGroup(this.control(cfg), cfg.name, n) : undefined;
  }

  /** Instances a roll got through before it failed (by service name): an update's undo restarts only those. */
  private readonly rolled = new Map<string, number>();

  private socketPath(cfg: ResolvedConfig): string {
    return socketUnitPath(unitPathFor(cfg, this.unitEnv), cfg.name);
  }

  /** Is the socket unit installed (uninstall and stop know only the name)? */
  private async hasSocket(cfg: ResolvedConfig): Promise<boolean> {
    return (await this.host.lstat(this.socketPath(cfg))) !== undefined;
  }

  /**
   * Stop the socket unit first where there is one: the service Requires= it, so its stop stops the
   * service too, and no connection starts the service again meanwhile (socket activation).
   */
  private async stopSocket(cfg: ResolvedConfig, always = false): Promise<void> {
    if (!always && !(await this.hasSocket(cfg))) return;
    const failed = await this.control(cfg).job('stop', socketUnitName(cfg.name));
    if (failed && !failed.missing) throw failed.cause ?? new CommandFailedError('systemctl', ['stop', socketUnitName(cfg.name)], 1, failed.reason);
  }

  protected override userHome(): string {
    return this.unitEnv.HOME ?? '/';
  }

  /**
   * How to talk to the manager of the config's scope: its D-Bus API on the private socket (the
   * system manager's for root, the user manager's for its user), else systemctl. The connection is
   * opened once per process; SERVICEKIT_LIBSYSTEMD=0 forces systemctl.
   */
  control(cfg: ResolvedConfig): Control {
    if (this.libsystemd()) {
      const euid = this.host.euid();
      const socket = cfg.userService ? path.join(this.runtimeDir(), 'systemd', 'private') : euid === 0 ? SYSTEM_PRIVATE_SOCKET : undefined;
      const bus = socket === undefined ? undefined : busAt(socket);
      if (bus) return new BusControl(bus);
    }
    return new SystemctlControl(this.host, cfg.userService, this.commandEnv(cfg));
  }

  /** libsystemd (sd-bus, sd-journal) for the real machine, unless SERVICEKIT_LIBSYSTEMD=0 asks for systemctl and journalctl. */
  private libsystemd(): boolean {
    return this.host === realHost && this.env['SERVICEKIT_LIBSYSTEMD'] !== '0';
  }

  private runtimeDir(): string {
    return this.env['XDG_RUNTIME_DIR'] || `/run/user/${this.host.euid() ?? 0}`;
  }

  private commandEnv(cfg: ResolvedConfig): NodeJS.ProcessEnv {
    if (!cfg.userService) return this.env;
    const euid = this.host.euid();
    return { ...this.env, XDG_RUNTIME_DIR: this.env['XDG_RUNTIME_DIR'] || `/run/user/${euid ?? 0}` };
  }

  private async show(cfg: ResolvedConfig): Promise<Record<string, string>> {
    const [p] = await this.control(cfg).show([unitName(cfg.name)]);
    return p ?? {};
  }

  protected override async assertUnknown(cfg: ResolvedConfig): Promise<void> {
    const units = [unitName(cfg.name), ...(cfg.listen.length ? [socketUnitName(cfg.name)] : [])];
    const shown = await this.control(cfg).show(units);
    units.forEach((unit, i) => {
      const existing = shown[i] ?? {};
      if (existing['LoadState'] !== 'not-found') {
        throw new AlreadyInstalledError(cfg.name, `a unit ${unit} already exists at ${existing['FragmentPath'] || 'an unknown path'}`);
      }
    });
  }

  /** The control commands work on any unit systemd knows (a packaged one too), not only on servicekit's. */
  protected override async assertInstalled(cfg: ResolvedConfig): Promise<void> {
    if ((await this.show(cfg))['LoadState'] === 'not-found') throw new NotInstalledError(cfg.name);
  }

  protected override async definedElsewhere(cfg: ResolvedConfig): Promise<string | undefined> {
    const p = await this.show(cfg);
    return p['LoadState'] === 'not-found' ? undefined : p['FragmentPath'] || `systemd's unit ${unitName(cfg.name)}`;
  }

  protected override fileDirectories(cfg: ResolvedConfig): string[] {
    return [...this.filePaths(cfg).map((f) => path.dirname(f)), ...super.fileDirectories(cfg)];
  }

  /**
   * With logOutput, the output appended to files: a system service's rotated by the logrotate
   * drop-in, a user service's by its own timer (rotation.ts: the system's logrotate does not rotate
   * users' files).
   */
  protected readonly logOutput: LogOutput = {
    files: (cfg) => {
      if (!cfg.logOutput) return [];
      const { out, err } = logFiles(cfg);
      return [out, err];
    },
    directories: (cfg) => (cfg.logOutput ? [cfg.logDirectory] : []),
    rotation: byScope(SYSTEM_LOGROTATE, {
      render: (cfg, outputs) => (rotatesByTimer(cfg) ? renderRotation(cfg, outputs, unitDirectory(cfg, this.unitEnv), this.stateDirectory(cfg)) : []),
      paths: (cfg) => {
        const at = this.userRotation(cfg);
        return [at.timer, at.service, at.config];
      },
      config: (cfg) => this.userRotation(cfg).config,
      leftovers: (cfg) => [this.userRotation(cfg).status],
    }),
  };

  private userRotation(cfg: ResolvedConfig) {
    return rotationPaths(cfg.name, unitDirectory(cfg, this.unitEnv), this.stateDirectory(cfg));
  }

  /** Is logind keeping this user's manager running without a login? */
  private async lingering(): Promise<boolean> {
    return (await this.host.lstat(path.join(LINGER_DIR, this.host.userName()))) !== undefined;
  }

  /** A user service with `linger`: lingering turned on first (and off again if the install fails). */
  protected override async prepareScope(cfg: ResolvedConfig, step: Step): Promise<void> {
    if (!cfg.userService || !cfg.linger || (await this.lingering())) return;
    await step(
      'enable lingering',
      async () => {
        // By name: without one, logind takes the caller's session, which a service or a script may not have.
        const r = await this.host.exec('loginctl', ['enable-linger', this.host.userName()], { env: this.env, allowFail: true });
        if (r.code !== 0) {
          throw new PermissionError(`turning lingering on for ${this.host.userName()} was refused (${r.stderr.trim() || `loginctl exited ${r.code}`}); as root: loginctl enable-linger ${this.host.userName()}`);
        }
      },
      async () => void (await this.host.exec('loginctl', ['disable-linger', this.host.userName()], { env: this.env, allowFail: true })),
    );
  }

  protected override async warnings(cfg: ResolvedConfig, files: readonly RenderedFile[]): Promise<string[]> {
    const rotation = await super.warnings(cfg, files);
    if (!cfg.userService || (await this.lingering())) return rotation;
    const user = this.host.userName();
    return [...rotation, `lingering is off for ${user}: ${cfg.name} stops when ${user}'s last session ends and does not start at boot (install --linger, or as root: loginctl enable-linger ${user})`];
  }

  /** An install that starts the unit does not reload systemd (a reload costs 0.1–0.35 s; see Control.enableNow); a rollback reloads once, last. */
  protected override async afterRollback(cfg: ResolvedConfig): Promise<void> {
    await this.control(cfg).reload();
  }

  /**
   * Enabled and reloaded (as `systemctl enable`), or with a start enabled and started without a
   * reload (Control.enableNow). Its undo is given up front: the step may half-succeed (enabled, start failed).
   */
  protected async enable(cfg: ResolvedConfig, step: Step, start: StartOptions | undefined): Promise<boolean> {
    const unit = unitName(cfg.name);
    const ctl = this.control(cfg);
    // Not at boot: the pipeline starts it (if asked) without enabling it.
    if (!cfg.enabled) return false;
    await step(
      start ? 'enable and start unit' : 'enable unit',
      async () => {
        if (start) await this.startAndVerify(cfg, 'enable-now', start);
        else await ctl.enable(unit);
      },
      async () => {
        if (start) {
          // The start pulled the socket unit in (Requires=): it goes too, or systemd would hold the port on.
          await this.stopSocket(cfg);
          await ctl.job('stop', unit);
          await ctl.resetFailed(unit);
          const group = await this.group(cfg);
          await group?.stopAbove(0);
          await group?.resetFailed();
        }
        await ctl.disable(unit);
      },
    );
    return start !== undefined;
  }

  /**
   * A daemon reload. An update that stops writing a user service's output to files removed its
   * rotation timer's files: the timer, still loaded, is stopped too (it would start a unit that is gone).
   */
  protected override async reloadDefinitions(cfg: ResolvedConfig): Promise<void> {
    const ctl = this.control(cfg);
    await ctl.reload();
    if (!cfg.userService || rotatesByTimer(cfg)) return;
    // Reloaded without its file, the timer may already have failed (its unit is gone): stopped or not, it is forgotten.
    const timer = rotationTimer(cfg.name);
    const [shown] = await ctl.show([timer]);
    const state = shown?.['ActiveState'];
    if (state === undefined || state === 'inactive') return;
    if (state !== 'failed') await ctl.job('stop', timer);
    await ctl.resetFailed(timer);
  }

  /** The [Install] section may name other targets now: the old links go, the new ones come (reenable). */
  protected override async refreshEnablement(cfg: ResolvedConfig): Promise<void> {
    const ctl = this.control(cfg);
    await ctl.disable(unitName(cfg.name));
    // An update without listen: the socket's own link goes (Also= of the new unit no longer names it).
    const socketLink = path.join(path.dirname(this.socketPath(cfg)), 'sockets.target.wants', socketUnitName(cfg.name));
    if (cfg.listen.length === 0 && (await this.host.lstat(socketLink)) !== undefined) await ctl.disable(socketUnitName(cfg.name));
    await ctl.enable(unitName(cfg.name));
  }

  protected async setBoot(cfg: ResolvedConfig, on: boolean): Promise<void> {
    const ctl = this.control(cfg);
    const unit = unitName(cfg.name);
    if (on) await ctl.enable(unit);
    else {
      await ctl.disable(unit);
      await ctl.reload();
    }
  }

  /** Stop and disable in one call; the one reload follows the removal of the file. */
  protected async deactivate(cfg: ResolvedConfig): Promise<void> {
    await this.stopSocket(cfg);
    await this.control(cfg).disableNow(unitName(cfg.name));
    const group = await this.group(cfg);
    await group?.stopAbove(0);
    await group?.resetFailed();
  }

  /** A failed state is cleared while systemd reloads (systemd keeps failed units listed otherwise); either order leaves nothing. */
  protected override async afterRemove(cfg: ResolvedConfig): Promise<void> {
    const ctl = this.control(cfg);
    await Promise.all([ctl.reload(), ctl.resetFailed(unitName(cfg.name))]);
  }

  /**
   * Start, restart or enable-and-start the unit (the job awaited), then check that it came up and
   * stays up through the settle window without being restarted (NRestarts).
   */
  protected async startAndVerify(cfg: ResolvedConfig, verb: 'start' | 'restart' | 'enable-now', start?: StartOptions): Promise<void> {
    const unit = unitName(cfg.name);
    const ctl = this.control(cfg);
    // An update that changed the sockets: systemd opens the new ones only when the socket unit starts
    // again. Its stop stops a service that required it; one that did not (listen just given) is restarted all the same.
    if (verb === 'restart' && start?.changed?.includes(this.socketPath(cfg)) === true) await this.stopSocket(cfg, true);
    const group = await this.group(cfg);
    if (group) return this.startGroup(cfg, group, verb, start);
    // An update from instances to one unit: the instances the removed template ran end first (they may hold the port).
    if (start?.changed?.includes(templateUnitPath(unitPathFor(cfg, this.unitEnv), cfg.name)) === true) await new InstanceGroup(ctl, cfg.name, 0).stopAbove(0);
    const queued = start?.queued === true;
    const job = verb === 'enable-now' ? await ctl.enableNow(unit, queued) : await ctl.job(verb, unit, queued);
    let last: Record<string, string> = {};
    const failure =
      job !== undefined
        ? job.reason
        : queued
          ? undefined // the caller watches it (apply's shared window)
          : await this.settle(async () => {
            last = await this.show(cfg);
            const n = Number(last['NRestarts']);
            return { state: stateFromShow(last), ...(Number.isInteger(n) ? { restarts: n } : {}) };
          }, start?.settleMs, undefined, start?.outside);
    if (failure !== undefined) throw await this.startFailure(cfg, failure, last, job?.cause);
  }

  /** A failed start as an error: what was seen, the log's last lines, the sandbox's part where the record or the program's last words point at it. */
  private async startFailure(cfg: ResolvedConfig, failure: string, last: Record<string, string>, cause?: Error, unit = unitName(cfg.name), after = ''): Promise<StartFailedError> {
    // The program's last words may sit above systemd's own lines about its end: read further back for the hint.
    const lines = await logTail(this.logs(cfg, { lines: HINT_LINES }), HINT_LINES);
    const tail = lines.slice(-ERROR_LINES);
    const seen = last['ActiveState'] ? ` (${last['ActiveState']}/${last['SubState'] ?? '?'})` : '';
    const record = last['ExecMainCode'] === undefined ? ((await this.control(cfg).show([unit]).catch(() => []))[0] ?? {}) : last;
    const hint = sandboxHint(hardeningOf(cfg), record, lines);
    return new StartFailedError(cfg.name, `${failure}${seen}${after}${hint === undefined ? '' : `; ${hint}`}`, tail, { cause });
  }

  /**
   * Instances: a start starts the group and each instance together (each job awaited) and watches
   * them through one settle window. A restart of a running group rolls through the instances (an
   * update's undo only through those the failed roll had restarted); a group not up as one (stopped,
   * or the plain unit it was before an update) is restarted whole. Instances above the count stop.
   */
  private async startGroup(cfg: ResolvedConfig, group: InstanceGroup, verb: 'start' | 'restart' | 'enable-now', start?: StartOptions): Promise<void> {
    const ctl = this.control(cfg);
    const unit = unitName(cfg.name);
    let failure: GroupFailure | undefined;
    if (verb === 'restart' && (await group.grouped())) {
      const upTo = start?.rollback ? this.rolled.get(cfg.name) : undefined;
      this.rolled.delete(cfg.name);
      failure = await group.roll(this.settle.bind(this), start?.settleMs, upTo);
      if (failure !== undefined && !start?.rollback) this.rolled.set(cfg.name, failure.rolled ?? group.count);
    } else {
      const queued = start?.queued === true;
      const job = verb === 'enable-now' ? await ctl.enableNow(unit, queued) : await ctl.job(verb, unit, queued);
      failure = job === undefined ? await group.startAll(queued) : { unit, reason: job.reason, ...(job.cause ? { cause: job.cause } : {}) };
      if (failure === undefined && !queued) {
        const why = await this.settle(() => group.probeAll(), start?.settleMs, undefined, start?.outside);
        if (why !== undefined) failure = { unit, reason: why };
      }
    }
    await group.stopAbove(group.count);
    if (failure === undefined) return;
    const [last = {}] = await ctl.show([failure.unit]).catch(() => []);
    const roll = failure.rolled === undefined ? '' : `; the roll stopped at instance ${failure.rolled} of ${group.count}`;
    throw await this.startFailure(cfg, `${failure.unit}: ${failure.reason}`, last, failure.cause, failure.unit, roll);
  }

  /** systemd's record of the last end, and the sandbox's part in it (the level read from the installed unit). */
  async diagnose(cfg: ResolvedConfig, tail: readonly string[]): Promise<{ cause?: string; fix?: string }> {
    const group = await this.group(cfg);
    // Instances: the record of the first that is not running (the group unit runs no program), and its template's sandbox.
    const shown = group ? await this.control(cfg).show(group.units) : [await this.show(cfg)];
    const i = Math.max(0, shown.findIndex((p) => stateFromShow(p) !== 'running'));
    const props = shown[i] ?? {};
    const file = group ? templateUnitPath(unitPathFor(cfg, this.unitEnv), cfg.name) : unitPathFor(cfg, this.unitEnv);
    const unit = await this.host.readFile(file).catch(() => '');
    const cause = group && endOf(props) !== undefined ? `${group.units[i]}: ${endOf(props)}` : endOf(props);
    const fix = sandboxHint(levelOfUnit(unit), props, tail);
    return { ...(cause === undefined ? {} : { cause }), ...(fix === undefined ? {} : { fix }) };
  }

  protected async stopService(cfg: ResolvedConfig): Promise<void> {
    await this.stopSocket(cfg);
    const unit = unitName(cfg.name);
    const failed = await this.control(cfg).job('stop', unit);
    if (failed) throw failed.cause ?? new CommandFailedError('systemctl', ['stop', unit], 1, failed.reason);
    // The group's stop reaches its instances (PartOf=); awaited here, and any a manual start left.
    await (await this.group(cfg))?.stopAbove(0);
  }

  /**
   * One query for all of them (one `systemctl show`, or one D-Bus call); where it leaves out the
   * enablement, it comes from the `.wants`/`.requires` links beside the units.
   */
  protected override async statuses(cfgs: ResolvedConfig[]): Promise<StatusDetail[]> {
    const [first] = cfgs;
    if (first === undefined) return [];
    const shown = await this.control(first).states(cfgs.map((c) => unitName(c.name)));
    const linked = shown.some((p) => p['UnitFileState'] === undefined) ? await this.wantedUnits(first) : undefined;
    return Promise.all(
      cfgs.map(async (c, i) => {
        const p = shown[i] ?? {};
        if (p['UnitFileState'] === undefined && linked) p['UnitFileState'] = linked.has(unitName(c.name)) ? 'enabled' : 'disabled';
        const group = await this.groupOf(c, p);
        return group ? this.groupDetail(c, group, p) : this.withProcUsage(this.detail(c, p));
      }),
    );
  }

  /**
   * What systemd's accounting leaves out (no memory or CPU controller for the unit's cgroup: a
   * container without delegation, DefaultMemoryAccounting=no) read from /proc for the main process.
   */
  private async withProcUsage(d: StatusDetail): Promise<StatusDetail> {
    const u = d.usage ?? {};
    if (d.pid === undefined || d.state !== 'running' || (u.memoryBytes !== undefined && u.cpuSeconds !== undefined && u.uptimeSeconds !== undefined)) return d;
    const proc = await procUsage(this.host, d.pid);
    return proc === undefined ? d : { ...d, usage: { ...proc, ...u } };
  }

  /** The units something wants or requires: the links in the unit directory's *.wants and *.requires. */
  private async wantedUnits(cfg: ResolvedConfig): Promise<Set<string>> {
    const dir = path.dirname(unitPathFor(cfg, this.unitEnv));
    const deps = (await this.host.readdir(dir)).filter((d) => d.endsWith('.wants') || d.endsWith('.requires'));
    const lists = await Promise.all(deps.map((d) => this.host.readdir(path.join(dir, d))));
    return new Set(lists.flat());
  }

  /** PropertiesChanged of the unit (and of each instance), on the bus; undefined on the systemctl path. */
  async subscribe(cfg: ResolvedConfig, onChange: () => void): Promise<(() => void) | undefined> {
    const ctl = this.control(cfg);
    if (ctl.watch === undefined) return undefined;
    const units = [unitName(cfg.name), ...((await this.group(cfg))?.units ?? [])];
    const offs = units.map((u) => ctl.watch!(u, onChange));
    return () => offs.forEach((off) => off());
  }

  async status(cfg: ResolvedConfig): Promise<StatusDetail> {
    const shown = await this.show(cfg);
    const group = await this.groupOf(cfg, shown);
    return group ? this.groupDetail(cfg, group, shown) : this.withProcUsage(this.detail(cfg, shown));
  }

  /** The instances, where the unit may be a group: a group (a oneshot) never runs a process, so a unit that does needs no look at its file. */
  private async groupOf(cfg: ResolvedConfig, shown: Record<string, string>): Promise<InstanceGroup | undefined> {
    return shown['SubState'] === 'running' ? undefined : this.group(cfg);
  }

  /** A service of instances: the group unit's enablement, each instance's status, the state they make together. */
  private async groupDetail(cfg: ResolvedConfig, group: InstanceGroup, shown: Record<string, string>): Promise<StatusDetail> {
    const each = await this.control(cfg).show(group.units);
    const instances = await Promise.all(
      group.units.map((u, i) => {
        // An instance is enabled with its group (it has no [Install] of its own): no enablement of its own to show.
        const { enabled: _enabled, ...d } = this.detail(cfg, each[i] ?? {});
        return this.withProcUsage({ ...d, name: u.slice(0, -'.service'.length) });
      }),
    );
    return groupStatus(this.detail(cfg, shown), instances);
  }

  private detail(cfg: ResolvedConfig, p: Record<string, string>): StatusDetail {
    const installed = p['LoadState'] !== 'not-found';
    const pid = pidFromShow(p);
    const enabled = enabledFromShow(p);
    // CLOCK_MONOTONIC now, in µs: what systemd's …TimestampMonotonic counts in.
    const usage = usageFromShow(p, Number(process.hrtime.bigint() / NS_PER_US));
    return {
      name: cfg.name,
      platform: this.platform,
      state: installed ? stateFromShow(p) : 'not-installed',
      ...(pid === undefined ? {} : { pid }),
      ...(enabled === undefined ? {} : { enabled }),
      ...(usage === undefined ? {} : { usage }),
      raw: p,
    };
  }

  logs(cfg: ResolvedConfig, opts: LogOptions): AsyncIterable<string> {
    if (cfg.logOutput) {
      const { out, err } = logFiles(cfg);
      return streamLines('tail', ['-n', String(opts.lines ?? 50), ...(opts.follow ? ['-F'] : []), out, err], { env: this.env, check: true, signal: opts.signal });
    }
    return this.journalLogs(cfg, opts);
  }

  /**
   * The unit's processes (each instance's), the manager's messages about the unit, and whatever was
   * logged under the service's identifier (journald can misattribute a brand-new process to its parent's cgroup).
   */
  private async *journalLogs(cfg: ResolvedConfig, opts: LogOptions): AsyncIterable<string> {
    const uid = this.host.euid() ?? 0;
    const units = [unitName(cfg.name), ...((await this.group(cfg))?.units ?? [])];
    const filter = units.flatMap((unit, i) => {
      const id = `SYSLOG_IDENTIFIER=${unit.slice(0, -'.service'.length)}`;
      const own = cfg.userService ? [`_SYSTEMD_USER_UNIT=${unit}`, '+', `USER_UNIT=${unit}`, `_UID=${uid}`, '+', id, `_UID=${uid}`] : [`_SYSTEMD_UNIT=${unit}`, '+', `UNIT=${unit}`, '_PID=1', '+', id];
      return [...(i ? ['+'] : []), ...own];
    });
    const n = opts.lines ?? 50;
    const journal = this.libsystemd() ? Journal.open(filter) : undefined;
    if (journal) {
      yield* journalLines(journal, n, opts);
      return;
    }
    const args = [...filter, '--no-pager', '-o', 'json', '--all', '-n', String(n), ...(opts.follow ? ['-f'] : [])];
    yield* formattedJson(streamLines('journalctl', args, { env: this.env, check: true, signal: opts.signal }));
  }
}

/** The entries (sd-journal) as printed lines: the last n, then new ones with follow (until its signal aborts). */
async function* journalLines(journal: Journal, n: number, opts: LogOptions): AsyncIterable<string> {
  try {
    const lines = journal.tail(n).flatMap((e) => formatEntry(e).split('\n'));
    for (const line of lines) yield line;
    if (opts.follow) for await (const e of journal.follow(opts.signal)) for (const line of formatEntry(e).split('\n')) yield line;
  } finally {
    journal.close();
  }
}

/** journalctl -o json lines, printed the same way. */
async function* formattedJson(lines: AsyncIterable<string>): AsyncIterable<string> {
  for await (const line of lines) {
    const e = entryFromJson(line);
    if (e) yield* formatEntry(e).split('\n');
  }
}

function pick(env: NodeJS.ProcessEnv, k: 'HOME' | 'XDG_CONFIG_HOME'): UnitEnv {
  const v = env[k];
  return v === undefined ? {} : { [k]: v };
}
