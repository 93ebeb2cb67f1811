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
import { hardeningLines } from './hardening.js';
import { renderSocketUnit, socketUnitName } from './socket.js';
import { unitText, type UnitOption } from './unit-file.js';
import { renderInstanceFiles } from './instances.js';

export const SYSTEM_UNIT_DIR = '/etc/systemd/system';

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

/** The template variables that come from the unit's lines, in the order a template might use them. */
const LINE_VARS = ['Description', 'Dependencies', 'Type', 'ExecStart', 'WorkingDirectory', 'User', 'Environment', 'Restart', 'RestartSec', 'TimeoutStopSec', 'Credentials', 'Hardening', 'WantedBy'] as const;

/** The [Unit] lines: description, dependencies (plain names, then unit lines), rotation, start limits. */
function unitSection(cfg: ResolvedConfig): UnitOption[] {
  const o = (key: string, value: string, as?: UnitOption['as']): UnitOption => ({ section: 'Unit', key, value, ...(as ? { as } : {}) });
  const deps = { name: 'Dependencies', lines: true };
  return [
    o('Description', escapeSpecifiers(cfg.description || cfg.displayName, 'description'), { name: 'Description' }),
    ...(cfg.userService ? [] : [o('After', 'network.target')]),
    ...cfg.dependencies.flatMap((d) => {
      const u = escapeSpecifiers(dependencyUnit(d), 'dependencies');
      return [o('Wants', u, deps), o('After', u, deps)];
    }),
    ...cfg.unitDependencies.map(({ directive, units }) => o(directive, units.map((x) => escapeSpecifiers(x, 'dependencies')).join(' '), deps)),
    ...(rotatesByTimer(cfg) ? [o('Wants', rotationTimer(cfg.name), deps)] : []),
    // The sockets systemd holds for it (socket.ts): started before it, and its stop stops it.
    ...(cfg.listen.length ? [o('Requires', socketUnitName(cfg.name), deps), o('After', socketUnitName(cfg.name), deps)] : []),
    o('StartLimitIntervalSec', timespan(cfg.startLimit.intervalSec)),
    o('StartLimitBurst', String(cfg.startLimit.burst)),
  ];
}

/** The [Service] lines: the program, its account and environment, restarts, stopping, limits, output. */
function serviceSection(cfg: ResolvedConfig): UnitOption[] {
  const o = (key: string, value: string, as?: UnitOption['as']): UnitOption => ({ section: 'Service', key, value, ...(as ? { as } : {}) });
  const type = serviceType(cfg);
  const envVar = { name: 'Environment', lines: true };
  if (cfg.systemd.watchdogSec !== undefined && type !== 'notify') throw new InvalidConfigError('systemd.watchdogSec', 'needs systemd.type "notify"');
  const { out, err } = logFiles(cfg);
  return [
    o('Type', type, { name: 'Type' }),
    ...(type === 'notify' ? [o('NotifyAccess', 'main')] : []),
    o('ExecStart', execLine(cfg.executable, cfg.arguments), { name: 'ExecStart' }),
    o('WorkingDirectory', unitPath(cfg.workingDirectory, 'workingDirectory'), { name: 'WorkingDirectory' }),
    ...(cfg.chroot === undefined ? [] : [o('RootDirectory', unitPath(cfg.chroot, 'chroot'))]),
    ...(cfg.userName === undefined ? [] : [o('User', escapeSpecifiers(cfg.userName, 'userName'), { name: 'User' })]),
    ...(cfg.groupName === undefined ? [] : [o('Group', escapeSpecifiers(cfg.groupName, 'groupName'))]),
    ...Object.entries(cfg.env).map(([k, v]) => o('Environment', quoteEnvironment(k, v), envVar)),
    // Read by systemd at each start; its variables override Environment='s.
    ...cfg.environmentFiles.map((f, i) => o('EnvironmentFile', unitPath(f, `environmentFile[${i}]`), envVar)),
    o('Restart', cfg.restart, { name: 'Restart' }),
    o('RestartSec', timespan(cfg.restartSec), { name: 'RestartSec' }),
    // systemd's stop timeout leaves room for run()'s own stop timeout to report first.
    o('TimeoutStopSec', timespan(cfg.stopTimeoutSec + 10), { name: 'TimeoutStopSec' }),
    ...(cfg.killSignal === DEFAULTS.killSignal ? [] : [o('KillSignal', cfg.killSignal)]),
    ...(cfg.nice === undefined ? [] : [o('Nice', String(cfg.nice))]),
    ...limitLines(cfg.limits).map(([k, v]) => o(k, v)),
    ...(cfg.successExitStatus.length ? [o('SuccessExitStatus', cfg.successExitStatus.join(' '))] : []),
    ...(cfg.reloadSignal === undefined ? [] : [o('ExecReload', `/bin/kill -s ${cfg.reloadSignal.replace(/^SIG/, '')} $MAINPID`)]),
    ...(cfg.pidFile === undefined ? [] : [o('PIDFile', unitPath(cfg.pidFile, 'pidFile'))]),
    ...(cfg.systemd.watchdogSec === undefined ? [] : [o('WatchdogSec', timespan(cfg.systemd.watchdogSec))]),
    ...(cfg.logOutput ? [o('StandardOutput', `append:${unitPath(out, 'logDirectory')}`), o('StandardError', `append:${unitPath(err, 'logDirectory')}`)] : []),
    o('SyslogIdentifier', cfg.name),
    ...hardeningLines(cfg, unitPath).map(([k, v]) => o(k, v, { name: 'Hardening', lines: true })),
    ...Object.entries(cfg.credentials).map(([name, file]) => o('LoadCredential', `${name}:${unitPath(file, `credentials.${name}`)}`, { name: 'Credentials', lines: true })),
    ...cfg.systemd.directives.map((line) => o(line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1), { name: 'Hardening', lines: true })),
  ];
}

/** The unit as data: every line servicekit writes, once. Throws InvalidConfigError for values systemd cannot represent. */
export function unitOptions(cfg: ResolvedConfig): UnitOption[] {
  const install: UnitOption = { section: 'Install', key: 'WantedBy', value: cfg.userService ? 'default.target' : 'multi-user.target', as: { name: 'WantedBy' } };
  const sockets: UnitOption[] = cfg.listen.length ? [{ section: 'Install', key: 'Also', value: socketUnitName(cfg.name) }] : [];
  return [...unitSection(cfg), ...serviceSection(cfg), install, ...sockets];
}

/** The unit file text for this config. Throws InvalidConfigError for values systemd cannot represent. */
export function renderUnit(cfg: ResolvedConfig): string {
  return unitText(cfg.name, cfg.userService, unitOptions(cfg));
}

/** The [Service] directives of the resource limits given. */
function limitLines(l: ResolvedConfig['limits']): [string, string][] {
  return [
    ...(l.memoryMax === undefined ? [] : [['MemoryMax', String(l.memoryMax)] as [string, string]]),
    ...(l.cpuQuota === undefined ? [] : [['CPUQuota', `${l.cpuQuota}%`] as [string, string]]),
    ...(l.openFiles === undefined ? [] : [['LimitNOFILE', String(l.openFiles)] as [string, string]]),
    ...(l.processes === undefined ? [] : [['LimitNPROC', String(l.processes)] as [string, string]]),
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

/** A custom template's variables: made from the unit's own lines (unitOptions), so the two cannot differ. */
export function unitVars(cfg: ResolvedConfig): TemplateVars {
  const options = unitOptions(cfg);
  const vars: Record<string, string> = { Name: cfg.name, Mark: markLine(cfg.name) };
  for (const name of LINE_VARS) {
    const mine = options.filter((x) => x.as?.name === name);
    vars[name] = mine.map((x) => (x.as?.lines ? `${x.key}=${x.value}` : x.value)).join('\n');
  }
  return vars;
}

export function renderFiles(cfg: ResolvedConfig, env: UnitEnv): RenderedFile[] {
  const at = unitPathFor(cfg, env);
  if (cfg.instances !== undefined) {
    if (cfg.templates.systemd !== undefined) throw new InvalidConfigError('templates.systemd', 'a custom unit template cannot be used with instances (servicekit writes the group unit and the template unit)');
    return [...renderInstanceFiles(cfg, unitOptions(cfg), at).map((f) => ({ ...f, content: checkLineLengths(f.content, cfg) })), ...renderSocketUnit(cfg, at)];
  }
  const t = cfg.templates.systemd;
  const unit = t === undefined ? renderUnit(cfg) : applyTemplate('templates.systemd', t, unitVars(cfg), cfg, [markLine(cfg.name)]);
  return [{ path: at, content: checkLineLengths(unit, cfg), mode: 0o644 }, ...renderSocketUnit(cfg, at)];
}
