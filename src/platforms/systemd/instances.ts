/**
 * Instances (`instances: N`; pure): the service's program runs in N units made from a template,
 * NAME@1.service … NAME@N.service (NAME@.service), grouped by NAME.service — a oneshot unit that
 * stays active, wants the instances and carries the service's [Install] (so it is what boot, the
 * socket's activation and `systemctl start/stop NAME` act on). Each instance is PartOf= the group
 * (its stop and restart reach them all), gets its number as SERVICEKIT_INSTANCE, and with `listen`
 * inherits the same NAME.socket (Sockets=): one listening socket, the kernel hands each connection
 * to one of the processes accepting on it.
 */
import path from 'node:path';
import { INSTANCE_VAR, type ResolvedConfig } from '../../config.js';
import { InvalidConfigError } from '../../errors.js';
import type { RenderedFile, ServiceState, StatusDetail, Usage } from '../platform.js';
import { unitName } from './quote.js';
import { socketUnitName } from './socket.js';
import { unitText, type UnitOption } from './unit-file.js';

/** What the group runs: nothing (a oneshot unit needs a command; RemainAfterExit keeps it active). */
const GROUP_COMMAND = '/bin/true';
/** A name a dynamic account can take (useradd's rules, 32 characters). */
const ACCOUNT_NAME = /^[a-z_][a-z0-9_-]{0,31}$/;

export function templateUnitName(name: string): string {
  return `${name}@.service`;
}

export function instanceUnit(name: string, i: number): string {
  return `${name}@${i}.service`;
}

/** NAME@1.service … NAME@n.service. */
export function instanceUnits(name: string, n: number): string[] {
  return Array.from({ length: n }, (_, i) => instanceUnit(name, i + 1));
}

/** The instance's number from its unit name (NAME@3.service → 3), else undefined. */
export function instanceNumber(name: string, unit: string): number | undefined {
  const prefix = `${name}@`;
  if (!unit.startsWith(prefix) || !unit.endsWith('.service')) return undefined;
  const n = unit.slice(prefix.length, -'.service'.length);
  return /^[1-9]\d*$/.test(n) ? Number(n) : undefined;
}

/** Where the template goes: beside the group's unit. */
export function templateUnitPath(servicePath: string, name: string): string {
  return path.join(path.dirname(servicePath), templateUnitName(name));
}

/** How many instances a group unit's text wants (its Wants= of NAME@k.service); 0 for any other unit. */
export function instancesInUnit(text: string, name: string): number {
  let n = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith('Wants=')) continue;
    for (const word of line.slice('Wants='.length).trim().split(/\s+/)) n = Math.max(n, instanceNumber(name, word) ?? 0);
  }
  return n;
}

/** The group unit (NAME.service) and the template (NAME@.service), from the lines of the one unit the service would have. */
export function renderInstanceFiles(cfg: ResolvedConfig, options: readonly UnitOption[], at: string): RenderedFile[] {
  const n = cfg.instances ?? 1;
  return [
    { path: at, content: unitText(cfg.name, cfg.userService, groupOptions(cfg, options, n)), mode: 0o644 },
    { path: templateUnitPath(at, cfg.name), content: unitText(cfg.name, cfg.userService, templateOptions(cfg, options)), mode: 0o644 },
  ];
}

function groupOptions(cfg: ResolvedConfig, options: readonly UnitOption[], n: number): UnitOption[] {
  const description = options.find((x) => x.key === 'Description')?.value ?? cfg.name;
  return [
    { section: 'Unit', key: 'Description', value: `${description} (${n} instance${n === 1 ? '' : 's'})` },
    { section: 'Unit', key: 'Wants', value: instanceUnits(cfg.name, n).join(' ') },
    { section: 'Service', key: 'Type', value: 'oneshot' },
    { section: 'Service', key: 'RemainAfterExit', value: 'yes' },
    { section: 'Service', key: 'ExecStart', value: GROUP_COMMAND },
    ...options.filter((x) => x.section === 'Install'),
  ];
}

/** The one unit's lines, made a template: named by instance, part of the group, sharing its socket; no [Install] (the group has it). */
function templateOptions(cfg: ResolvedConfig, options: readonly UnitOption[]): UnitOption[] {
  if (cfg.pidFile !== undefined) throw new InvalidConfigError('pidFile', 'instances would share one PID file; leave it out (systemd knows each instance\'s process)');
  const own = options
    .filter((x) => x.section !== 'Install')
    .map((x) => {
      if (x.key === 'Description') return { ...x, value: `${x.value} (instance %i)` };
      if (x.key === 'SyslogIdentifier') return { ...x, value: `${cfg.name}@%i` };
      return x;
    });
  const unit: UnitOption[] = [{ section: 'Unit', key: 'PartOf', value: unitName(cfg.name) }];
  const service: UnitOption[] = [
    { section: 'Service', key: 'Environment', value: `${INSTANCE_VAR}=%i` },
    ...(cfg.listen.length ? [{ section: 'Service' as const, key: 'Sockets', value: socketUnitName(cfg.name) }] : []),
    ...sharedAccount(cfg, own),
  ];
  return [...own, ...unit, ...service];
}

/** A dynamic account (strict, no userName) named after the service, so all instances share it and its state directory. */
function sharedAccount(cfg: ResolvedConfig, options: readonly UnitOption[]): UnitOption[] {
  if (!options.some((x) => x.key === 'DynamicUser' && x.value === 'yes')) return [];
  if (!ACCOUNT_NAME.test(cfg.name)) {
    throw new InvalidConfigError('instances', `with hardening strict and no userName the instances share a dynamic account named after the service, and ${JSON.stringify(cfg.name)} is no account name; give userName`);
  }
  return [{ section: 'Service', key: 'User', value: cfg.name }];
}

/** Which state an instance's shows through in the group's, first first (all running: running). */
const WORST_FIRST: readonly ServiceState[] = ['failed', 'restarting', 'starting', 'stopping', 'stopped', 'unknown', 'not-installed'];

/**
 * The service's status from its group unit's and its instances': running when every instance runs,
 * else the most telling state among them; memory and CPU summed, uptime the youngest's; NRestarts
 * summed (a restart of any instance is one of the service).
 */
export function groupStatus(group: StatusDetail, instances: readonly StatusDetail[]): StatusDetail {
  const states = instances.map((d) => d.state);
  const state = group.state !== 'running' ? group.state : (WORST_FIRST.find((s) => states.includes(s)) ?? 'running');
  const restarts = instances.reduce((sum, d) => sum + (Number(d.raw['NRestarts']) || 0), 0);
  const usage = sumUsage(instances.filter((d) => d.state === 'running').map((d) => d.usage ?? {}));
  const cause = instances.find((d) => d.cause !== undefined)?.cause;
  const { pid: _pid, usage: _usage, ...rest } = group;
  return {
    ...rest,
    state,
    ...(usage === undefined ? {} : { usage }),
    ...(cause === undefined ? {} : { cause }),
    instances: [...instances],
    raw: { ...group.raw, NRestarts: String(restarts) },
  };
}

function sumUsage(all: readonly Usage[]): Usage | undefined {
  if (all.length === 0) return undefined;
  const total = (k: 'memoryBytes' | 'cpuSeconds') => (all.every((u) => u[k] !== undefined) ? all.reduce((s, u) => s + u[k]!, 0) : undefined);
  const memoryBytes = total('memoryBytes');
  const cpuSeconds = total('cpuSeconds');
  const ups = all.map((u) => u.uptimeSeconds).filter((x): x is number => x !== undefined);
  return {
    ...(memoryBytes === undefined ? {} : { memoryBytes }),
    ...(cpuSeconds === undefined ? {} : { cpuSeconds }),
    ...(ups.length === all.length ? { uptimeSeconds: Math.min(...ups) } : {}),
  };
}
