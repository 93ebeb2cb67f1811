/**
 * The addresses a service listens on (`listen`): their forms, how they are checked, and the variable
 * that carries them to the program (pure; shared by the config, the renderers and sockets()).
 *
 *   "8080"             every address, port 8080 (IPv6 and IPv4)
 *   "127.0.0.1:8080"   one IPv4 address
 *   "[::1]:8080"       one IPv6 address
 *   "/run/app.sock"    a UNIX socket
 */
import net from 'node:net';
import { InvalidConfigError } from './errors.js';

/** The program's environment variable naming its addresses, in order (a JSON array of strings). */
export const LISTEN_VAR = 'SERVICEKIT_LISTEN';

const MAX_PORT = 65535;
/** sun_path holds 108 bytes, its NUL included. */
const MAX_SOCKET_PATH_BYTES = 107;
const PORT_RE = /^\d{1,5}$/;

export type ListenAddress = { kind: 'tcp'; host?: string; port: number } | { kind: 'unix'; path: string };

function port(text: string): number | undefined {
  if (!PORT_RE.test(text)) return undefined;
  const n = Number(text);
  return n >= 1 && n <= MAX_PORT ? n : undefined;
}

/** An address's parts; undefined when it is none of the forms above. */
export function parseAddress(address: string): ListenAddress | undefined {
  if (address.startsWith('/')) {
    const ok = !/[\s\0-\x1f\x7f]/.test(address) && Buffer.byteLength(address) <= MAX_SOCKET_PATH_BYTES && !address.endsWith('/');
    return ok ? { kind: 'unix', path: address } : undefined;
  }
  const alone = port(address);
  if (alone !== undefined) return { kind: 'tcp', port: alone };
  const v6 = /^\[([^\]]+)\]:(\d+)$/.exec(address);
  if (v6) {
    const p = port(v6[2]!);
    return p !== undefined && net.isIPv6(v6[1]!) ? { kind: 'tcp', host: v6[1]!, port: p } : undefined;
  }
  const colon = address.lastIndexOf(':');
  if (colon < 0) return undefined;
  const p = port(address.slice(colon + 1));
  const host = address.slice(0, colon);
  return p !== undefined && net.isIPv4(host) ? { kind: 'tcp', host, port: p } : undefined;
}

/** `listen` as given (one address or several): each checked, no address twice. */
export function checkListen(field: string, v: unknown): string[] {
  const list = typeof v === 'string' ? [v] : v;
  if (!Array.isArray(list)) throw new InvalidConfigError(field, 'must be an address or a list of addresses');
  const seen = new Set<string>();
  return list.map((a, i) => {
    const f = `${field}[${i}]`;
    if (typeof a !== 'string' || parseAddress(a) === undefined) {
      throw new InvalidConfigError(f, `${JSON.stringify(a)} is not an address: PORT, IPv4:PORT, [IPv6]:PORT or an absolute socket path (at most ${MAX_SOCKET_PATH_BYTES} bytes, no spaces); names are not resolved`);
    }
    if (seen.has(a)) throw new InvalidConfigError(f, `${a} is listed twice`);
    seen.add(a);
    return a;
  });
}

/** The variable's value for these addresses. */
export function listenValue(addresses: readonly string[]): string {
  return JSON.stringify(addresses);
}

/** The addresses the variable names; undefined when it is not a list of addresses. */
export function addressesFrom(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  try {
    const list: unknown = JSON.parse(value);
    return Array.isArray(list) && list.every((a) => typeof a === 'string' && parseAddress(a) !== undefined) ? (list as string[]) : undefined;
  } catch {
    return undefined;
  }
}

/** What `server.listen()` takes: a descriptor the manager holds, or an address to bind. */
export type SocketTarget = { fd: number } | { port: number; host?: string } | { path: string };

/** The address bound by the program itself. */
export function bindTarget(address: string): SocketTarget {
  const a = parseAddress(address);
  if (a === undefined) throw new InvalidConfigError('listen', `${JSON.stringify(address)} is not an address`);
  if (a.kind === 'unix') return { path: a.path };
  return a.host === undefined ? { port: a.port } : { port: a.port, host: a.host };
}
