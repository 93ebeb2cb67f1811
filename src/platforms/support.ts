/**
 * Which options a platform cannot honour. Each record lists them with the reason; an option set
 * explicitly (ResolvedConfig.given) that its platform cannot honour is refused with ERR_UNSUPPORTED
 * naming the option and the platform, never silently dropped. A key is an option ("pidFile"), a
 * value of one ("restart=on-failure"), or all options of a group ("windows.*").
 */
import type { ResolvedConfig } from '../config.js';
import { UnsupportedError } from '../errors.js';
import type { Platform, Unsupported } from './platform.js';

/** What every POSIX platform refuses: the other platforms' own options. */
export const NOT_WINDOWS: Unsupported = { 'windows.*': 'options of the Windows SCM' };
export const NOT_LAUNCHD: Unsupported = { 'launchd.*': 'options of launchd' };
export const NOT_SMF: Unsupported = { 'smf.*': 'options of Solaris SMF' };

/** Memory and CPU limits are cgroup controls, which only systemd sets up for a service. */
export const NO_CGROUP_LIMITS: Unsupported = {
  'limits.memoryMax': 'a memory limit is a cgroup control (memory.max), which only systemd gives a service',
  'limits.cpuQuota': 'a CPU quota is a cgroup control (cpu.max), which only systemd gives a service',
};

const TEMPLATED = ['systemd', 'sysv', 'openrc', 'upstart', 'launchd'] as const;

/** The templates of the other platforms (each platform takes its own only). */
export function otherTemplates(own?: (typeof TEMPLATED)[number]): Unsupported {
  return Object.fromEntries(TEMPLATED.filter((t) => t !== own).map((t) => [`templates.${t}`, `a template for ${t}, not this platform`]));
}

function valueOf(cfg: ResolvedConfig, option: string): unknown {
  const [group, key] = option.split('.') as [string, string | undefined];
  const top = (cfg as unknown as Record<string, unknown>)[group];
  return key === undefined ? top : (top as Record<string, unknown> | undefined)?.[key];
}

/** Throws UnsupportedError for the first explicitly set option the platform cannot honour. */
export function refuseUnsupported(cfg: ResolvedConfig, platform: Platform, unsupported: Unsupported): void {
  for (const option of cfg.given) {
    const value = valueOf(cfg, option);
    const group = option.includes('.') ? `${option.split('.')[0]}.*` : undefined;
    const why =
      unsupported[option] ??
      (typeof value === 'string' || typeof value === 'boolean' ? unsupported[`${option}=${String(value)}`] : undefined) ??
      (group === undefined ? undefined : unsupported[group]);
    if (why !== undefined) throw new UnsupportedError(`${option} is not supported on ${platform}: ${why}`);
  }
}
