/** OpenRC control: rc-update add|del NAME default, rc-service NAME start|stop|restart|status. */
import type { ResolvedConfig } from '../../config.js';
import type { ExecResult } from '../../sys/exec.js';
import type { Step } from '../../sys/rollback.js';
import type { RenderedFile, ServiceState } from '../platform.js';
import { initScriptPath } from '../shared/initscript.js';
import { ScriptManager, type ControlVerb } from '../shared/script-manager.js';
import { renderOpenrcFiles } from './render.js';

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
  readonly platform = 'linux-openrc' as const;

  render(cfg: ResolvedConfig): RenderedFile[] {
    return renderOpenrcFiles(cfg);
  }

  protected filePaths(cfg: ResolvedConfig): string[] {
    return [initScriptPath(cfg.name)];
  }

  protected async enable(cfg: ResolvedConfig, step: Step): Promise<boolean> {
    await step('rc-update add', async () => {
      await this.exec('rc-update', ['add', cfg.name, 'default']);
      return async () => void (await this.exec('rc-update', ['del', cfg.name, 'default'], true));
    });
    return false;
  }

  protected async disable(cfg: ResolvedConfig): Promise<void> {
    await this.exec('rc-update', ['del', cfg.name, 'default'], true);
  }

  protected async control(cfg: ResolvedConfig, verb: ControlVerb): Promise<ExecResult> {
    if (verb === 'stop') {
      const r = await this.exec('rc-service', [cfg.name, 'stop'], true);
      // A crashed service cannot be stopped: forget its state (zap) so that it reads as stopped.
      if (r.code !== 0) return this.exec('rc-service', [cfg.name, 'zap'], true);
      return r;
    }
    if (verb === 'restart') {
      // restart of a stopped or crashed service: zap, then start.
      const st = await this.exec('rc-service', [cfg.name, 'status'], true);
      if (st.code !== 0) {
        await this.exec('rc-service', [cfg.name, 'zap'], true);
        return this.exec('rc-service', [cfg.name, 'start'], true);
      }
    }
    return this.exec('rc-service', [cfg.name, verb], true);
  }

  protected stateOf(r: ExecResult): ServiceState {
    return openrcState(r.code);
  }
}
