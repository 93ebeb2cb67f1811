/**
 * What the script-based managers (SysV, OpenRC, Upstart) share on top of the install pipeline:
 * control through one command, status from its exit code, logs from the log file and syslog. Each
 * manager supplies its files, its enable/disable commands, its control command and its status mapping.
 */
import { procUsage } from './shared/proc-usage.js';
import type { ResolvedConfig } from '../config.js';
import { CommandFailedError, StartFailedError } from '../errors.js';
import { streamLines, type ExecResult } from '../sys/exec.js';
import { FileManager, type StartOptions } from './install.js';
import { logTail, type LogOptions, type ServiceState, type StatusDetail } from './platform.js';
import { daemonFiles } from './shared/initscript.js';
import { SYSTEM_LOGROTATE, type LogOutput } from './shared/log-output.js';

export type ControlVerb = 'start' | 'stop' | 'restart' | 'status';

/** The environment control commands run with: nothing of the caller's leaks into the service. */
export const CLEAN_ENV: NodeJS.ProcessEnv = { PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', LANG: 'C' };

export abstract class ScriptManager extends FileManager {
  readonly scopes = ['system'] as const;

  protected abstract disable(cfg: ResolvedConfig): Promise<void>;
  /** Run the script's (or the manager's) verb; `signal` ends a start that is still waiting. */
  protected abstract control(cfg: ResolvedConfig, verb: ControlVerb, signal?: AbortSignal): Promise<ExecResult>;
  /** Map the status command's result to a state. */
  protected abstract stateOf(r: ExecResult): ServiceState;

  /** The output appended to LOGDIR/NAME.log (no journal), rotated by the system's logrotate; the script makes the directory at each start too, install checks (or makes) it first. */
  protected readonly logOutput: LogOutput = { files: (cfg) => [daemonFiles(cfg).logFile], directories: (cfg) => [cfg.logDirectory], rotation: SYSTEM_LOGROTATE };

  protected exec(cmd: string, args: string[], allowFail = false, signal?: AbortSignal): Promise<ExecResult> {
    return this.host.exec(cmd, args, { env: CLEAN_ENV, allowFail, ...(signal ? { signal } : {}) });
  }

  protected async deactivate(cfg: ResolvedConfig): Promise<void> {
    const st = await this.status(cfg);
    if (st.state !== 'stopped') await this.stopService(cfg);
    await this.disable(cfg);
  }

  protected async stopService(cfg: ResolvedConfig): Promise<void> {
    const r = await this.control(cfg, 'stop');
    if (r.code !== 0) throw new CommandFailedError(this.platform, ['stop', cfg.name], r.code, r.stderr || r.stdout);
  }

  /** How often the manager has started the program, where it tells (OpenRC's supervise-daemon). */
  protected async restarts(_cfg: ResolvedConfig): Promise<number | undefined> {
    return undefined;
  }

  /** The restart count a start or restart begins from, read before it (undefined: the first reading after it). */
  protected async restartBaseline(_cfg: ResolvedConfig, _verb: 'start' | 'restart'): Promise<number | undefined> {
    return undefined;
  }

  /** Start (or restart), then watch it through the settle window: a program that dies (or is respawned) is a failed start. */
  protected async startAndVerify(cfg: ResolvedConfig, verb: 'start' | 'restart', start?: StartOptions): Promise<void> {
    const baseline = await this.restartBaseline(cfg, verb);
    const r = await this.control(cfg, verb, start?.signal);
    const failure =
      r.code !== 0
        ? `${verb} exited ${r.code}`
        : await this.settle(async () => {
            const restarts = await this.restarts(cfg);
            const { state, pid } = await this.status(cfg);
            // A manager that counts its restarts says so; without a count (Upstart), a new PID is the respawn.
            if (restarts !== undefined) return { state, restarts };
            return { state, ...(pid === undefined ? {} : { pid }) };
          }, start?.settleMs, baseline, start?.outside);
    if (failure !== undefined) {
      throw new StartFailedError(cfg.name, failure, await logTail(this.logs(cfg, { lines: 10 }), 10), {
        cause: r.code !== 0 ? new CommandFailedError(this.platform, [verb, cfg.name], r.code, r.stderr || r.stdout) : undefined,
      });
    }
  }

  /** Does it start at boot? Undefined where the manager cannot tell. */
  protected async isEnabled(_cfg: ResolvedConfig): Promise<boolean | undefined> {
    return undefined;
  }

  /** A state the exit code alone cannot tell (OpenRC: stopped after giving up respawning is failed). */
  protected async refine(_cfg: ResolvedConfig, state: ServiceState): Promise<ServiceState> {
    return state;
  }

  async status(cfg: ResolvedConfig): Promise<StatusDetail> {
    const [main] = this.filePaths(cfg);
    if (main === undefined || !(await this.host.exists(main))) {
      return { name: cfg.name, platform: this.platform, state: 'not-installed', raw: {} };
    }
    const r = await this.control(cfg, 'status');
    const pid = await this.pidFrom(r, cfg);
    const state = await this.refine(cfg, this.stateOf(r));
    const enabled = await this.isEnabled(cfg);
    const usage = pid !== undefined && state === 'running' ? await procUsage(this.host, pid) : undefined;
    return {
      name: cfg.name,
      platform: this.platform,
      state,
      ...(pid !== undefined && state === 'running' ? { pid } : {}),
      ...(enabled === undefined ? {} : { enabled }),
      ...(usage === undefined ? {} : { usage }),
      raw: { exitCode: String(r.code), output: (r.stdout + r.stderr).trim() },
    };
  }

  /** The PID: from the PID file by default (Upstart reads it from the status output). */
  protected async pidFrom(_status: ExecResult, cfg: ResolvedConfig): Promise<number | undefined> {
    try {
      const n = Number((await this.host.readFile(daemonFiles(cfg).pidFile)).trim());
      return Number.isInteger(n) && n > 0 ? n : undefined;
    } catch {
      return undefined;
    }
  }

  /** The service's own output (its log file), then what it sent to syslog under its name. */
  async *logs(cfg: ResolvedConfig, opts: LogOptions): AsyncIterable<string> {
    const n = opts.lines ?? 50;
    const { logFile } = daemonFiles(cfg);
    const syslogFile = (await this.host.exists('/var/log/syslog')) ? '/var/log/syslog' : '/var/log/messages';
    const tagged = new RegExp(`\\s${cfg.name.replace(/[.]/g, '\\.')}(\\[\\d+\\])?:\\s`);
    const files = [logFile, syslogFile];
    const mine = (line: string, fromSyslog: boolean) => !fromSyslog || tagged.test(line);
    if (!opts.follow) {
      for (const [i, f] of files.entries()) {
        let text = '';
        try {
          text = await this.host.readFile(f);
        } catch {
          continue;
        }
        yield* text.split('\n').filter((l) => l !== '' && mine(l, i === 1)).slice(-n);
      }
      return;
    }
    // Follow both files; tail prints "==> file <==" before each switch, which tells the lines apart.
    let current = '';
    for await (const line of streamLines('tail', ['-n', String(n), '-F', ...files], { signal: opts.signal })) {
      const header = /^==> (.*) <==$/.exec(line);
      if (header) {
        current = header[1] ?? '';
        continue;
      }
      if (line !== '' && mine(line, current === syslogFile)) yield line;
    }
  }
}

