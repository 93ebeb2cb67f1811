/**
 * Where a manager has a service's output kept, and what rotates those files: a part each manager
 * is given (the install pipeline writes, checks and removes what it says), not hooks it overrides.
 */
import type { ResolvedConfig } from '../../config.js';
import type { RenderedFile } from '../platform.js';
import { logrotatePath, renderLogrotate } from './logrotate.js';

/** What rotates a service's log files: files of servicekit's written with the service. */
export interface Rotation {
  /** The files that rotate `outputs`. */
  render(cfg: ResolvedConfig, outputs: readonly string[]): RenderedFile[];
  /** Every file render may write for this service, whatever this config says (uninstall by name does not know it). */
  paths(cfg: ResolvedConfig): string[];
  /** The one of those that names the log files, in logrotate's syntax, where there is one. */
  config(cfg: ResolvedConfig): string | undefined;
  /** Files the rotation itself leaves beside them (logrotate's status file): removed at uninstall when regular files. */
  leftovers(cfg: ResolvedConfig): string[];
}

export interface LogOutput {
  /** The files the service's output is appended to; none where it goes to a journal or the manager's own log. */
  files(cfg: ResolvedConfig): string[];
  /** Directories for those files: checked (its scope's owner's alone) and made at install, never removed (they may hold other logs). */
  directories(cfg: ResolvedConfig): string[];
  rotation: Rotation;
}

export const NO_ROTATION: Rotation = { render: () => [], paths: () => [], config: () => undefined, leftovers: () => [] };

/** Output to the journal or the manager's own log: no files of servicekit's. */
export const NO_LOG_FILES: LogOutput = { files: () => [], directories: () => [], rotation: NO_ROTATION };

/** A system service's files rotated by the system's logrotate, through a drop-in (a user's files are not the system's to rotate). */
export const SYSTEM_LOGROTATE: Rotation = {
  render: (cfg, outputs) => (!cfg.userService && outputs.length ? [renderLogrotate(cfg, outputs, logrotatePath(cfg.name))] : []),
  paths: (cfg) => (cfg.userService ? [] : [logrotatePath(cfg.name)]),
  config: (cfg) => (cfg.userService ? undefined : logrotatePath(cfg.name)),
  leftovers: () => [],
};

/** One rotation for system services, another for user services. */
export function byScope(system: Rotation, user: Rotation): Rotation {
  const pick = (cfg: ResolvedConfig) => (cfg.userService ? user : system);
  return {
    render: (cfg, outputs) => pick(cfg).render(cfg, outputs),
    paths: (cfg) => pick(cfg).paths(cfg),
    config: (cfg) => pick(cfg).config(cfg),
    leftovers: (cfg) => pick(cfg).leftovers(cfg),
  };
}
