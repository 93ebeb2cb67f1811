/**
 * A systemd user service's log files, rotated by its own timer (pure). The system's logrotate does
 * not rotate users' files, so a user service writing to files (logOutput) gets two more units of
 * servicekit's, named so that no service name can take them ("@" is not allowed in one):
 *
 * - servicekit-logrotate@NAME.timer: hourly; PartOf the service, which Wants it, so it runs
 *   exactly while the service does (started and stopped with it, nothing of its own to enable);
 * - servicekit-logrotate@NAME.service: a oneshot running logrotate as the user, on the same
 *   configuration the system drop-ins have, kept in the user's servicekit directory with its status.
 */
import path from 'node:path';
import type { ResolvedConfig } from '../../config.js';
import { markLine } from '../ownership.js';
import type { RenderedFile } from '../platform.js';
import { LOGROTATE, renderLogrotate } from '../shared/logrotate.js';
import { execLine, unitName } from './quote.js';

const ROTATION_PREFIX = 'servicekit-logrotate@';
/** How often the timer runs logrotate (which rotates a file only once it passes its size). */
const ROTATION_CALENDAR = 'hourly';

export function rotationTimer(name: string): string {
  return `${ROTATION_PREFIX}${name}.timer`;
}

/** Does this service get a rotation timer: a user service whose output goes to files. */
export function rotatesByTimer(cfg: Pick<ResolvedConfig, 'userService' | 'logOutput'>): boolean {
  return cfg.userService && cfg.logOutput;
}

/** Where the rotation's files go: the two units beside the service's, the configuration and logrotate's status in `stateDir`. */
export function rotationPaths(name: string, unitDir: string, stateDir: string) {
  return {
    timer: path.join(unitDir, rotationTimer(name)),
    service: path.join(unitDir, `${ROTATION_PREFIX}${name}.service`),
    config: path.join(stateDir, `${name}.logrotate`),
    status: path.join(stateDir, `${name}.logrotate-status`),
  };
}

export function renderRotation(cfg: ResolvedConfig, files: readonly string[], unitDir: string, stateDir: string): RenderedFile[] {
  const at = rotationPaths(cfg.name, unitDir, stateDir);
  const head = [`# Written by servicekit: rotates the log files of ${unitName(cfg.name)}; removed with it.`, markLine(cfg.name)];
  const timer = [
    ...head,
    '[Unit]',
    `Description=Rotate the log files of ${cfg.name} (${ROTATION_CALENDAR})`,
    `PartOf=${unitName(cfg.name)}`,
    '',
    '[Timer]',
    `OnCalendar=${ROTATION_CALENDAR}`,
    '',
  ];
  const service = [
    ...head,
    '[Unit]',
    `Description=Rotate the log files of ${cfg.name}`,
    '',
    '[Service]',
    'Type=oneshot',
    `ExecStart=${execLine(LOGROTATE, ['--state', at.status, at.config])}`,
    '',
  ];
  return [
    { path: at.timer, content: timer.join('\n'), mode: 0o644 },
    { path: at.service, content: service.join('\n'), mode: 0o644 },
    renderLogrotate(cfg, files, at.config),
  ];
}
