/** The one interface every service manager implements. */
import type { ResolvedConfig } from '../config.js';

export type Platform =
  | 'linux-systemd'
  | 'linux-upstart'
  | 'linux-openrc'
  | 'unix-systemv'
  | 'darwin-launchd'
  | 'windows-service';

/** Fine-grained state. `status()` on a Service folds it into running | stopped | unknown. */
export type ServiceState = 'running' | 'stopped' | 'failed' | 'starting' | 'stopping' | 'not-installed' | 'unknown';

export interface StatusDetail {
  name: string;
  platform: Platform;
  state: ServiceState;
  pid?: number;
  enabled?: boolean;
  /** The manager's own words, e.g. { ActiveState: 'active', SubState: 'running' } for systemd. */
  raw: Record<string, string>;
}

/** A file that install would write. */
export interface RenderedFile {
  path: string;
  content: string;
  mode: number;
}

export interface InstallOptions {
  /** Start the service once installed, and fail (rolling back) if it does not reach running. */
  start?: boolean;
}

export interface LogOptions {
  lines?: number;
  follow?: boolean;
}

export interface ServiceManager {
  readonly platform: Platform;
  /** What install would write, without touching the system. Throws InvalidConfigError for values the manager cannot represent. */
  render(cfg: ResolvedConfig): RenderedFile[];
  install(cfg: ResolvedConfig, opts?: InstallOptions): Promise<void>;
  uninstall(cfg: ResolvedConfig): Promise<void>;
  start(cfg: ResolvedConfig): Promise<void>;
  stop(cfg: ResolvedConfig): Promise<void>;
  restart(cfg: ResolvedConfig): Promise<void>;
  status(cfg: ResolvedConfig): Promise<StatusDetail>;
  logs(cfg: ResolvedConfig, opts: LogOptions): AsyncIterable<string>;
}

/** The last n lines of a service's log, for error reports (StartFailedError); never throws. */
export async function logTail(logs: AsyncIterable<string>, n: number): Promise<string[]> {
  const lines: string[] = [];
  try {
    for await (const l of logs) lines.push(l);
  } catch {
    /* logs are a courtesy here */
  }
  return lines.slice(-n);
}
