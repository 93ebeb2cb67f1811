/**
 * The sockets systemd passed to this process (sd_listen_fds(3)'s rules, without libsystemd):
 * descriptors 3… for the PID in LISTEN_PID, as many as LISTEN_FDS; the variables removed so that
 * children do not take them; each descriptor made close-on-exec. Their order is the socket unit's
 * ListenStream= lines', which servicekit writes in the order of SERVICEKIT_LISTEN.
 */
import { InvalidArgumentError } from '../../errors.js';
import type { SocketTarget } from '../../listen.js';
import { libcFunction } from '../../sys/libc.js';

const SD_LISTEN_FDS_START = 3;
const SYSTEMD_VARS = ['LISTEN_PID', 'LISTEN_FDS', 'LISTEN_FDNAMES'] as const;
const F_SETFD = 2;
const FD_CLOEXEC = 1;

export interface ListenSystem {
  env: NodeJS.ProcessEnv;
  pid: number;
  closeOnExec(fd: number): void;
}

function closeOnExec(fd: number): void {
  if ((libcFunction('int fcntl(int, int, ...)')(fd, F_SETFD, 'int', FD_CLOEXEC) as number) < 0) {
    throw new InvalidArgumentError(`descriptor ${fd}, which systemd says it passed, is not open`);
  }
}

/** The descriptors systemd passed, by address (`given`, in order), or by systemd's names where servicekit gave none; undefined when it passed none to this process. */
export function systemdSockets(given: readonly string[], sys: ListenSystem = { env: process.env, pid: process.pid, closeOnExec }): Record<string, SocketTarget> | undefined {
  const { env } = sys;
  const pid = Number(env['LISTEN_PID']);
  const n = Number(env['LISTEN_FDS']);
  const names = (env['LISTEN_FDNAMES'] ?? '').split(':');
  for (const v of SYSTEMD_VARS) delete env[v];
  if (pid !== sys.pid || !Number.isInteger(n) || n <= 0) return undefined;
  const fds = Array.from({ length: n }, (_, i) => SD_LISTEN_FDS_START + i);
  for (const fd of fds) sys.closeOnExec(fd);
  // A socket unit that is not servicekit's: the descriptors by systemd's names.
  if (given.length === 0) return Object.fromEntries(fds.map((fd, i) => [names[i] || String(fd), { fd }]));
  if (n !== given.length) throw new InvalidArgumentError(`systemd passed ${n} sockets for ${given.length} addresses (${given.join(', ')}): is the socket unit servicekit's?`);
  return Object.fromEntries(given.map((address, i) => [address, { fd: fds[i]! }]));
}
