/**
 * systemd over D-Bus, through libsystemd's sd-bus (koffi; no compile, no npm dependency): the
 * manager's private socket (/run/systemd/private, or $XDG_RUNTIME_DIR/systemd/private for a user
 * manager), as systemctl itself talks to it — no dbus-daemon needed. One connection per scope for
 * the life of the process; its socket is polled by the event loop (koffi's node.poll) and never keeps
 * the process alive. Method calls are asynchronous (replies dispatched by sd_bus_process); property
 * reads are synchronous round trips of well under a millisecond.
 *
 * Where libsystemd or the socket is missing (or refuses this user), `openBus` returns undefined and
 * the manager uses systemctl.
 */
import { libsystemdBindings } from './libsystemd.js';

type Fn = (...args: unknown[]) => unknown;
type Ptr = unknown;

interface Koffi {
  load(name: string): { func(sig: string): Fn };
  proto(sig: string): unknown;
  pointer(t: unknown): unknown;
  register(fn: (...a: never[]) => unknown, type: unknown): unknown;
  unregister(cb: unknown): void;
  struct(name: string, def: Record<string, string>): unknown;
  alloc(type: string, n: number): Ptr;
  free(p: Ptr): void;
  decode(ptr: unknown, type: unknown, len?: number): unknown;
  address(p: unknown): bigint;
  node: { poll(fd: number, opts: { readable: boolean }, cb: () => void): { ref(): void; unref(): void; close(): void } };
}

interface Lib {
  koffi: Koffi;
  handler: unknown;
  free: Fn;
  new: Fn;
  setAddress: Fn;
  start: Fn;
  closeUnref: Fn;
  getFd: Fn;
  process: Fn;
  getString: Fn;
  getU32: Fn;
  getU64: Fn;
  newCall: Fn;
  appendString: Fn;
  appendBool: Fn;
  openContainer: Fn;
  closeContainer: Fn;
  callAsync: Fn;
  callSync: Fn;
  matchSignal: Fn;
  slotUnref: Fn;
  messageUnref: Fn;
  readPtr: Fn;
  readU32: Fn;
  enter: Fn;
  exit: Fn;
  skip: Fn;
  getError: Fn;
  errorFree: Fn;
}

/** libsystemd's sd-bus functions, or null when libsystemd cannot be loaded. */
const sdbus = libsystemdBindings<Koffi, Lib>((koffi, sd) => {
  const libc = koffi.load('libc.so.6');
  koffi.struct('sk_bus_error', { name: 'const char *', message: 'const char *', need_free: 'int' });
  const handler = koffi.proto('int sk_bus_handler(void *m, void *userdata, void *ret_error)');
  return {
    koffi,
    handler,
    free: libc.func('void free(void *p)'),
    new: sd.func('int sd_bus_new(_Out_ void **ret)'),
    setAddress: sd.func('int sd_bus_set_address(void *bus, const char *address)'),
    start: sd.func('int sd_bus_start(void *bus)'),
    closeUnref: sd.func('void *sd_bus_flush_close_unref(void *bus)'),
    getFd: sd.func('int sd_bus_get_fd(void *bus)'),
    process: sd.func('int sd_bus_process(void *bus, void *ret)'),
    getString: sd.func('int sd_bus_get_property_string(void *bus, const char *dest, const char *path, const char *iface, const char *member, void *err, _Out_ void **ret)'),
    getU32: sd.func('int sd_bus_get_property_trivial(void *bus, const char *dest, const char *path, const char *iface, const char *member, void *err, char type, _Out_ uint32_t *ret)'),
    getU64: sd.func('int sd_bus_get_property_trivial(void *bus, const char *dest, const char *path, const char *iface, const char *member, void *err, char type, _Out_ uint64_t *ret)'),
    newCall: sd.func('int sd_bus_message_new_method_call(void *bus, _Out_ void **m, const char *dest, const char *path, const char *iface, const char *member)'),
    appendString: sd.func('int sd_bus_message_append_basic(void *m, char type, const char *p)'),
    appendBool: sd.func('int sd_bus_message_append_basic(void *m, char type, _In_ int *p)'),
    openContainer: sd.func('int sd_bus_message_open_container(void *m, char type, const char *contents)'),
    closeContainer: sd.func('int sd_bus_message_close_container(void *m)'),
    // slot NULL: the pending call belongs to the connection (a reply or the timeout always comes).
    callAsync: sd.func('int sd_bus_call_async(void *bus, void *slot, void *m, sk_bus_handler *cb, void *userdata, uint64_t usec)'),
    callSync: sd.func('int sd_bus_call(void *bus, void *m, uint64_t usec, void *err, _Out_ void **reply)'),
    matchSignal: sd.func('int sd_bus_match_signal(void *bus, _Out_ void **slot, const char *sender, const char *path, const char *iface, const char *member, sk_bus_handler *cb, void *userdata)'),
    slotUnref: sd.func('void *sd_bus_slot_unref(void *slot)'),
    messageUnref: sd.func('void *sd_bus_message_unref(void *m)'),
    readPtr: sd.func('int sd_bus_message_read_basic(void *m, char type, _Out_ void **p)'),
    readU32: sd.func('int sd_bus_message_read_basic(void *m, char type, _Out_ uint32_t *p)'),
    enter: sd.func('int sd_bus_message_enter_container(void *m, char type, const char *contents)'),
    exit: sd.func('int sd_bus_message_exit_container(void *m)'),
    skip: sd.func('int sd_bus_message_skip(void *m, const char *types)'),
    getError: sd.func('void *sd_bus_message_get_error(void *m)'),
    errorFree: sd.func('void sd_bus_error_free(void *e)'),
  };
});

const DEST = 'org.freedesktop.systemd1';
export const MANAGER_PATH = '/org/freedesktop/systemd1';
export const MANAGER_IFACE = 'org.freedesktop.systemd1.Manager';
export const UNIT_IFACE = 'org.freedesktop.systemd1.Unit';
export const SERVICE_IFACE = 'org.freedesktop.systemd1.Service';
export const PROPERTIES_IFACE = 'org.freedesktop.DBus.Properties';
/** How long a method call may take (daemon-reload included). */
const CALL_TIMEOUT_USEC = 90_000_000n;
const code = (c: string) => c.charCodeAt(0);
const EINTR = 4;
/** How often a synchronous call is retried after a signal interrupted it. */
const EINTR_RETRIES = 50;

/** An error the manager answered with (org.freedesktop.systemd1.NoSuchUnit, …), or a failing sd-bus call (-errno). */
export class BusError extends Error {
  constructor(
    readonly busName: string,
    message: string,
    readonly errno?: number,
  ) {
    super(`${busName}: ${message}`);
    this.name = 'BusError';
  }
}

/** A unit's object path: sd_bus_path_encode's escaping (every byte but [A-Za-z0-9] as _XX). */
export function unitPath(unit: string): string {
  const escaped = [...Buffer.from(unit, 'utf8')].map((b) => (/[A-Za-z0-9]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `_${b.toString(16).padStart(2, '0')}`)).join('');
  return `${MANAGER_PATH}/unit/${escaped || '_'}`;
}

/** An argument of a method call: a string, a boolean, or an array of strings. */
export type Arg = { s: string } | { b: boolean } | { as: readonly string[] };

/** A reply being read: each read advances through it; valid only inside the reply callback. */
export interface Reply {
  /** Enter a container ('a' of "(ssssssouso)", 'r' of "ssssssouso"); false at the end of an array. */
  enter(type: 'a' | 'r' | 'v', contents: string): boolean;
  exit(): void;
  /** A string ('s') or an object path ('o'). */
  string(type?: 's' | 'o'): string;
  u32(): number;
  skip(types: string): void;
}

/** A signal's message, read the same way. */
export type Signal = Reply;

export class Bus {
  private readonly err: Ptr;
  private poller: { ref(): void; unref(): void; close(): void } | undefined;
  private closed = false;
  /** Calls and waits in flight: while there are any, the poller keeps the event loop alive. */
  private holds = 0;
  private drainQueued = false;

  private constructor(
    private readonly l: Lib,
    private readonly bus: Ptr,
  ) {
    this.err = l.koffi.alloc('sk_bus_error', 1);
    const fd = l.getFd(bus) as number;
    // Whatever arrives (replies, signals) is dispatched from the event loop; unref: never keeps it alive.
    this.poller = l.koffi.node.poll(fd, { readable: true }, () => this.dispatch());
    this.poller.unref();
    // Closed before Node tears down its handles: a poll firing then could not call into JavaScript.
    closeAtExit(this);
  }

  /** Connect to a manager's private socket; undefined when libsystemd or the socket is not usable. */
  static open(socket: string): Bus | undefined {
    const l = sdbus();
    if (!l) return undefined;
    const out: Ptr[] = [null];
    if ((l.new(out) as number) < 0) return undefined;
    const bus = out[0];
    if ((l.setAddress(bus, `unix:path=${socket}`) as number) < 0 || (l.start(bus) as number) < 0) {
      l.closeUnref(bus);
      return undefined;
    }
    const b = new Bus(l, bus);
    try {
      // The manager may refuse this peer (a user manager takes its own user only): ask once.
      b.getString(MANAGER_PATH, MANAGER_IFACE, 'Version');
    } catch {
      b.close();
      return undefined;
    }
    return b;
  }

  /**
   * Keep the process alive until the returned release is called (a call awaiting its reply, a job
   * awaited, a watch being iterated); otherwise the connection never holds the event loop.
   */
  hold(): () => void {
    if (this.holds++ === 0) this.poller?.ref();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      if (--this.holds === 0) this.poller?.unref();
    };
  }

  /** Run what sd-bus has received: replies to calls, signals. */
  private dispatch(): void {
    if (this.closed) return;
    try {
      for (let i = 0; i < 1000 && (this.l.process(this.bus, null) as number) > 0; i++);
    } catch {
      /* a failing handler must not escape into the event loop */
    }
  }

  private takeError(what: string, r: number): BusError {
    const e = this.l.koffi.decode(this.err, 'sk_bus_error') as { name: string | null; message: string | null };
    this.l.errorFree(this.err);
    return new BusError(e.name ?? what, e.message ?? `failed (errno ${-r})`, e.name ? undefined : -r);
  }

  /** A synchronous call, again when a signal interrupted its wait (EINTR: the reply to the first is dropped by sd-bus). */
  private sync(what: string, call: () => number): void {
    // Messages a synchronous call reads past (a signal, another call's reply) wait in sd-bus's queue,
    // where no poll event announces them: drain the queue once the current code is done.
    if (!this.drainQueued) {
      this.drainQueued = true;
      setImmediate(() => {
        this.drainQueued = false;
        this.dispatch();
      });
    }
    for (let attempt = 0; ; attempt++) {
      const r = call();
      if (r >= 0) return;
      const e = this.takeError(what, r);
      if ((e.errno !== EINTR && e.busName !== 'System.Error.EINTR') || attempt >= EINTR_RETRIES) throw e;
    }
  }

  getString(path: string, iface: string, prop: string): string {
    const out: Ptr[] = [null];
    this.sync(`Get ${prop}`, () => this.l.getString(this.bus, DEST, path, iface, prop, this.err, out) as number);
    const s = this.l.koffi.decode(out[0], 'char', -1) as string;
    this.l.free(out[0]);
    return s;
  }

  getU32(path: string, iface: string, prop: string): number {
    return this.get32(path, iface, prop, 'u');
  }

  /** A signed 32-bit property (ExecMainStatus): the same four bytes, read as D-Bus type i. */
  getI32(path: string, iface: string, prop: string): number {
    return this.get32(path, iface, prop, 'i') | 0;
  }

  /** An unsigned 64-bit property (MemoryCurrent) as decimal text: its full range, UINT64_MAX (unset) included. */
  getU64(path: string, iface: string, prop: string): string {
    const out: [number | bigint] = [0];
    this.sync(`Get ${prop}`, () => this.l.getU64(this.bus, DEST, path, iface, prop, this.err, code('t'), out) as number);
    return String(out[0]);
  }

  private get32(path: string, iface: string, prop: string, type: 'u' | 'i'): number {
    const out = [0];
    this.sync(`Get ${prop}`, () => this.l.getU32(this.bus, DEST, path, iface, prop, this.err, code(type), out) as number);
    return out[0]!;
  }

  /**
   * A quick method call, answered at once (a lookup): synchronous, as the property reads, with no
   * trip through the event loop. For anything that can take time (jobs, reloads) use call().
   */
  callNow<T>(member: string, args: readonly Arg[], read: (r: Reply) => T): T {
    const l = this.l;
    const out: Ptr[] = [null];
    const r = l.newCall(this.bus, out, DEST, MANAGER_PATH, MANAGER_IFACE, member) as number;
    if (r < 0) throw new BusError(member, 'cannot create the call', -r);
    const m = out[0];
    const reply: Ptr[] = [null];
    try {
      for (const a of args) this.append(m, a);
      this.sync(member, () => l.callSync(this.bus, m, CALL_TIMEOUT_USEC, this.err, reply) as number);
    } finally {
      l.messageUnref(m);
    }
    try {
      return read(this.reader(reply[0]));
    } finally {
      l.messageUnref(reply[0]);
    }
  }

  /** Call a manager method; `read` reads the reply (inside sd-bus's callback, where the message is valid). */
  call<T>(member: string, args: readonly Arg[], read: (r: Reply) => T, path = MANAGER_PATH, iface = MANAGER_IFACE): Promise<T> {
    const l = this.l;
    const out: Ptr[] = [null];
    let r = l.newCall(this.bus, out, DEST, path, iface, member) as number;
    if (r < 0) return Promise.reject(new BusError(member, 'cannot create the call', -r));
    const m = out[0];
    try {
      for (const a of args) this.append(m, a);
    } catch (e) {
      l.messageUnref(m);
      return Promise.reject(e);
    }
    const release = this.hold();
    return new Promise<T>((resolve, reject) => {
      const cb = l.koffi.register((reply: Ptr) => {
        // Not unregistered while it runs: once sd-bus has returned from it.
        setImmediate(() => l.koffi.unregister(cb));
        release();
        const ep = l.getError(reply);
        const e = ep ? (l.koffi.decode(ep, 'sk_bus_error') as { name: string | null; message: string | null }) : undefined;
        if (e?.name) reject(new BusError(e.name, e.message ?? ''));
        else {
          try {
            resolve(read(this.reader(reply)));
          } catch (x) {
            reject(x);
          }
        }
        return 1;
      }, l.koffi.pointer(l.handler));
      r = l.callAsync(this.bus, null, m, cb, null, CALL_TIMEOUT_USEC) as number;
      l.messageUnref(m);
      if (r < 0) {
        l.koffi.unregister(cb);
        release();
        reject(new BusError(member, 'cannot send the call', -r));
        return;
      }
      // sd-bus notices a timed-out call when processing: have the loop look once the time is up.
      setTimeout(() => this.dispatch(), Number(CALL_TIMEOUT_USEC / 1000n) + 100).unref();
      this.dispatch();
    });
  }

  private append(m: Ptr, a: Arg): void {
    const l = this.l;
    const check = (r: number) => {
      if (r < 0) throw new BusError('append', 'cannot add an argument', -r);
    };
    if ('s' in a) check(l.appendString(m, code('s'), a.s) as number);
    else if ('b' in a) check(l.appendBool(m, code('b'), [a.b ? 1 : 0]) as number);
    else {
      check(l.openContainer(m, code('a'), 's') as number);
      for (const s of a.as) check(l.appendString(m, code('s'), s) as number);
      check(l.closeContainer(m) as number);
    }
  }

  private reader(m: Ptr): Reply {
    const l = this.l;
    return {
      string: (type = 's') => {
        const out: Ptr[] = [null];
        // The pointer stays valid while the message lives: copied out at once.
        const r = l.readPtr(m, code(type), out) as number;
        if (r <= 0) throw new BusError('read', 'no string where one was expected', -r);
        return l.koffi.decode(out[0], 'char', -1) as string;
      },
      u32: () => {
        const out = [0];
        const r = l.readU32(m, code('u'), out) as number;
        if (r <= 0) throw new BusError('read', 'no uint32 where one was expected', -r);
        return out[0]!;
      },
      enter: (type, contents) => {
        const r = l.enter(m, code(type), contents) as number;
        if (r < 0) throw new BusError('read', `cannot enter ${type}${contents}`, -r);
        return r > 0;
      },
      exit: () => {
        const r = l.exit(m) as number;
        if (r < 0) throw new BusError('read', 'cannot leave a container', -r);
      },
      skip: (types) => {
        const r = l.skip(m, types) as number;
        if (r < 0) throw new BusError('read', `cannot skip ${types}`, -r);
      },
    };
  }

  /**
   * Subscribe to a signal; returns the function that unsubscribes. The handler runs from the event
   * loop with the signal's message (readable only during the call).
   */
  onSignal(path: string | null, iface: string, member: string, handler: (s: Signal, path: string) => void): () => void {
    const l = this.l;
    const cb = l.koffi.register((m: Ptr) => {
      try {
        handler(this.reader(m), path ?? '');
      } catch {
        /* a malformed signal is ignored */
      }
      return 0;
    }, l.koffi.pointer(l.handler));
    const slot: Ptr[] = [null];
    const r = l.matchSignal(this.bus, slot, null, path, iface, member, cb, null) as number;
    if (r < 0) {
      l.koffi.unregister(cb);
      throw new BusError(member, 'cannot subscribe', -r);
    }
    return () => {
      l.slotUnref(slot[0]);
      l.koffi.unregister(cb);
    };
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    open.delete(this);
    this.poller?.close();
    this.poller = undefined;
    this.l.closeUnref(this.bus);
    this.l.koffi.free(this.err);
  }
}


const connections = new Map<string, Bus | null>();
const open = new Set<{ close(): void }>();
let exitHook = false;

/** Close `x` when the process exits (poll handles must be gone before Node's final cleanup). */
export function closeAtExit(x: { close(): void }): () => void {
  open.add(x);
  if (!exitHook) {
    exitHook = true;
    process.once('exit', () => {
      for (const o of [...open]) o.close();
    });
  }
  return () => open.delete(x);
}

/** The connection to a manager's socket, opened once per process; undefined when it cannot be used. */
export function busAt(socket: string): Bus | undefined {
  if (!connections.has(socket)) connections.set(socket, Bus.open(socket) ?? null);
  return connections.get(socket) ?? undefined;
}
