/** SysV init control: the LSB script run directly (clean environment), update-rc.d or rc links by hand. */
import type { ResolvedConfig } from '../../config.js';
import type { ExecResult } from '../../sys/exec.js';
import type { RenderedFile, ServiceState } from '../manager.js';
import { ScriptManager, type ControlVerb } from '../script-manager.js';
import { renderSysvFiles, scriptPath } from './render.js';

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
  readonly platform = 'unix-systemv' as const;

  render(cfg: ResolvedConfig): RenderedFile[] {
    return renderSysvFiles(cfg);
  }

  protected async enable(cfg: ResolvedConfig) {
    if (await this.host.exists(UPDATE_RC_D)) {
      await this.exec(UPDATE_RC_D, [cfg.name, 'defaults']);
      return async () => {
        await this.exec(UPDATE_RC_D, ['-f', cfg.name, 'remove']);
      };
    }
    const made: string[] = [];
    const undo = async () => {
      for (const l of made) await this.host.remove(l);
    };
    try {
      for (const { link, target } of rcLinks(cfg.name)) {
        await this.exec('ln', ['-s', target, link]);
        made.push(link);
      }
    } catch (e) {
      await undo();
      throw e;
    }
    return undo;
  }

  protected async disable(cfg: ResolvedConfig): Promise<void> {
    if (await this.host.exists(UPDATE_RC_D)) {
      await this.exec(UPDATE_RC_D, ['-f', cfg.name, 'remove']);
      return;
    }
    for (const { link } of rcLinks(cfg.name)) await this.host.remove(link);
  }

  protected control(cfg: ResolvedConfig, verb: ControlVerb): Promise<ExecResult> {
    return this.exec(scriptPath(cfg.name), [verb], true);
  }

  protected stateOf(r: ExecResult): ServiceState {
    return sysvState(r.code);
  }
}
