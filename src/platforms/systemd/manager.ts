/** systemd control: systemctl / journalctl calls on the install pipeline, status, logs. No text formatting here. */
import path from 'node:path';
import type { ResolvedConfig } from '../../config.js';
import { unsupported } from './unsupported.js';
import { AlreadyInstalledError, CommandFailedError, NotInstalledError, StartFailedError } from '../../errors.js';
import { streamLines } from '../../sys/exec.js';
import { realHost, type Host } from '../../sys/host.js';
import type { Step } from '../../sys/rollback.js';
import { FileManager, type ManagerOptions, type StartOptions } from '../install.js';
import { logTail, type LogOptions, type RenderedFile, type StatusDetail } from '../platform.js';
import { logFiles } from '../shared/log-files.js';
import { enabledFromShow, parseShow, pidFromShow, SHOW_PROPERTIES, stateFromShow } from './parse.js';
import { renderFiles, unitName, unitPathFor, type UnitEnv } from './render.js';

export class SystemdManager extends FileManager {
  readonly platform = 'linux-systemd' as const;
  readonly unsupported = unsupported;
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

  protected renderFiles(cfg: ResolvedConfig): RenderedFile[] {
    return renderFiles(cfg, this.unitEnv);
  }

  protected filePaths(cfg: ResolvedConfig): string[] {
    return [unitPathFor(cfg, this.unitEnv)];
  }

  /** systemctl (--user) with the environment a user manager needs. */
  private systemctl(cfg: ResolvedConfig, args: string[], allowFail = false) {
    const scope = cfg.userService ? ['--user'] : [];
    return this.host.exec('systemctl', [...scope, ...args], { env: this.commandEnv(cfg), allowFail });
  }

  private commandEnv(cfg: ResolvedConfig): NodeJS.ProcessEnv {
    if (!cfg.userService) return this.env;
    const euid = this.host.euid();
    return { ...this.env, XDG_RUNTIME_DIR: this.env['XDG_RUNTIME_DIR'] || `/run/user/${euid ?? 0}` };
  }

  private async show(cfg: ResolvedConfig): Promise<Record<string, string>> {
    const r = await this.systemctl(cfg, ['show', '-p', SHOW_PROPERTIES.join(','), unitName(cfg.name)]);
    return parseShow(r.stdout);
  }

  protected override async assertUnknown(cfg: ResolvedConfig): Promise<void> {
    const existing = await this.show(cfg);
    if (existing['LoadState'] !== 'not-found') {
      throw new AlreadyInstalledError(cfg.name, `a unit ${unitName(cfg.name)} already exists at ${existing['FragmentPath'] || 'an unknown path'}`);
    }
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
    return this.filePaths(cfg).map((f) => path.dirname(f));
  }

  protected override logDirectories(cfg: ResolvedConfig): string[] {
    return cfg.logOutput ? [cfg.logDirectory] : [];
  }

  /** daemon-reload costs ~0.35 s: `enable` does the one install needs, and a rollback reloads once, last. */
  protected override async afterRollback(cfg: ResolvedConfig): Promise<void> {
    await this.systemctl(cfg, ['daemon-reload']);
  }

  /**
   * `enable` reloads systemd implicitly; with --now it also starts the unit (one call). Its undo is
   * given up front: the call may half-succeed (enabled, start failed).
   */
  protected async enable(cfg: ResolvedConfig, step: Step, start: StartOptions | undefined): Promise<boolean> {
    const unit = unitName(cfg.name);
    await step(
      start ? 'enable and start unit' : 'enable unit',
      async () => {
        if (start) await this.startAndVerify(cfg, ['enable', '--now'], start);
        else await this.systemctl(cfg, ['enable', unit]);
      },
      async () => {
        if (start) {
          await this.systemctl(cfg, ['stop', unit], true);
          await this.systemctl(cfg, ['reset-failed', unit], true);
        }
        await this.systemctl(cfg, ['disable', '--no-reload', unit]);
      },
    );
    return start !== undefined;
  }

  /** Stop and disable in one call; the one reload follows the removal of the file. */
  protected async deactivate(cfg: ResolvedConfig): Promise<void> {
    await this.systemctl(cfg, ['disable', '--now', '--no-reload', unitName(cfg.name)]);
  }

  /** A failed state is cleared while systemd reloads (systemd keeps failed units listed otherwise); either order leaves nothing. */
  protected override async afterRemove(cfg: ResolvedConfig): Promise<void> {
    await Promise.all([this.systemctl(cfg, ['daemon-reload']), this.systemctl(cfg, ['reset-failed', unitName(cfg.name)], true)]);
  }

  /**
   * Run `systemctl VERB... UNIT` (start, restart, enable --now), then check that the unit came up and
   * stays up through the settle window without being restarted (NRestarts).
   */
  protected async startAndVerify(cfg: ResolvedConfig, verb: 'start' | 'restart' | string[], start?: StartOptions): Promise<void> {
    const args = [...(Array.isArray(verb) ? verb : [verb]), unitName(cfg.name)];
    const r = await this.systemctl(cfg, args, true);
    let last: Record<string, string> = {};
    const failure =
      r.code !== 0
        ? `systemctl ${args.join(' ')} exited ${r.code}`
        : await this.settle(async () => {
            last = await this.show(cfg);
            const n = Number(last['NRestarts']);
            return { state: stateFromShow(last), ...(Number.isInteger(n) ? { restarts: n } : {}) };
          }, start?.settleMs);
    if (failure !== undefined) {
      const tail = await logTail(this.logs(cfg, { lines: 10 }), 10);
      const seen = last['ActiveState'] ? ` (${last['ActiveState']}/${last['SubState'] ?? '?'})` : '';
      throw new StartFailedError(cfg.name, `${failure}${seen}`, tail, {
        cause: r.code !== 0 ? new CommandFailedError('systemctl', args, r.code, r.stderr) : undefined,
      });
    }
  }

  protected async stopService(cfg: ResolvedConfig): Promise<void> {
    await this.systemctl(cfg, ['stop', unitName(cfg.name)]);
  }

  /** One `systemctl show` for all of them (it prints one block per unit, in order). */
  protected override async statuses(cfgs: ResolvedConfig[]): Promise<StatusDetail[]> {
    const [first] = cfgs;
    if (first === undefined) return [];
    const r = await this.systemctl(first, ['show', '-p', SHOW_PROPERTIES.join(','), ...cfgs.map((c) => unitName(c.name))]);
    const blocks = r.stdout.split(/\n\n+/).filter((b) => b.trim() !== '');
    return cfgs.map((c, i) => this.detail(c, parseShow(blocks[i] ?? '')));
  }

  async status(cfg: ResolvedConfig): Promise<StatusDetail> {
    return this.detail(cfg, await this.show(cfg));
  }

  private detail(cfg: ResolvedConfig, p: Record<string, string>): StatusDetail {
    const installed = p['LoadState'] !== 'not-found';
    const pid = pidFromShow(p);
    const enabled = enabledFromShow(p);
    return {
      name: cfg.name,
      platform: this.platform,
      state: installed ? stateFromShow(p) : 'not-installed',
      ...(pid === undefined ? {} : { pid }),
      ...(enabled === undefined ? {} : { enabled }),
      raw: p,
    };
  }

  logs(cfg: ResolvedConfig, opts: LogOptions): AsyncIterable<string> {
    if (cfg.logOutput) {
      const { out, err } = logFiles(cfg);
      return streamLines('tail', ['-n', String(opts.lines ?? 50), ...(opts.follow ? ['-F'] : []), out, err], { env: this.env, check: true });
    }
    // The unit's processes, the manager's messages about the unit, and whatever was logged under the
    // service's identifier (journald can misattribute a brand-new process to its parent's cgroup).
    const unit = unitName(cfg.name);
    const uid = this.host.euid() ?? 0;
    const filter = cfg.userService
      ? [`_SYSTEMD_USER_UNIT=${unit}`, '+', `USER_UNIT=${unit}`, `_UID=${uid}`, '+', `SYSLOG_IDENTIFIER=${cfg.name}`, `_UID=${uid}`]
      : [`_SYSTEMD_UNIT=${unit}`, '+', `UNIT=${unit}`, '_PID=1', '+', `SYSLOG_IDENTIFIER=${cfg.name}`];
    const args = [...filter, '--no-pager', '-o', 'short-iso', '-n', String(opts.lines ?? 50), ...(opts.follow ? ['-f'] : [])];
    return streamLines('journalctl', args, { env: this.env, check: true });
  }
}

function pick(env: NodeJS.ProcessEnv, k: 'HOME' | 'XDG_CONFIG_HOME'): UnitEnv {
  const v = env[k];
  return v === undefined ? {} : { [k]: v };
}
