/**
 * Rotating a service's log files: a logrotate drop-in, /etc/logrotate.d/servicekit-NAME, for the
 * system services whose output goes to files (SysV, OpenRC, Upstart, systemd with logOutput); the
 * same configuration in the user's state directory for a systemd user service (its timer runs
 * logrotate as the user). Pure.
 *
 * copytruncate: the service keeps its file open (appending), so the file is copied and emptied in
 * place rather than moved; size-based, so a chatty service is rotated when logrotate next runs.
 */
import path from 'node:path';
import type { ResolvedConfig } from '../../config.js';
import { InvalidConfigError } from '../../errors.js';
import { markLine } from '../ownership.js';
import type { RenderedFile } from '../platform.js';

export const LOGROTATE_DIR = '/etc/logrotate.d';
/** logrotate itself (Debian, Fedora, Arch and SUSE all have it here). */
export const LOGROTATE = '/usr/sbin/logrotate';
/** Rotated when a file passes this size in MiB (logrotate's `size`). */
export const ROTATE_SIZE_MIB = 10;
const ROTATE_SIZE = `${ROTATE_SIZE_MIB}M`;
/** How many rotated files are kept. */
export const ROTATE_KEEP = 5;

export function logrotatePath(name: string): string {
  return path.posix.join(LOGROTATE_DIR, `servicekit-${name}`);
}

/** A path logrotate reads as one file: quoted; no quote, newline or glob character in it. */
function quotedPath(p: string): string {
  if (/["\n\r*?[\]{}\\]/.test(p)) throw new InvalidConfigError('logDirectory', `${JSON.stringify(p)} holds a character logrotate would read as a pattern or a quote`);
  return `"${p}"`;
}

/** The logrotate configuration for the files, at `at` (a drop-in of the system's, or a user's own file). */
export function renderLogrotate(cfg: Pick<ResolvedConfig, 'name'>, files: readonly string[], at: string): RenderedFile {
  const content = [
    markLine(cfg.name),
    `${files.map(quotedPath).join(' ')} {`,
    `    size ${ROTATE_SIZE}`,
    `    rotate ${ROTATE_KEEP}`,
    '    copytruncate',
    '    compress',
    '    delaycompress',
    '    missingok',
    '    notifempty',
    '}',
    '',
  ].join('\n');
  return { path: at, content, mode: 0o644 };
}

/** The files a drop-in of ours names (its first non-comment line: quoted paths, then "{"). */
export function filesOfLogrotate(text: string): string[] {
  const line = text.split('\n').find((l) => l.trim() !== '' && !l.startsWith('#')) ?? '';
  if (!line.trimEnd().endsWith('{')) return [];
  return [...line.matchAll(/"([^"]*)"/g)].map((m) => m[1]!).filter((p) => path.posix.isAbsolute(p));
}

/** The rotated copies of a log file logrotate leaves beside it: NAME.log.1, NAME.log.2.gz, … */
export function isRotationOf(file: string, candidate: string): boolean {
  const base = path.posix.basename(file);
  return candidate === base || (candidate.startsWith(`${base}.`) && /^\d+(\.gz)?$/.test(candidate.slice(base.length + 1)));
}
