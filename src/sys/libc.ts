/**
 * koffi bindings to the C library, loaded lazily on first use (importing servicekit never loads them).
 * Used for AF_UNIX datagrams (sd_notify, the journal's native protocol) without any native compile.
 */
import os from 'node:os';
import { SyscallError } from '../errors.js';
import { loadKoffi } from './koffi.js';

type Fn = (...args: unknown[]) => unknown;
interface Libc {
  socket: Fn;
  sendto: Fn;
  close: Fn;
  openlog: Fn;
  syslog: Fn;
  flock: Fn;
  errno: () => number;
}

let libc: Libc | undefined;
let library: { func(sig: string): Fn } | undefined;

function load(): Libc {
  if (libc) return libc;
  // koffi has prebuilt binaries per platform; loaded only here, only when needed.
  const koffi = loadKoffi<{
    load(name: string): { func(sig: string): Fn };
    errno(): number;
  }>();
  const lib = (library = koffi.load(process.platform === 'darwin' ? 'libc.dylib' : 'libc.so.6'));
  libc = {
    socket: lib.func('int socket(int, int, int)'),
    sendto: lib.func('intptr_t sendto(int, const void *, size_t, int, const void *, uint32_t)'),
    close: lib.func('int close(int)'),
    // openlog keeps the ident pointer: it is passed as a Buffer that is kept alive (see openSyslog).
    openlog: lib.func('void openlog(const void *, int, int)'),
    syslog: lib.func('void syslog(int, const char *, ...)'),
    flock: lib.func('int flock(int, int)'),
    errno: () => koffi.errno(),
  };
  return libc;
}

/** Another function of the C library, by its declaration in koffi's syntax (for a binding kept beside its one user). */
export function libcFunction(declaration: string): Fn {
  load();
  return library!.func(declaration);
}

const AF_UNIX = 1;
const SOCK_DGRAM = 2;
const SOCK_CLOEXEC = 0x80000;

/** Encode a sockaddr_un; a leading "@" means the Linux abstract namespace. */
export function sockaddrUn(socketPath: string): { addr: Buffer; len: number } {
  const abstract = socketPath.startsWith('@');
  const p = Buffer.from(abstract ? socketPath.slice(1) : socketPath, 'utf8');
  if (p.length > 107) throw new RangeError(`socket path too long: ${socketPath}`);
  const addr = Buffer.alloc(110);
  if (os.endianness() === 'LE') addr.writeUInt16LE(AF_UNIX, 0);
  else addr.writeUInt16BE(AF_UNIX, 0);
  p.copy(addr, abstract ? 3 : 2);
  return { addr, len: abstract ? 3 + p.length : 2 + p.length + 1 };
}


/** A connectionless AF_UNIX datagram sender (one socket, many sends). */
export class UnixDatagramSender {
  private fd: number;
  private readonly addr: Buffer;
  private readonly len: number;
  constructor(socketPath: string) {
    const l = load();
    ({ addr: this.addr, len: this.len } = sockaddrUn(socketPath));
    this.fd = l.socket(AF_UNIX, SOCK_DGRAM | (process.platform === 'linux' ? SOCK_CLOEXEC : 0), 0) as number;
    if (this.fd < 0) throw new SyscallError('socket', l.errno());
  }
  send(data: Buffer): void {
    const l = load();
    if (this.fd < 0) throw new SyscallError('send on closed socket', 9);
    const r = Number(l.sendto(this.fd, data, data.length, 0, this.addr, this.len));
    if (r < 0) throw new SyscallError('sendto', l.errno());
  }
  close(): void {
    if (this.fd >= 0) load().close(this.fd);
    this.fd = -1;
  }
}

const LOG_PID = 0x01;
const LOG_NDELAY = 0x08;
/** LOG_DAEMON facility. */
const LOG_DAEMON = 3 << 3;
/** openlog's ident must outlive the call: one buffer per process, kept here. */
let syslogIdent: Buffer | undefined;

/** syslog(3) with this ident (tag), LOG_PID, facility daemon. One ident per process, as in C. */
export function openSyslog(ident: string): (priority: number, message: string) => void {
  const l = load();
  const wanted = Buffer.from(`${ident}\0`, 'utf8');
  if (!syslogIdent || !syslogIdent.equals(wanted)) {
    syslogIdent = wanted;
    l.openlog(syslogIdent, LOG_PID | LOG_NDELAY, LOG_DAEMON);
  }
  // "%s" keeps a message's own % characters from being read as a format.
  return (priority, message) => void l.syslog(priority, '%s', 'str', message);
}

const LOCK_EX = 2;
const LOCK_NB = 4;
const LOCK_UN = 8;
const EWOULDBLOCK = 11;
const EWOULDBLOCK_BSD = 35;

/**
 * flock(2) LOCK_EX without blocking: true when taken, false when another open file holds it. The
 * kernel releases it when the descriptor is closed, including when the process dies.
 */
/** Give the lock up, the descriptor kept open (to take it again). */
export function unflock(fd: number): void {
  const l = load();
  if ((l.flock(fd, LOCK_UN) as number) !== 0) throw new SyscallError('flock', l.errno());
}

export function tryFlock(fd: number): boolean {
  const l = load();
  if ((l.flock(fd, LOCK_EX | LOCK_NB) as number) === 0) return true;
  const errno = l.errno();
  if (errno === EWOULDBLOCK || errno === EWOULDBLOCK_BSD) return false;
  throw new SyscallError('flock', errno);
}
