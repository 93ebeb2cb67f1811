/**
 * A launchd job's log files, rotated by a second job of servicekit's (pure).
 *
 * newsyslog, macOS's rotator, moves a file aside and has no copytruncate; launchd opens
 * StandardOutPath once per spawn, so the job would go on writing into the moved file. launchd opens
 * it for appending, so the file can instead be copied and emptied in place, as logrotate's
 * copytruncate does: every hour the job `servicekit-logrotate@NAME` ("@" is in no service name)
 * runs a POSIX shell script that does that for each file past the size, keeping the last copies
 * gzipped (NAME.out.log.1.gz … .5.gz). It runs as root for a daemon (its log directory is root's
 * alone, checked at install) and as the user for an agent. As with copytruncate, a line written
 * between the copy and the emptying is lost.
 */
import path from 'node:path';
import type { ResolvedConfig } from '../../config.js';
import type { RenderedFile } from '../platform.js';
import { logFiles } from '../shared/log-files.js';
import { ROTATE_KEEP, ROTATE_SIZE_MIB } from '../shared/logrotate.js';
import { markedPlist, plistDirectory, type PlistValue } from './render.js';

const ROTATION_PREFIX = 'servicekit-logrotate@';
/** Seconds between two runs. */
const ROTATION_INTERVAL_SEC = 3600;
/** find(1) counts sizes in 512-byte blocks. */
const BLOCKS_PER_MIB = 2048;

/** The rotation job's label (and file name): launchd's and launchctl's name for it. */
export function rotationLabel(name: string): string {
  return `${ROTATION_PREFIX}${name}`;
}

export function rotationPlistPath(cfg: Pick<ResolvedConfig, 'name' | 'userService'>, home: string): string {
  return path.join(plistDirectory(cfg, home), `${rotationLabel(cfg.name)}.plist`);
}

/**
 * The script: $1 how many copies to keep, $2 the size in 512-byte blocks, then the files. Each
 * regular file (not a link) larger than that is copied to FILE.1 and emptied, FILE.1 gzipped, the
 * older copies shifted up one (the oldest dropped).
 */
export const ROTATE_SCRIPT = [
  'keep=$1; blocks=$2; shift 2',
  'for f in "$@"; do',
  '  [ -f "$f" ] && [ ! -h "$f" ] || continue',
  '  [ -n "$(find "$f" -prune -size +"$blocks")" ] || continue',
  '  i=$keep',
  '  while [ "$i" -gt 1 ]; do',
  '    j=$((i - 1))',
  '    if [ -f "$f.$j.gz" ]; then mv -f "$f.$j.gz" "$f.$i.gz"; fi',
  '    i=$j',
  '  done',
  '  cp -p "$f" "$f.1" && : > "$f" && gzip -f "$f.1"',
  'done',
].join('\n');

export function rotationJob(cfg: ResolvedConfig): Record<string, PlistValue> {
  const { out, err } = logFiles(cfg);
  return {
    Label: rotationLabel(cfg.name),
    ProgramArguments: ['/bin/sh', '-c', ROTATE_SCRIPT, 'servicekit-logrotate', String(ROTATE_KEEP), String(ROTATE_SIZE_MIB * BLOCKS_PER_MIB), out, err],
    StartInterval: ROTATION_INTERVAL_SEC,
    ProcessType: 'Background',
    LowPriorityIO: true,
  };
}

export function renderRotationJob(cfg: ResolvedConfig, home: string): RenderedFile {
  return { path: rotationPlistPath(cfg, home), content: markedPlist(cfg.name, rotationJob(cfg)), mode: 0o644 };
}
