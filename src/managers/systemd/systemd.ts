/** systemd control: systemctl / journalctl calls, install with rollback, status. No text formatting here. */
import path from 'node:path';
import type { ResolvedConfig } from '../../config.js';
import {
  AlreadyInstalledError,
  CommandFailedError,
  InvalidConfigError,
  NotInstalledError,
  PermissionError,
  StartFailedError,
} from '../../errors.js';
import type { Host } from '../../sys/host.js';
import { streamLines } from '../../sys/exec.js';
import { withRollback } from '../../sys/rollback.js';
import { checkExecutable, lookupUser } from '../../sys/users.js';
import { logTail, type InstallOptions, type LogOptions, type RenderedFile, type ServiceManager, type StatusDetail } from '../manager.js';
import { enabledFromShow, parseShow, pidFromShow, SHOW_PROPERTIES, stateFromShow } from './parse.js';
import { logFiles, renderFiles, unitName, unitPathFor } from './render.js';

export class SystemdManager implements ServiceManager {
  readonly platform = 'linux-systemd' as const;
  constructor(
    private readonly host: Host,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  render(cfg: ResolvedConfig): RenderedFile[] {
    return renderFiles(cfg, { ...pick(this.env, 'HOME'), ...pick(this.env, 'XDG_CONFIG_HOME') });
  }

  private unitFile(cfg: ResolvedConfig): string {
    return unitPathFor(cfg, { ...pick(this.env, 'HOME'), ...pick(this.env, 'XDG_CONFIG_HOME') });
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

  private requireRoot(cfg: ResolvedConfig, what: string): void {
    if (cfg.userService) return;
    const euid = this.host.euid();
    if (euid !== undefined && euid !== 0) {
      throw new PermissionError(`${what} a system service needs root (run with sudo, or use a user service with --user)`);
    }
  }

  private async show(cfg: ResolvedConfig): Promise<Record<string, string>> {
    const r = await this.systemctl(cfg, ['show', '-p', SHOW_PROPERTIES.join(','), unitName(cfg.name)]);
    return parseShow(r.stdout);
  }

  private async assertInstalled(cfg: ResolvedConfig): Promise<void> {
    if (!(await this.host.exists(this.unitFile(cfg)))) throw new NotInstalledError(cfg.name);
  }

  async install(cfg: ResolvedConfig, opts: InstallOptions = {}): Promise<void> {
    // 1. Everything that can be checked is checked before anything is written.
    const [file] = this.render(cfg);
    if (!file) throw new InvalidConfigError('name', 'nothing to install');
    this.requireRoot(cfg, 'installing');
    await checkExecutable(this.host, cfg.executable);
    if (!(await this.host.exists(cfg.workingDirectory))) {
      throw new InvalidConfigError('workingDirectory', `${cfg.workingDirectory} does not exist`);
    }
    if (cfg.userName !== undefined) await lookupUser(this.host, cfg.userName);
    if (await this.host.exists(file.path)) throw new AlreadyInstalledError(cfg.name, file.path);
    const existing = await this.show(cfg);
    if (existing['LoadState'] !== 'not-found') {
      throw new AlreadyInstalledError(cfg.name, `a unit ${unitName(cfg.name)} already exists at ${existing['FragmentPath'] || 'an unknown path'}`);
    }

    // 2. Each step registers its undo; a failure undoes the steps done so far, newest first.
    await withRollback(async (step) => {
      await step('create unit directory', async () => {
        const created = await this.host.mkdirp(path.dirname(file.path), 0o755);
        return async () => {
          for (const d of created.reverse()) await this.host.remove(d).catch(() => undefined);
        };
      });
      if (cfg.logOutput) {
        await step('create log directory', async () => {
          await this.host.mkdirp(cfg.logDirectory, 0o755);
          return undefined; // a log directory is left in place: it may hold other logs
        });
      }
      // daemon-reload costs ~0.35 s: `enable` does the one install needs (it reloads implicitly),
      // and a rollback reloads once, last, after the file is gone.
      await step('reload after rollback', async () => async () => {
        await this.systemctl(cfg, ['daemon-reload']);
      });
      await step('write unit file', async () => {
        await this.host.writeFileAtomic(file.path, file.content, { mode: file.mode });
        return () => this.host.remove(file.path);
      });
      // `enable` reloads systemd implicitly; with --now it also starts the unit (one call). Its undo
      // is given up front: the call may half-succeed (enabled, start failed).
      const unit = unitName(cfg.name);
      await step(
        opts.start ? 'enable and start unit' : 'enable unit',
        async () => {
          if (opts.start) await this.startAndVerify(cfg, ['enable', '--now']);
          else await this.systemctl(cfg, ['enable', unit]);
        },
        async () => {
          if (opts.start) {
            await this.systemctl(cfg, ['stop', unit], true);
            await this.systemctl(cfg, ['reset-failed', unit], true);
          }
          await this.systemctl(cfg, ['disable', '--no-reload', unit]);
        },
      );
    });
  }

  async uninstall(cfg: ResolvedConfig): Promise<void> {
    this.requireRoot(cfg, 'uninstalling');
    await this.assertInstalled(cfg);
    const unit = unitName(cfg.name);
    // Stop and disable in one call; one reload, after the file is gone. A failed state is cleared
    // meanwhile (systemd keeps failed units listed otherwise); before or after the reload, either
    // order leaves nothing behind.
    await this.systemctl(cfg, ['disable', '--now', '--no-reload', unit]);
    await Promise.all([
      this.host.remove(this.unitFile(cfg)).then(() => this.systemctl(cfg, ['daemon-reload'])),
      this.systemctl(cfg, ['reset-failed', unit], true),
    ]);
  }

  async start(cfg: ResolvedConfig): Promise<void> {
    this.requireRoot(cfg, 'starting');
    await this.assertInstalled(cfg);
    await this.startAndVerify(cfg);
  }

  /** Run `systemctl VERB... UNIT` (start, restart, enable --now) and check the unit came up. */
  private async startAndVerify(cfg: ResolvedConfig, verb: string[] = ['start']): Promise<void> {
    const r = await this.systemctl(cfg, [...verb, unitName(cfg.name)], true);
    const p = await this.show(cfg);
    const state = stateFromShow(p);
    if (r.code !== 0 || (state !== 'running' && state !== 'starting')) {
      const tail = await logTail(this.logs(cfg, { lines: 10 }), 10);
      throw new StartFailedError(cfg.name, `${p['ActiveState'] ?? '?'}/${p['SubState'] ?? '?'}`, tail, {
        cause: r.code !== 0 ? new CommandFailedError('systemctl', [...verb, unitName(cfg.name)], r.code, r.stderr) : undefined,
      });
    }
  }

  async stop(cfg: ResolvedConfig): Promise<void> {
    this.requireRoot(cfg, 'stopping');
    await this.assertInstalled(cfg);
    await this.systemctl(cfg, ['stop', unitName(cfg.name)]);
  }

  async restart(cfg: ResolvedConfig): Promise<void> {
    this.requireRoot(cfg, 'restarting');
    await this.assertInstalled(cfg);
    await this.startAndVerify(cfg, ['restart']);
  }

  async status(cfg: ResolvedConfig): Promise<StatusDetail> {
    const p = await this.show(cfg);
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
    const filter = cfg.userService
      ? [`_SYSTEMD_USER_UNIT=${unit}`, '+', `USER_UNIT=${unit}`, `_UID=${this.host.euid() ?? 0}`, '+', `SYSLOG_IDENTIFIER=${cfg.name}`, `_UID=${this.host.euid() ?? 0}`]
      : [`_SYSTEMD_UNIT=${unit}`, '+', `UNIT=${unit}`, '_PID=1', '+', `SYSLOG_IDENTIFIER=${cfg.name}`];
    const args = [...filter, '--no-pager', '-o', 'short-iso', '-n', String(opts.lines ?? 50), ...(opts.follow ? ['-f'] : [])];
    return streamLines('journalctl', args, { env: this.env, check: true });
  }
}

function pick(env: NodeJS.ProcessEnv, k: 'HOME' | 'XDG_CONFIG_HOME'): { HOME?: string; XDG_CONFIG_HOME?: string } {
  const v = env[k];
  return v === undefined ? {} : { [k]: v };
}

