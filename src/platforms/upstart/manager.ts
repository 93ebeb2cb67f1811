/**
 * Upstart control: initctl start|stop|restart|status NAME, initctl reload-configuration.
 * Decisions are taken from `initctl status`, never from initctl's error messages.
 */
import type { ResolvedConfig } from '../../config.js';
import { support } from './honours.js';
import { UnsupportedError } from '../../errors.js';
import type { ExecResult } from '../../sys/exec.js';
import type { PreparedConfig, RenderedFile, ServiceState } from '../platform.js';
import { ScriptManager, type ControlVerb } from '../script-manager.js';
import { parseInitctlStatus } from './parse.js';
import { jobPath, renderUpstartFiles } from './render.js';

const OK: ExecResult = { code: 0, stdout: '', stderr: '' };

export class UpstartManager extends ScriptManager {
  readonly platform = 'linux-upstart' as const;
  readonly support = support;
  protected readonly suffix = '.conf';

  protected renderFiles(cfg: PreparedConfig): RenderedFile[] {
    return renderUpstartFiles(cfg);
  }

  protected filePaths(cfg: ResolvedConfig): string[] {
    return [jobPath(cfg.name)];
  }

  protected override async reload(): Promise<void> {
    await this.exec('initctl', ['reload-configuration']);
  }

  /** The job starts at boot by its "start on" stanza: nothing to enable. */
  protected async enable(): Promise<boolean> {
    return false;
  }

  protected async disable(): Promise<void> {}

  protected async setBoot(): Promise<void> {
    throw new UnsupportedError('enabling or disabling is not supported on linux-upstart: its jobs start by their "start on" stanza');
  }

  protected async control(cfg: ResolvedConfig, verb: ControlVerb, signal?: AbortSignal): Promise<ExecResult> {
    if (verb === 'status') return this.exec('initctl', ['status', cfg.name], true);
    const now = parseInitctlStatus((await this.exec('initctl', ['status', cfg.name], true)).stdout).state;
    const running = now === 'running' || now === 'starting';
    switch (verb) {
      case 'start':
        return running ? OK : this.exec('initctl', ['start', cfg.name], true, signal);
      case 'stop':
        return now === 'stopped' ? OK : this.exec('initctl', ['stop', cfg.name], true);
      case 'restart':
        return this.exec('initctl', [running ? 'restart' : 'start', cfg.name], true, signal);
    }
  }

  protected stateOf(r: ExecResult): ServiceState {
    return r.code === 0 ? parseInitctlStatus(r.stdout).state : 'unknown';
  }

  protected override pidFrom(r: ExecResult, _cfg: ResolvedConfig): Promise<number | undefined> {
    return Promise.resolve(parseInitctlStatus(r.stdout).pid);
  }
}
