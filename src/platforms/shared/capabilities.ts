/**
 * Capabilities no ordinary service uses (their names in lower case, without CAP_, as setpriv and
 * libcap write them): the standard sandbox level drops them from a root service's bounding set —
 * systemd through CapabilityBoundingSet=, the init scripts through setpriv. Pure data.
 */
export const DANGEROUS_CAPABILITIES = [
  'sys_admin', 'sys_module', 'sys_rawio', 'sys_ptrace', 'sys_boot', 'sys_time', 'sys_pacct', 'sys_tty_config', 'mknod',
  'linux_immutable', 'ipc_lock', 'bpf', 'perfmon', 'syslog', 'wake_alarm', 'block_suspend', 'audit_control', 'audit_read',
  'audit_write', 'mac_admin', 'mac_override', 'net_admin', 'lease',
] as const;
