/** launchd: the property list of a LaunchDaemon or LaunchAgent (pure), written by the plist library. */
import path from 'node:path';
import type { PlistValue as LibPlistValue } from 'plist';
import type { ResolvedConfig, TemplateVars } from '../../config.js';
import { InvalidConfigError } from '../../errors.js';
import { parseAddress } from '../../listen.js';
import { xmlMark } from '../ownership.js';
import { buildPlist } from './plist.js';
import type { PreparedConfig, RenderedFile } from '../platform.js';
import { stopGraceSec } from '../shared/initscript.js';
import { definitionMode, serviceEnv } from '../shared/env-file.js';
import { logFiles } from '../shared/log-files.js';
import { applyTemplate } from '../shared/template.js';

export const DAEMON_DIR = '/Library/LaunchDaemons';

export function plistDirectory(cfg: Pick<ResolvedConfig, 'userService'>, home: string): string {
  return cfg.userService ? path.join(home, 'Library', 'LaunchAgents') : DAEMON_DIR;
}

export function plistPath(cfg: Pick<ResolvedConfig, 'name' | 'userService'>, home: string): string {
  return path.join(plistDirectory(cfg, home), `${cfg.name}.plist`);
}

/**
 * XML 1.0 cannot hold most control characters, and XML parsers turn a carriage return into a line
 * feed: such values cannot reach the program exactly, so they are refused.
 */
function plistString(s: string, field: string): string {
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x08\x0b\x0c\x0d\x0e-\x1f\x7f\ufffe\uffff]/.test(s)) {
    throw new InvalidConfigError(field, 'holds a control character that a property list cannot represent exactly');
  }
  return s;
}

/** KeepAlive from the restart policy: always, after an unclean exit (on-failure), after a clean one (on-success). */
function keepAlive(restart: ResolvedConfig['restart']): PlistValue {
  if (restart === 'always') return true;
  if (restart === 'on-failure') return { SuccessfulExit: false };
  if (restart === 'on-success') return { SuccessfulExit: true };
  return false;
}

/** launchd's resource limits (NumberOfFiles, NumberOfProcesses): numbers only, no "unlimited". */
function resourceLimits(l: ResolvedConfig['limits']): Record<string, number> | undefined {
  const out: Record<string, number> = {};
  for (const [key, field, n] of [['NumberOfFiles', 'openFiles', l.openFiles], ['NumberOfProcesses', 'processes', l.processes]] as const) {
    if (n === 'infinity') throw new InvalidConfigError(`limits.${field}`, 'launchd takes a number here, not "infinity"');
    if (n !== undefined) out[key] = n;
  }
  return Object.keys(out).length ? out : undefined;
}

export type PlistValue = string | number | boolean | PlistValue[] | { [k: string]: PlistValue };

/**
 * The job's Sockets: one listening stream socket per address, named by the address (the name the
 * program asks launch_activate_socket for). launchd holds them while the job is loaded. A port alone
 * is one socket for IPv6 and IPv4 (IPv4v6).
 */
function sockets(listen: readonly string[]): Record<string, PlistValue> | undefined {
  if (listen.length === 0) return undefined;
  const entry = (address: string): Record<string, PlistValue> => {
    const a = parseAddress(address)!;
    if (a.kind === 'unix') return { SockType: 'stream', SockPassive: true, SockFamily: 'Unix', SockPathName: a.path };
    const family = a.host === undefined ? 'IPv4v6' : a.host.includes(':') ? 'IPv6' : 'IPv4';
    return { SockType: 'stream', SockPassive: true, SockFamily: family, SockServiceName: String(a.port), ...(a.host === undefined ? {} : { SockNodeName: a.host }) };
  };
  return Object.fromEntries(listen.map((address) => [address, entry(address)]));
}

/** The launchd job as a plain object (exactly what is written). */
export function launchdJob(cfg: PreparedConfig): Record<string, PlistValue> {
  if (cfg.userService && cfg.userName !== undefined) {
    throw new InvalidConfigError('userName', 'a LaunchAgent runs as the user who installs it; userName is for daemons');
  }
  const logs = logFiles(cfg);
  const job: Record<string, PlistValue> = {
    Label: cfg.name,
    ProgramArguments: [plistString(cfg.executable, 'executable'), ...cfg.arguments.map((a, i) => plistString(a, `arguments[${i}]`))],
    WorkingDirectory: plistString(cfg.workingDirectory, 'workingDirectory'),
    RunAtLoad: cfg.launchd.runAtLoad,
    KeepAlive: cfg.launchd.keepAlive ?? keepAlive(cfg.restart),
    ThrottleInterval: Math.max(1, Math.round(cfg.restartSec)),
    ExitTimeOut: stopGraceSec(cfg),
    ...(cfg.nice === undefined ? {} : { Nice: cfg.nice }),
    StandardOutPath: plistString(logs.out, 'logDirectory'),
    StandardErrorPath: plistString(logs.err, 'logDirectory'),
  };
  const env = serviceEnv(cfg);
  if (Object.keys(env).length) {
    job['EnvironmentVariables'] = Object.fromEntries(Object.entries(env).map(([k, v]) => [k, plistString(v, `env.${k}`)]));
  }
  if (cfg.userName !== undefined) job['UserName'] = cfg.userName;
  if (cfg.groupName !== undefined) job['GroupName'] = cfg.groupName;
  const limits = resourceLimits(cfg.limits);
  if (limits !== undefined) {
    job['SoftResourceLimits'] = limits;
    job['HardResourceLimits'] = limits;
  }
  if (cfg.chroot !== undefined) job['RootDirectory'] = plistString(cfg.chroot, 'chroot');
  if (cfg.launchd.sessionCreate) job['SessionCreate'] = true;
  const held = sockets(cfg.listen);
  if (held !== undefined) job['Sockets'] = held;
  return job;
}

/** A job as plist text, with the ownership mark as an XML comment after the prologue (launchd reads the plist, not comments). */
export function markedPlist(name: string, job: Record<string, PlistValue>): string {
  return buildPlist(job as LibPlistValue).replace(/(<!DOCTYPE[^>]*>\n)/, `$1${xmlMark(name)}\n`) + '\n';
}

export function renderPlist(cfg: PreparedConfig): string {
  return markedPlist(cfg.name, launchdJob(cfg));
}

/** Text for an XML element's content. */
function xml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A custom plist template's variables, as XML (checked and escaped): strings ready to stand in <string> elements or where a value goes. */
export function plistVars(cfg: PreparedConfig): TemplateVars {
  const job = launchdJob(cfg);
  const strings = (xs: string[]) => xs.map((x) => `<string>${xml(x)}</string>`).join('\n');
  const env = (job['EnvironmentVariables'] ?? {}) as Record<string, string>;
  const bool = (b: boolean) => (b ? '<true/>' : '<false/>');
  const keep = job['KeepAlive'];
  return {
    Label: xml(cfg.name),
    Mark: xmlMark(cfg.name),
    ProgramArguments: strings(job['ProgramArguments'] as string[]),
    WorkingDirectory: xml(job['WorkingDirectory'] as string),
    StandardOutPath: xml(job['StandardOutPath'] as string),
    StandardErrorPath: xml(job['StandardErrorPath'] as string),
    EnvironmentVariables: Object.entries(env).map(([k, v]) => `<key>${xml(k)}</key>\n<string>${xml(v)}</string>`).join('\n'),
    UserName: cfg.userName === undefined ? '' : xml(cfg.userName),
    RunAtLoad: bool(cfg.launchd.runAtLoad),
    KeepAlive: typeof keep === 'boolean' ? bool(keep) : `<dict>\n<key>SuccessfulExit</key>\n${bool(Boolean((keep as { SuccessfulExit: boolean }).SuccessfulExit))}\n</dict>`,
  };
}

export function renderLaunchdFiles(cfg: PreparedConfig, home: string): RenderedFile[] {
  const t = cfg.templates.launchd;
  const content = t === undefined ? renderPlist(cfg) : applyTemplate('templates.launchd', t, plistVars(cfg), cfg, [xmlMark(cfg.name)]);
  return [{ path: plistPath(cfg, home), content, mode: definitionMode(cfg, 0o644) }];
}
