/**
 * The two ways servicekit drives systemd, behind one interface: D-Bus through sd-bus (bus.ts), and
 * systemctl processes (the fallback where libsystemd or the manager's socket cannot be used, and
 * what SERVICEKIT_LIBSYSTEMD=0 forces). Both answer with `systemctl show`'s property names, so the
 * manager's decisions (parse.ts) are the same whichever path ran.
 */
import { CommandFailedError } from '../../errors.js';
import type { Host } from '../../sys/host.js';
import { BusError, MANAGER_IFACE, MANAGER_PATH, PROPERTIES_IFACE, SERVICE_IFACE, UNIT_IFACE, unitPath, type Arg, type Bus, type Reply } from './bus.js';
import { parseShow, SHOW_PROPERTIES, USAGE_PROPERTIES } from './parse.js';

/** A job's outcome: undefined when it ran ("done"), else why not (`missing`: the manager has no such unit). */
export type JobFailure = { reason: string; cause?: Error; missing?: boolean } | undefined;

/** `systemctl start`'s exit status for a unit the manager does not know (LSB "not installed"). */
const EXIT_NO_SUCH_UNIT = 5;
/** The manager's error for a unit it does not know. */
const NO_SUCH_UNIT = 'org.freedesktop.systemd1.NoSuchUnit';

export interface Control {
  readonly via: 'bus' | 'systemctl';
  /** `systemctl show -p SHOW_PROPERTIES` of each unit, in order. */
  show(units: readonly string[]): Promise<Record<string, string>[]>;
  /**
   * For listing: the states of units known to exist (their files were found), without having the
   * manager load those it has not loaded (those are inactive). UnitFileState may be left out.
   */
  states(units: readonly string[]): Promise<Record<string, string>[]>;
  /** The units the manager has loaded whose names match a glob (NAME@*.service), with LoadState, ActiveState, SubState. */
  loadedMatching(pattern: string): Promise<Map<string, Record<string, string>>>;
  /** Enable (and reload, as `systemctl enable` does). */
  enable(unit: string): Promise<void>;
  /**
   * Enable, then start; the start job awaited. No reload: a unit new on disk is loaded by the start
   * itself (systemd loads a unit it does not know from its file, and since 246 retries one it had
   * not found once the unit directories changed); the wanting target takes the link in at the next
   * reload or boot, as after `systemctl enable --no-reload`. Where the manager still knows no such
   * unit, one reload and the start again.
   */
  enableNow(unit: string, queued?: boolean): Promise<JobFailure>;
  /** Disable without reloading. */
  disable(unit: string): Promise<void>;
  /** Disable without reloading and stop, the job awaited. */
  disableNow(unit: string): Promise<void>;
  reload(): Promise<void>;
  /** Run a job and await its end (`queued`: only queue it, as `systemctl --no-block`). */
  job(verb: 'start' | 'stop' | 'restart', unit: string, queued?: boolean): Promise<JobFailure>;
  /** Forget a failed state (nothing when there is none). */
  resetFailed(unit: string): Promise<void>;
  /** Calls `onChange` whenever the unit's properties change (no polling); returns the unsubscribe. */
  watch?(unit: string, onChange: () => void): () => void;
}

/** systemctl processes, as before the bus: one per operation. */
export class SystemctlControl implements Control {
  readonly via = 'systemctl' as const;

  constructor(
    private readonly host: Host,
    private readonly user: boolean,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  private run(args: string[], allowFail = false) {
    return this.host.exec('systemctl', [...(this.user ? ['--user'] : []), ...args], { env: this.env, allowFail });
  }

  async show(units: readonly string[]): Promise<Record<string, string>[]> {
    const r = await this.run(['show', '-p', SHOW_PROPERTIES.join(','), ...units]);
    // One block per unit, in order.
    const blocks = r.stdout.split(/\n\n+/).filter((b) => b.trim() !== '');
    return units.map((_, i) => parseShow(blocks[i] ?? ''));
  }

  states(units: readonly string[]): Promise<Record<string, string>[]> {
    return this.show(units);
  }

  async loadedMatching(pattern: string): Promise<Map<string, Record<string, string>>> {
    const r = await this.run(['list-units', '--all', '--plain', '--no-legend', '--full', pattern]);
    const out = new Map<string, Record<string, string>>();
    for (const line of r.stdout.split('\n')) {
      // UNIT LOAD ACTIVE SUB DESCRIPTION (a failed unit may be marked with a leading bullet).
      const [name, LoadState, ActiveState, SubState] = line.replace(/^\W+/, '').trim().split(/\s+/);
      if (name && LoadState && ActiveState && SubState) out.set(name, { LoadState, ActiveState, SubState });
    }
    return out;
  }

  async enable(unit: string): Promise<void> {
    await this.run(['enable', unit]);
  }

  async enableNow(unit: string, queued = false): Promise<JobFailure> {
    await this.run(['enable', '--no-reload', unit]);
    return startLoading(this, unit, queued);
  }

  async disable(unit: string): Promise<void> {
    await this.run(['disable', '--no-reload', unit]);
  }

  async disableNow(unit: string): Promise<void> {
    await this.run(['disable', '--now', '--no-reload', unit]);
  }

  async reload(): Promise<void> {
    await this.run(['daemon-reload']);
  }

  job(verb: 'start' | 'stop' | 'restart', unit: string, queued = false): Promise<JobFailure> {
    return this.jobResult([verb, ...(queued ? ['--no-block'] : []), unit]);
  }

  private async jobResult(args: string[]): Promise<JobFailure> {
    const r = await this.run(args, true);
    if (r.code === 0) return undefined;
    const failure = { reason: `systemctl ${args.join(' ')} exited ${r.code}`, cause: new CommandFailedError('systemctl', args, r.code, r.stderr) };
    return r.code === EXIT_NO_SUCH_UNIT ? { ...failure, missing: true } : failure;
  }

  async resetFailed(unit: string): Promise<void> {
    await this.run(['reset-failed', unit], true);
  }
}

/** Start a unit just enabled (see Control.enableNow): a manager that does not know it yet reloads once. */
async function startLoading(ctl: Control, unit: string, queued = false): Promise<JobFailure> {
  const failed = await ctl.job('start', unit, queued);
  if (!failed?.missing) return failed;
  await ctl.reload();
  return ctl.job('start', unit, queued);
}

const JOB_METHOD = { start: 'StartUnit', stop: 'StopUnit', restart: 'RestartUnit' } as const;
/** States in which a unit has a main process. */
const running = (p: Record<string, string>) => ['active', 'reloading', 'deactivating'].includes(p['ActiveState'] ?? '');
/** GetUnitFileState's answers for a name with no unit file. */
const NO_FILE = ['org.freedesktop.DBus.Error.FileNotFound', NO_SUCH_UNIT];

/** A bus error as the error a failing systemctl would have given. */
function asCommandError(e: unknown, what: string): unknown {
  return e instanceof BusError ? new CommandFailedError('systemd (D-Bus)', [what], 1, e.message, { cause: e }) : e;
}

/** A job the manager would not queue, as a failure (`missing`: it has no such unit). */
function refused(e: unknown, verb: 'start' | 'stop' | 'restart', unit: string): JobFailure {
  const missing = e instanceof BusError && e.busName === NO_SUCH_UNIT;
  return { reason: `${JOB_METHOD[verb]} ${unit} failed: ${e instanceof Error ? e.message : String(e)}`, cause: asCommandError(e, JOB_METHOD[verb]) as Error, ...(missing ? { missing } : {}) };
}

/** The manager's own D-Bus API on its private socket. */
export class BusControl implements Control {
  readonly via = 'bus' as const;

  constructor(private readonly bus: Bus) {}

  async show(units: readonly string[]): Promise<Record<string, string>[]> {
    return units.map((u) => this.properties(u));
  }

  async loadedMatching(pattern: string): Promise<Map<string, Record<string, string>>> {
    return this.loaded([pattern]);
  }

  /** The loaded units among `units` (ListUnitsByPatterns loads none), with their states. */
  private loaded(units: readonly string[]): Map<string, Record<string, string>> {
    try {
      return this.bus.callNow('ListUnitsByPatterns', [{ as: [] }, { as: units }], (r) => {
        const out = new Map<string, Record<string, string>>();
        r.enter('a', '(ssssssouso)');
        while (r.enter('r', 'ssssssouso')) {
          const [name, , LoadState, ActiveState, SubState] = [r.string(), r.string(), r.string(), r.string(), r.string()];
          r.skip('souso');
          r.exit();
          out.set(name, { LoadState, ActiveState, SubState });
        }
        r.exit();
        return out;
      });
    } catch (e) {
      throw asCommandError(e, 'ListUnitsByPatterns');
    }
  }

  /**
   * For listing, in one call: the units the manager has loaded, with their states (asking for each
   * by name would have it load every unit from disk, ~0.1 ms a unit); the others, whose files were
   * found, are inactive. Then MainPID of those that run.
   */
  async states(units: readonly string[]): Promise<Record<string, string>[]> {
    const loaded = this.loaded(units);
    return units.map((u) => {
      const p = loaded.get(u) ?? { LoadState: 'loaded', ActiveState: 'inactive', SubState: 'dead' };
      if (running(p)) {
        p['MainPID'] = String(this.read(() => this.bus.getU32(unitPath(u), SERVICE_IFACE, 'MainPID'), u));
        this.readUsage(u, p);
      }
      return p;
    });
  }

  private read<T>(fn: () => T, unit: string): T {
    try {
      return fn();
    } catch (e) {
      throw asCommandError(e, `show ${unit}`);
    }
  }

  /**
   * The properties `systemctl show` gives. A loaded unit: read one by one (each well under a
   * millisecond). One the manager has not loaded (inactive, or none at all): its unit file's state
   * (GetUnitFileState; no file: not-found), without making the manager load it.
   */
  private properties(unit: string): Record<string, string> {
    const p = this.loaded([unit]).get(unit);
    if (p === undefined) {
      const file = this.unitFileState(unit);
      const idle = { ActiveState: 'inactive', SubState: 'dead' };
      return file === undefined ? { LoadState: 'not-found', ...idle } : { LoadState: 'loaded', ...idle, UnitFileState: file, MainPID: '0', NRestarts: '0' };
    }
    const path = unitPath(unit);
    return this.read(() => {
      for (const k of ['UnitFileState', 'FragmentPath'] as const) p[k] = this.bus.getString(path, UNIT_IFACE, k);
      if (p['LoadState'] === 'not-found') return p;
      p['Result'] = this.bus.getString(path, SERVICE_IFACE, 'Result');
      p['MainPID'] = String(this.bus.getU32(path, SERVICE_IFACE, 'MainPID'));
      p['NRestarts'] = String(this.bus.getU32(path, SERVICE_IFACE, 'NRestarts'));
      p['ExecMainCode'] = String(this.bus.getI32(path, SERVICE_IFACE, 'ExecMainCode'));
      p['ExecMainStatus'] = String(this.bus.getI32(path, SERVICE_IFACE, 'ExecMainStatus'));
      if (running(p)) this.readUsage(unit, p);
      return p;
    }, unit);
  }

  /** MemoryCurrent, CPUUsageNSec, ExecMainStartTimestampMonotonic (all uint64) into p. */
  private readUsage(unit: string, p: Record<string, string>): void {
    this.read(() => {
      for (const k of USAGE_PROPERTIES) p[k] = this.bus.getU64(unitPath(unit), SERVICE_IFACE, k);
    }, unit);
  }

  /** GetUnitFileState: "enabled", "disabled", "static", "masked", …; undefined when there is no unit file. */
  private unitFileState(unit: string): string | undefined {
    try {
      return this.bus.callNow('GetUnitFileState', [{ s: unit }], (r) => r.string());
    } catch (e) {
      if (e instanceof BusError && NO_FILE.includes(e.busName)) return undefined;
      throw asCommandError(e, `show ${unit}`);
    }
  }

  private async callManager<T>(member: string, args: readonly Arg[], read: (r: Reply) => T = () => undefined as T): Promise<T> {
    try {
      return await this.bus.call(member, args, read);
    } catch (e) {
      throw asCommandError(e, member);
    }
  }

  async enable(unit: string): Promise<void> {
    // EnableUnitFiles(as files, b runtime, b force); systemctl enable then reloads.
    await this.callManager('EnableUnitFiles', [{ as: [unit] }, { b: false }, { b: false }]);
    await this.reload();
  }

  async enableNow(unit: string, queued = false): Promise<JobFailure> {
    await this.callManager('EnableUnitFiles', [{ as: [unit] }, { b: false }, { b: false }]);
    return startLoading(this, unit, queued);
  }

  async disable(unit: string): Promise<void> {
    await this.callManager('DisableUnitFiles', [{ as: [unit] }, { b: false }]);
  }

  async disableNow(unit: string): Promise<void> {
    await this.disable(unit);
    const failed = await this.job('stop', unit);
    if (failed) throw failed.cause ?? new CommandFailedError('systemd (D-Bus)', [`StopUnit ${unit}`], 1, failed.reason);
  }

  async reload(): Promise<void> {
    await this.callManager('Reload', []);
  }

  /** Start/stop/restart, awaiting the job's JobRemoved signal (subscribed before the call: no race). */
  async job(verb: 'start' | 'stop' | 'restart', unit: string, queued = false): Promise<JobFailure> {
    if (queued) return this.queue(verb, unit);
    const ended = new Map<string, string>();
    let waiting: { job: string; resolve: (result: string) => void } | undefined;
    const off = this.bus.onSignal(MANAGER_PATH, MANAGER_IFACE, 'JobRemoved', (s) => {
      s.u32();
      const job = s.string('o');
      s.string();
      const result = s.string();
      if (waiting?.job === job) waiting.resolve(result);
      else ended.set(job, result);
    });
    const release = this.bus.hold();
    try {
      let job: string;
      try {
        job = await this.bus.call(JOB_METHOD[verb], [{ s: unit }, { s: 'replace' }], (r) => r.string('o'));
      } catch (e) {
        return refused(e, verb, unit);
      }
      const result = ended.get(job) ?? (await new Promise<string>((resolve) => (waiting = { job, resolve })));
      return result === 'done' ? undefined : { reason: `the ${verb} job of ${unit} ended "${result}"` };
    } finally {
      off();
      release();
    }
  }

  /** The job asked for, not awaited. */
  private async queue(verb: 'start' | 'stop' | 'restart', unit: string): Promise<JobFailure> {
    try {
      await this.bus.call(JOB_METHOD[verb], [{ s: unit }, { s: 'replace' }], (r) => r.string('o'));
      return undefined;
    } catch (e) {
      return refused(e, verb, unit);
    }
  }

  async resetFailed(unit: string): Promise<void> {
    try {
      await this.bus.call('ResetFailedUnit', [{ s: unit }], () => undefined);
    } catch {
      /* as `systemctl reset-failed` with allowFail: nothing to reset is fine */
    }
  }

  watch(unit: string, onChange: () => void): () => void {
    const release = this.bus.hold();
    const off = this.bus.onSignal(unitPath(unit), PROPERTIES_IFACE, 'PropertiesChanged', () => onChange());
    return () => {
      off();
      release();
    };
  }
}
