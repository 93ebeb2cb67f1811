/** systemd unit rendering (pure: ResolvedConfig in, text out). */
import path from 'node:path';
import { DEFAULTS, type ResolvedConfig, type TemplateVars } from '../../config.js';
import { InvalidConfigError } from '../../errors.js';
import { markLine } from '../ownership.js';
import type { RenderedFile } from '../platform.js';
import { logFiles } from '../shared/log-files.js';
import { serviceType } from '../shared/sd-notify.js';
import { applyTemplate } from '../shared/template.js';
import { escapeSpecifiers, execLine, quoteEnvironment, timespan, unitName, unitPath } from './quote.js';
import { rotatesByTimer, rotationTimer } from './rotation.js';

export const SYSTEM_UNIT_DIR = '/etc/systemd/system';
export const VERSION_TAG = 'servicekit';

/** The variables that place a user's unit directory. */
export interface UnitEnv {
  HOME?: string;
  XDG_CONFIG_HOME?: string;
}

/** Where the unit file lives: /etc/systemd/system, or the user's ~/.config/systemd/user. */
export function unitDirectory(cfg: Pick<ResolvedConfig, 'userService'>, env: UnitEnv): string {
  if (!cfg.userService) return SYSTEM_UNIT_DIR;
  const base = env.XDG_CONFIG_HOME && path.isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : path.join(env.HOME ?? '/', '.config');
  return path.join(base, 'systemd', 'user');
}

export function unitPathFor(cfg: Pick<ResolvedConfig, 'name' | 'userService'>, env: UnitEnv): string {
  return path.join(unitDirectory(cfg, env), unitName(cfg.name));
}

function dependencyUnit(dep: string): string {
  return /\.(service|target|socket|mount|path|timer|slice|device)$/.test(dep) ? dep : `${dep}.service`;
}

/** The unit file text for this config. Throws InvalidConfigError for values systemd cannot represent. */
export function renderUnit(cfg: ResolvedConfig): string {
  const unit: string[] = [];
  const svc: string[] = [];
  unit.push(`Description=${escapeSpecifiers(cfg.description || cfg.displayName, 'description')}`);
  if (!cfg.userService) unit.push('After=network.target');
  for (const d of cfg.dependencies) {
    const u = escapeSpecifiers(dependencyUnit(d), 'dependencies');
    unit.push(`Wants=${u}`, `After=${u}`);
  }
  for (const { directive, units } of cfg.unitDependencies) unit.push(`${directive}=${units.map((x) => escapeSpecifiers(x, 'dependencies')).join(' ')}`);
  unit.push(...rotationWants(cfg));
  unit.push(`StartLimitIntervalSec=${timespan(cfg.startLimit.intervalSec)}`);
  unit.push(`StartLimitBurst=${cfg.startLimit.burst}`);

  const type = serviceType(cfg);
  svc.push(`Type=${type}`);
  if (type === 'notify') svc.push('NotifyAccess=main');
  svc.push(`ExecStart=${execLine(cfg.executable, cfg.arguments)}`);
  svc.push(`WorkingDirectory=${unitPath(cfg.workingDirectory, 'workingDirectory')}`);
  if (cfg.chroot !== undefined) svc.push(`RootDirectory=${unitPath(cfg.chroot, 'chroot')}`);
  if (cfg.userName !== undefined) svc.push(`User=${escapeSpecifiers(cfg.userName, 'userName')}`);
  if (cfg.groupName !== undefined) svc.push(`Group=${escapeSpecifiers(cfg.groupName, 'groupName')}`);
  for (const [k, v] of Object.entries(cfg.env)) svc.push(`Environment=${quoteEnvironment(k, v)}`);
  // Read by systemd at each start; its variables override Environment='s.
  cfg.environmentFiles.forEach((f, i) => svc.push(`EnvironmentFile=${unitPath(f, `environmentFile[${i}]`)}`));
  svc.push(`Restart=${cfg.restart}`);
  svc.push(`RestartSec=${timespan(cfg.restartSec)}`);
  // systemd's stop timeout leaves room for run()'s own stop timeout to report first.
  svc.push(`TimeoutStopSec=${timespan(cfg.stopTimeoutSec + 10)}`);
  if (cfg.killSignal !== DEFAULTS.killSignal) svc.push(`KillSignal=${cfg.killSignal}`);
  svc.push(...limitLines(cfg.limits));
  if (cfg.successExitStatus.length) svc.push(`SuccessExitStatus=${cfg.successExitStatus.join(' ')}`);
  if (cfg.reloadSignal !== undefined) svc.push(`ExecReload=/bin/kill -s ${cfg.reloadSignal.replace(/^SIG/, '')} $MAINPID`);
  if (cfg.pidFile !== undefined) svc.push(`PIDFile=${unitPath(cfg.pidFile, 'pidFile')}`);
  if (cfg.systemd.watchdogSec !== undefined) {
    if (type !== 'notify') throw new InvalidConfigError('systemd.watchdogSec', 'needs systemd.type "notify"');
    svc.push(`WatchdogSec=${timespan(cfg.systemd.watchdogSec)}`);
  }
  if (cfg.logOutput) {
    const { out, err } = logFiles(cfg);
    svc.push(`StandardOutput=append:${unitPath(out, 'logDirectory')}`);
    svc.push(`StandardError=append:${unitPath(err, 'logDirectory')}`);
  }
  svc.push(`SyslogIdentifier=${cfg.name}`);

  return [
    `# Written by ${VERSION_TAG}; reinstall rather than edit (servicekit uninstall ${cfg.name}${cfg.userService ? ' --user' : ''}).`,
    markLine(cfg.name),
    '[Unit]',
    ...unit,
    '',
    '[Service]',
    ...svc,
    '',
    '[Install]',
    `WantedBy=${cfg.userService ? 'default.target' : 'multi-user.target'}`,
    '',
  ].join('\n');
}

/** A user service writing to files starts its rotation timer (see rotation.ts). */
function rotationWants(cfg: ResolvedConfig): string[] {
  return rotatesByTimer(cfg) ? [`Wants=${rotationTimer(cfg.name)}`] : [];
}

/** The [Service] lines of the resource limits given. */
function limitLines(l: ResolvedConfig['limits']): string[] {
  return [
    ...(l.memoryMax === undefined ? [] : [`MemoryMax=${l.memoryMax}`]),
    ...(l.cpuQuota === undefined ? [] : [`CPUQuota=${l.cpuQuota}%`]),
    ...(l.openFiles === undefined ? [] : [`LimitNOFILE=${l.openFiles}`]),
    ...(l.processes === undefined ? [] : [`LimitNPROC=${l.processes}`]),
  ];
}

/** systemd's LONG_LINE_MAX: a unit file line of 1 MiB or more is not read. */
export const LONG_LINE_MAX = 1024 * 1024;

/** Refuse a unit whose lines systemd would not read whole, naming the field the line comes from. */
function checkLineLengths(unit: string, cfg: ResolvedConfig): string {
  for (const line of unit.split('\n')) {
    if (Buffer.byteLength(line, 'utf8') < LONG_LINE_MAX) continue;
    const field = line.startsWith('Environment=') ? 'env' : line.startsWith('ExecStart=') ? 'arguments' : 'config';
    throw new InvalidConfigError(field, `makes a ${line.split('=')[0]}= line of ${Buffer.byteLength(line, 'utf8')} bytes; systemd reads lines under ${LONG_LINE_MAX} (${cfg.name})`);
  }
  return unit;
}

/** A custom template's variables, each encoded as the unit file needs it (see renderUnit for where each goes). */
export function unitVars(cfg: ResolvedConfig): TemplateVars {
  const deps = cfg.dependencies.map((d) => escapeSpecifiers(dependencyUnit(d), 'dependencies'));
  return {
    Name: cfg.name,
    Mark: markLine(cfg.name),
    Description: escapeSpecifiers(cfg.description || cfg.displayName, 'description'),
    Dependencies: [...deps.flatMap((u) => [`Wants=${u}`, `After=${u}`]), ...cfg.unitDependencies.map((d) => `${d.directive}=${d.units.join(' ')}`), ...rotationWants(cfg)].join('\n'),
    Type: serviceType(cfg),
    ExecStart: execLine(cfg.executable, cfg.arguments),
    WorkingDirectory: unitPath(cfg.workingDirectory, 'workingDirectory'),
    User: cfg.userName === undefined ? '' : escapeSpecifiers(cfg.userName, 'userName'),
    Environment: [
      ...Object.entries(cfg.env).map(([k, v]) => `Environment=${quoteEnvironment(k, v)}`),
      ...cfg.environmentFiles.map((f, i) => `EnvironmentFile=${unitPath(f, `environmentFile[${i}]`)}`),
    ].join('\n'),
    Restart: cfg.restart,
    RestartSec: timespan(cfg.restartSec),
    TimeoutStopSec: timespan(cfg.stopTimeoutSec + 10),
    WantedBy: cfg.userService ? 'default.target' : 'multi-user.target',
  };
}

export function renderFiles(cfg: ResolvedConfig, env: UnitEnv): RenderedFile[] {
  const t = cfg.templates.systemd;
  const unit = t === undefined ? renderUnit(cfg) : applyTemplate('templates.systemd', t, unitVars(cfg), cfg, [markLine(cfg.name)]);
  return [{ path: unitPathFor(cfg, env), content: checkLineLengths(unit, cfg), mode: 0o644 }];
}
