/** OpenRC control: rc-update add|del NAME default, rc-service NAME start|stop|restart|status. */
import { setTimeout as sleep } from 'node:timers/promises';
import type { ResolvedConfig } from '../../config.js';
import { support } from './honours.js';
import type { ExecResult } from '../../sys/exec.js';
import type { Step } from '../../sys/rollback.js';
import type { PreparedConfig, RenderedFile, ServiceState } from '../platform.js';
import { daemonFiles, initScriptPath, programArgv, stopGraceSec } from '../shared/initscript.js';
import { ScriptManager, type ControlVerb } from '../script-manager.js';
import { renderOpenrcFiles } from './render.js';

/** Where OpenRC keeps a service's run-time values (supervise-daemon: child_pid, start_count). */
const OPTIONS_DIR = '/run/openrc/options';
const ORPHAN_POLL_MS = 100;
/** OpenRC's list of services that failed (supervise-daemon gave up respawning). */
const FAILED_DIR = '/run/openrc/failed';
/** How long a stray supervise-daemon has, after SIGTERM, to stop its program and end (its own stop schedule, and a margin). */
const STRAY_MARGIN_MS = 2000;

/** rc-service status exit codes (openrc-run): 0 started, 3 stopped, 4 stopping, 8 starting, 16 inactive, 32 crashed, 64 unsupervised. */
export function openrcState(code: number): ServiceState {
  switch (code) {
    case 0:
      return 'running';
    case 3:
    case 16:
      return 'stopped';
    case 4:
      return 'stopping';
    case 8:
      return 'starting';
    case 32:
    case 64:
      return 'failed';
    default:
      return 'unknown';
  }
}

export class OpenrcManager extends ScriptManager {
  /** One script in /etc/init.d, named after the service. */
  protected readonly suffix = '';
  readonly platform = 'linux-openrc' as const;
  readonly support = support;

  protected renderFiles(cfg: PreparedConfig): RenderedFile[] {
    return renderOpenrcFiles(cfg);
  }

  protected filePaths(cfg: ResolvedConfig): string[] {
    return [initScriptPath(cfg.name)];
  }

  protected async enable(cfg: ResolvedConfig, step: Step): Promise<boolean> {
    if (!cfg.enabled) return false;
    // Undo given up front, as for SysV's update-rc.d: a killed rc-update may have made its link.
    await step(
      'rc-update add',
      async () => void (await this.exec('rc-update', ['add', cfg.name, 'default'])),
      async () => void (await this.exec('rc-update', ['del', cfg.name, 'default'], true)),
    );
    return false;
  }

  protected async disable(cfg: ResolvedConfig): Promise<void> {
    await this.exec('rc-update', ['del', cfg.name, 'default'], true);
  }

  protected async setBoot(cfg: ResolvedConfig, on: boolean): Promise<void> {
    if (on) await this.exec('rc-update', ['add', cfg.name, 'default']);
    else await this.disable(cfg);
  }

  /** Enabled: in the default runlevel (rc-update's link). */
  protected override async isEnabled(cfg: ResolvedConfig): Promise<boolean> {
    return (await this.host.lstat(`/etc/runlevels/default/${cfg.name}`)) !== undefined;
  }

  protected async control(cfg: ResolvedConfig, verb: ControlVerb, signal?: AbortSignal): Promise<ExecResult> {
    if (verb === 'stop') {
      const r = await this.exec('rc-service', [cfg.name, 'stop'], true);
      // A crashed service cannot be stopped: forget its state (zap) so that it reads as stopped.
      if (r.code !== 0) return this.exec('rc-service', [cfg.name, 'zap'], true);
      return r;
    }
    if (verb === 'restart' || verb === 'start') {
      // start or restart of a stopped, failed or crashed service: zap (forget the old state), then start.
      const st = await this.exec('rc-service', [cfg.name, 'status'], true);
      if (st.code !== 0) {
        await this.exec('rc-service', [cfg.name, 'zap'], true);
        return this.exec('rc-service', [cfg.name, 'start'], true, signal);
      }
    }
    return this.exec('rc-service', [cfg.name, verb], true, signal);
  }

  protected stateOf(r: ExecResult): ServiceState {
    return openrcState(r.code);
  }

  /** The program supervise-daemon started, as it recorded it: its PID and command line (argv joined by NUL). */
  private async child(cfg: ResolvedConfig): Promise<{ pid: number; cmdline: string } | undefined> {
    const dir = `${OPTIONS_DIR}/${cfg.name}`;
    const read = (f: string) => this.host.readFile(`${dir}/${f}`).then((t) => t.trim(), () => undefined);
    const pid = Number(await read('child_pid'));
    const argc = Number(await read('argc'));
    if (!Number.isInteger(pid) || pid <= 0 || !Number.isInteger(argc)) return undefined;
    const argv: string[] = [];
    for (let i = 0; i < argc; i++) argv.push((await read(`argv_${i}`)) ?? '');
    return { pid, cmdline: programArgv(argv).join('\0') };
  }

  /**
   * Stop through OpenRC; then, if the program supervise-daemon had started is still there (its
   * supervisor was killed, so OpenRC could not stop it), end it too: TERM, then KILL after the
   * grace period. It is recognised by its PID and its command line, as recorded at its start.
   */
  protected override async stopService(cfg: ResolvedConfig): Promise<void> {
    const child = await this.child(cfg);
    await super.stopService(cfg);
    await this.endStraySupervisors(cfg);
    if (child === undefined) return;
    const isChild = async () => (await this.host.readFile(`/proc/${child.pid}/cmdline`).catch(() => '')).replace(/\0$/, '') === child.cmdline;
    if (!(await isChild())) return;
    await this.exec('kill', ['-TERM', String(child.pid)], true);
    const end = Date.now() + stopGraceSec(cfg) * 1000;
    while ((await isChild()) && Date.now() < end) await sleep(ORPHAN_POLL_MS);
    if (await isChild()) await this.exec('kill', ['-KILL', String(child.pid)], true);
  }

  /**
   * A supervise-daemon of this service that OpenRC no longer knows: a start interrupted after the
   * supervisor forked into its own session (seen: SIGTERM 0.8–1 s into `install --start`; OpenRC's
   * stop, run while the start was under way, found nothing to stop) keeps respawning the program
   * after the script is gone. Recognised by root's ownership and the command line the script
   * gives it (this service's name and PID file); sent SIGTERM, on which it stops its program by its
   * own schedule, and killed with its program if it has not ended by then.
   */
  private async endStraySupervisors(cfg: ResolvedConfig): Promise<void> {
    const prefix = `${['supervise-daemon', cfg.name, '--start', '--pidfile', daemonFiles(cfg).pidFile].join('\0')}\0`;
    const strays = await this.processesWhere((cmdline) => cmdline.startsWith(prefix));
    if (strays.length === 0) return;
    for (const pid of strays) await this.exec('kill', ['-TERM', String(pid)], true);
    // Only the PIDs found are looked at again (not all of /proc at each turn), each still by its command line.
    const isStray = async (pid: number) => (await this.host.readFile(`/proc/${pid}/cmdline`).catch(() => '')).startsWith(prefix);
    const alive = async () => (await Promise.all(strays.map(async (pid) => ((await isStray(pid)) ? [pid] : [])))).flat();
    const end = Date.now() + stopGraceSec(cfg) * 1000 + STRAY_MARGIN_MS;
    while ((await alive()).length && Date.now() < end) await sleep(ORPHAN_POLL_MS);
    const left = await alive();
    if (left.length === 0) return;
    const programs = await this.processesWhere((_cmdline, ppid) => left.includes(ppid), false);
    for (const pid of [...left, ...programs]) await this.exec('kill', ['-KILL', String(pid)], true);
  }

  /** Processes (their PIDs) whose command line (argv joined by NUL) and parent match; root's alone unless `rootOnly` is false. */
  private async processesWhere(match: (cmdline: string, ppid: number) => boolean, rootOnly = true): Promise<number[]> {
    const pids: number[] = [];
    for (const entry of await this.host.readdir('/proc').catch(() => [] as string[])) {
      if (!/^\d+$/.test(entry)) continue;
      const [cmdline, status] = await Promise.all([`/proc/${entry}/cmdline`, `/proc/${entry}/status`].map((f) => this.host.readFile(f).catch(() => '')));
      const ppid = Number(/^PPid:\s+(\d+)/m.exec(status ?? '')?.[1]);
      if (rootOnly && !/^Uid:\s+0\s/m.test(status ?? '')) continue;
      if (match(cmdline ?? '', ppid)) pids.push(Number(entry));
    }
    return pids;
  }

  /** supervise-daemon counts the program's respawns (start_count, from 0) in the service's options. */
  protected override async restarts(cfg: ResolvedConfig): Promise<number | undefined> {
    const text = (await this.host.readFile(`${OPTIONS_DIR}/${cfg.name}/start_count`).catch(() => '')).trim();
    const n = Number(text);
    return text !== '' && Number.isInteger(n) && n >= 0 ? n : undefined;
  }

  /**
   * A supervise-daemon launched by the start (from stopped) or the restart counts from 0 (seen on
   * OpenRC 0.45: start_count is 0 after each launch, 1 after the first respawn); a start of a running
   * service launches none and keeps its count. Known before the command, a respawn that comes before
   * the first reading (a loaded machine, a program dying at once) is still seen.
   */
  protected override async restartBaseline(cfg: ResolvedConfig, verb: 'start' | 'restart'): Promise<number | undefined> {
    if (cfg.restart === 'no') return undefined; // start-stop-daemon: no supervisor, no count
    if (verb === 'restart') return 0;
    return (await this.restarts(cfg)) ?? 0;
  }

  /** After supervise-daemon gave up respawning, OpenRC reports "stopped" and lists the service as failed. */
  protected override async refine(cfg: ResolvedConfig, state: ServiceState): Promise<ServiceState> {
    return state === 'stopped' && (await this.host.exists(`${FAILED_DIR}/${cfg.name}`)) ? 'failed' : state;
  }

  /**
   * The program's PID: supervise-daemon's PID file holds its own, the program's is its child_pid
   * (a signal sent to the supervisor's PID would not reach the program).
   */
  protected override async pidFrom(r: ExecResult, cfg: ResolvedConfig): Promise<number | undefined> {
    return (await this.child(cfg))?.pid ?? super.pidFrom(r, cfg);
  }
}
