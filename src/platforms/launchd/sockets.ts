/**
 * The job's sockets launchd holds (the plist's Sockets, named by address): launch_activate_socket(3)
 * through koffi, loaded only when asked. Several descriptors of one name are equivalent listeners
 * (launchd makes one per protocol; servicekit's IPv4v6 makes one): the first is taken.
 */
import { SyscallError } from '../../errors.js';
import { bindTarget, type SocketTarget } from '../../listen.js';
import { loadKoffi } from '../../sys/koffi.js';

/** launch_activate_socket's answers: the job has no socket of that name; the process is not launchd's job. */
const ENOENT = 2;
const ESRCH = 3;

/** Descriptors of the job's socket `name`: [] when the job has none of that name, undefined when launchd did not start this process. */
export type Activate = (name: string) => number[] | undefined;

type Fn = (...args: unknown[]) => unknown;

function activate(name: string): number[] | undefined {
  const koffi = loadKoffi<{ load(p: string): { func(s: string): Fn }; decode(p: unknown, t: string, n: number): number[] }>();
  const lib = koffi.load('/usr/lib/libSystem.B.dylib');
  const call = lib.func('int launch_activate_socket(const char *name, _Out_ void **fds, _Out_ size_t *cnt)');
  const free = lib.func('void free(void *)');
  const fds: [unknown] = [null];
  const cnt: [number | bigint] = [0];
  const err = call(name, fds, cnt) as number;
  if (err === ESRCH) return undefined;
  if (err === ENOENT) return [];
  if (err !== 0) throw new SyscallError(`launch_activate_socket(${name})`, err);
  const list = [...koffi.decode(fds[0], 'int', Number(cnt[0]))];
  free(fds[0]);
  return list;
}

/** Each address's descriptor from launchd; undefined where launchd did not start this process (or none given). */
export function launchdSockets(given: readonly string[], ask: Activate = activate): Record<string, SocketTarget> | undefined {
  if (given.length === 0) return undefined;
  const out: Record<string, SocketTarget> = {};
  for (const address of given) {
    const fds = ask(address);
    if (fds === undefined) return undefined;
    out[address] = fds[0] === undefined ? bindTarget(address) : { fd: fds[0] };
  }
  return out;
}
