/** OpenRC control: rc-update add|del NAME default, rc-service NAME start|stop|restart|status. */
import type { ResolvedConfig } from '../../config.js';
import type { ExecResult } from '../../sys/exec.js';
import type { Step } from '../../sys/rollback.js';
import type { RenderedFile, ServiceState } from '../platform.js';
import { initScriptPath } from '../shared/initscript.js';
import { ScriptManager, type ControlVerb } from '../shared/script-manager.js';
import { renderOpenrcFiles } from './render.js';

/** Where OpenRC keeps a service's run-time values (supervise-daemon: child_pid, start_count). */
const OPTIONS_DIR = '/run/openrc/options';
/** OpenRC's list of services that failed (supervise-daemon gave up respawning). */
const FAILED_DIR = '/run/openrc/failed';

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

  protected renderFiles(cfg: ResolvedConfig): RenderedFile[] {
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
    if (verb === 'restart' || verb === 'start') {
      // start or restart of a stopped, failed or crashed service: zap (forget the old state), then start.
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

  /** supervise-daemon counts the program's starts (start_count) in the service's options. */
  protected override async restarts(cfg: ResolvedConfig): Promise<number | undefined> {
    const n = Number((await this.host.readFile(`${OPTIONS_DIR}/${cfg.name}/start_count`).catch(() => '')).trim());
    return Number.isInteger(n) && n > 0 ? n : undefined;
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
    if (cfg.restart === 'no') return super.pidFrom(r, cfg);
    const n = Number((await this.host.readFile(`${OPTIONS_DIR}/${cfg.name}/child_pid`).catch(() => '')).trim());
    return Number.isInteger(n) && n > 0 ? n : undefined;
  }
}
