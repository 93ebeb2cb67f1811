/** SysV init control: the LSB script run directly (clean environment), update-rc.d or rc links by hand. */
import type { ResolvedConfig } from '../../config.js';
import { support } from './honours.js';
import type { ExecResult } from '../../sys/exec.js';
import type { Step } from '../../sys/rollback.js';
import type { PreparedConfig, RenderedFile, ServiceState } from '../platform.js';
import { initScriptPath } from '../shared/initscript.js';
import { ScriptManager, type ControlVerb } from '../script-manager.js';
import { renderSysvFiles } from './render.js';

const UPDATE_RC_D = '/usr/sbin/update-rc.d';
const START_LEVELS = ['2', '3', '4', '5'];
const STOP_LEVELS = ['0', '1', '6'];

/** rc links made by hand where update-rc.d is missing. */
export function rcLinks(name: string): Array<{ link: string; target: string }> {
  return [
    ...START_LEVELS.map((l) => ({ link: `/etc/rc${l}.d/S20${name}`, target: `../init.d/${name}` })),
    ...STOP_LEVELS.map((l) => ({ link: `/etc/rc${l}.d/K20${name}`, target: `../init.d/${name}` })),
  ];
}

/** LSB status exit codes: 0 running, 1/2 dead with a PID/lock file left, 3 not running, 4 unknown. */
export function sysvState(code: number): ServiceState {
  switch (code) {
    case 0:
      return 'running';
    case 1:
    case 2:
      return 'failed';
    case 3:
      return 'stopped';
    default:
      return 'unknown';
  }
}

export class SysvManager extends ScriptManager {
  /** One script in /etc/init.d, named after the service. */
  protected readonly suffix = '';
  readonly platform = 'unix-systemv' as const;
  readonly support = support;

  protected renderFiles(cfg: PreparedConfig): RenderedFile[] {
    return renderSysvFiles(cfg);
  }

  protected filePaths(cfg: ResolvedConfig): string[] {
    return [initScriptPath(cfg.name)];
  }

  protected async enable(cfg: ResolvedConfig, step: Step): Promise<boolean> {
    if (!cfg.enabled) return false;
    if (await this.host.exists(UPDATE_RC_D)) {
      // Its undo is given up front: update-rc.d killed half-way (a signal to the process group) leaves links.
      await step(
        'update-rc.d defaults',
        async () => void (await this.exec(UPDATE_RC_D, [cfg.name, 'defaults'])),
        async () => void (await this.exec(UPDATE_RC_D, ['-f', cfg.name, 'remove'], true)),
      );
      return false;
    }
    // No update-rc.d: the rc links by hand, each one its own step (a link that was there is not ours to remove).
    for (const { link, target } of rcLinks(cfg.name)) {
      await step(`link ${link}`, async () => {
        await this.exec('ln', ['-s', target, link]);
        return () => this.host.remove(link);
      });
    }
    return false;
  }

  protected async setBoot(cfg: ResolvedConfig, on: boolean): Promise<void> {
    if (!on) return this.disable(cfg);
    if (await this.host.exists(UPDATE_RC_D)) {
      await this.exec(UPDATE_RC_D, [cfg.name, 'defaults']);
      return;
    }
    for (const { link, target } of rcLinks(cfg.name)) if ((await this.host.lstat(link)) === undefined) await this.exec('ln', ['-s', target, link]);
  }

  /** Enabled: a start link in runlevel 2 (update-rc.d's or ours). */
  protected override async isEnabled(cfg: ResolvedConfig): Promise<boolean> {
    return (await this.host.readdir('/etc/rc2.d')).some((f) => new RegExp(`^S\\d\\d${cfg.name.replace(/[.]/g, '\\.')}$`).test(f));
  }

  protected async disable(cfg: ResolvedConfig): Promise<void> {
    if (await this.host.exists(UPDATE_RC_D)) {
      await this.exec(UPDATE_RC_D, ['-f', cfg.name, 'remove']);
      return;
    }
    for (const { link } of rcLinks(cfg.name)) await this.host.remove(link);
  }

  protected control(cfg: ResolvedConfig, verb: ControlVerb, signal?: AbortSignal): Promise<ExecResult> {
    return this.exec(initScriptPath(cfg.name), [verb], true, signal);
  }

  protected stateOf(r: ExecResult): ServiceState {
    return sysvState(r.code);
  }
}
