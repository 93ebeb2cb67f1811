/**
 * The sandbox of a systemd system service, by level (Config.hardening). Pure: the [Service] lines of
 * each level. Scores (`systemd-analyze security --offline=true`, systemd 252) are measured by
 * test/e2e/systemd/hardening.test.ts on the units servicekit writes; docs/security.md shows them.
 *
 * - standard (the default of system services): what keeps ordinary programs working — Node
 *   included, servers on any port, writing their working directory and /var, /tmp — with the
 *   kernel, devices, other users' homes and the OS's files out of reach.
 * - strict: what a careful operator adds — the whole file system read-only but the working
 *   directory and the state directory ($STATE_DIRECTORY), no new privileges, no capabilities, only
 *   the system calls of a service, a dynamic account when none is given.
 * Never MemoryDenyWriteExecute=: V8 (Node's engine) writes the machine code it then runs, and the
 * process dies at start-up (SIGSEGV / SIGSYS) under it.
 */
import type { ResolvedConfig } from '../../config.js';
import type { HardeningLevel } from '../../options/general.js';
import { DANGEROUS_CAPABILITIES } from '../shared/capabilities.js';

/** The level of a system service when none is given. */
export const DEFAULT_HARDENING: HardeningLevel = 'standard';


/** What both levels set: the kernel, devices and the OS's own trees out of the service's reach. */
const COMMON: readonly [string, string][] = [
  ['PrivateDevices', 'yes'],
  ['ProtectKernelTunables', 'yes'],
  ['ProtectKernelModules', 'yes'],
  ['ProtectKernelLogs', 'yes'],
  ['ProtectControlGroups', 'yes'],
  ['ProtectClock', 'yes'],
  ['ProtectHostname', 'yes'],
  ['RestrictSUIDSGID', 'yes'],
  ['RestrictRealtime', 'yes'],
  ['RestrictNamespaces', 'yes'],
  ['LockPersonality', 'yes'],
  ['SystemCallArchitectures', 'native'],
  // A call outside the set fails with EPERM instead of killing the process (SIGSYS): libuv, for
  // one, falls back when io_uring is refused.
  ['SystemCallFilter', '@system-service'],
  ['SystemCallErrorNumber', 'EPERM'],
  ['RestrictAddressFamilies', 'AF_UNIX AF_INET AF_INET6 AF_NETLINK'],
];

const STANDARD: readonly [string, string][] = [
  ['ProtectSystem', 'full'],
  ['ProtectHome', 'read-only'],
  ...COMMON,
  // Root keeps the rest (a port below 1024, reading others' files…).
  ['CapabilityBoundingSet', `~${DANGEROUS_CAPABILITIES.map((c) => `CAP_${c.toUpperCase()}`).join(' ')}`],
];

const STRICT: readonly [string, string][] = [
  ['ProtectSystem', 'strict'],
  ['ProtectHome', 'yes'],
  ...COMMON,
  ['PrivateTmp', 'yes'],
  ['ProtectProc', 'invisible'],
  ['ProcSubset', 'pid'],
  ['NoNewPrivileges', 'yes'],
  ['PrivateUsers', 'yes'],
  ['RemoveIPC', 'yes'],
  ['KeyringMode', 'private'],
  ['UMask', '0077'],
  ['SystemCallFilter', '~@privileged @resources'],
  // No capabilities: a port below 1024 is the one thing an unprivileged service asks for.
  ['CapabilityBoundingSet', ''],
];

/** The level a service gets: as given, else the default of system services; user services none (a user manager cannot set up these namespaces). */
export function hardeningOf(cfg: Pick<ResolvedConfig, 'hardening' | 'userService'>): HardeningLevel {
  return cfg.hardening ?? (cfg.userService ? 'none' : DEFAULT_HARDENING);
}

/** The [Service] lines of the service's level, with the paths it must still write. */
export function hardeningLines(cfg: ResolvedConfig, unitPath: (p: string, field: string) => string): [string, string][] {
  const level = hardeningOf(cfg);
  const given = cfg.readWritePaths.map((p, i) => ['ReadWritePaths', `-${unitPath(p, `readWritePaths[${i}]`)}`] as [string, string]);
  if (level === 'none') return given;
  const lines = level === 'strict' ? STRICT : STANDARD;
  // The working directory stays writable (`-`: no error if it is gone); / is writable already where it may be.
  const writable = cfg.workingDirectory === '/' ? [] : [['ReadWritePaths', `-${unitPath(cfg.workingDirectory, 'workingDirectory')}`] as [string, string]];
  if (level === 'standard') return [...lines, ...writable, ...given];
  // Strict: the one place the service may keep state, $STATE_DIRECTORY (/var/lib/NAME, its
  // account's; kept at uninstall, as systemd keeps it), and a dynamic account when none is given.
  const account: [string, string][] = cfg.userName === undefined ? [['DynamicUser', 'yes']] : [];
  return [...lines, ...writable, ...given, ['StateDirectory', cfg.name], ...account];
}
