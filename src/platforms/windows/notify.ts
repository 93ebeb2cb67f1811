/**
 * watch() on Windows, pushed by the SCM: NotifyServiceStatusChangeW on a thread of its own (the SCM
 * answers with an APC to the thread that asked, delivered while that thread waits alertably, so
 * the thread only waits: SleepEx in short turns, to notice an unsubscribe). Each notification asks
 * for every state but the one the service is in, so each one is a change. The thread is a worker
 * running servicekit's Windows thread file (dist/windows-preload.cjs), which runs notifyThread.
 */
import { parentPort, Worker } from 'node:worker_threads';
import { SC, Win32Error, lastError, scHandle, using, win32 } from './win32.js';

export const NOTIFY_MARK = 'servicekit-windows-notify';

/** SERVICE_NOTIFY_STATUS_CHANGE: the version of SERVICE_NOTIFYW this passes. */
const NOTIFY_VERSION = 2;
/** SERVICE_NOTIFY_STOPPED … PAUSED (1 << (state - 1)), and DELETE_PENDING. */
const ALL_STATES = 0x7f;
const DELETE_PENDING = 0x200;
const TURN_MS = 250;

export interface NotifyData {
  [NOTIFY_MARK]: true;
  name: string;
  /** Int32 flag: 1 asks the thread to end. */
  stop: SharedArrayBuffer;
}

type Fn = (...args: unknown[]) => unknown;

function bindings() {
  const w = win32();
  const { koffi } = w;
  const k = koffi as unknown as {
    proto(s: string): unknown;
    struct(name: string, def: Record<string, unknown>): unknown;
    alloc(type: string, n: number): unknown;
    free(p: unknown): void;
    encode(p: unknown, type: string, v: unknown): void;
    decode(p: unknown, type: string): unknown;
    load(n: string): { func(s: string): Fn };
    pointer(t: unknown): unknown;
    register(fn: (...a: never[]) => unknown, type: unknown): unknown;
  };
  const callback = k.proto('void __stdcall SkScNotifyCallback(void *param)');
  k.struct('SkServiceNotifyW', {
    dwVersion: 'uint32_t', pfnNotifyCallback: k.pointer(callback), pContext: 'void *', dwNotificationStatus: 'uint32_t',
    ServiceStatus: 'SERVICE_STATUS_PROCESS', dwNotificationTriggered: 'uint32_t', pszServiceNames: 'void *',
  });
  const adv = k.load('advapi32.dll');
  const k32 = k.load('kernel32.dll');
  return {
    k,
    w,
    callback,
    notify: adv.func('uint32_t __stdcall NotifyServiceStatusChangeW(void *svc, uint32_t mask, SkServiceNotifyW *buffer)'),
    sleepEx: k32.func('uint32_t __stdcall SleepEx(uint32_t ms, bool alertable)'),
  };
}

/** The notify thread: posts 'change' to its parent at each change of the service's state, until told to stop. */
export function notifyThread(data: NotifyData): void {
  const port = parentPort!;
  const stop = new Int32Array(data.stop);
  const { k, w, callback, notify, sleepEx } = bindings();
  const scm = scHandle(w.OpenSCManagerW(null, null, SC.MANAGER_CONNECT));
  if (!scm) throw new Win32Error('OpenSCManagerW', lastError());
  using(scm, (m) => {
    const svc = scHandle(w.OpenServiceW(m.raw, data.name, SC.SERVICE_QUERY_STATUS));
    if (!svc) throw new Win32Error(`OpenServiceW(${data.name})`, lastError());
    let fired = false;
    const cb = k.register(() => void (fired = true), k.pointer(callback));
    const buffer = k.alloc('SkServiceNotifyW', 1);
    let state = 0;
    try {
      using(svc, (s) => {
        while (Atomics.load(stop, 0) === 0) {
          fired = false;
          k.encode(buffer, 'SkServiceNotifyW', { dwVersion: NOTIFY_VERSION, pfnNotifyCallback: cb, pContext: null, dwNotificationStatus: 0, dwNotificationTriggered: 0, pszServiceNames: null });
          const mask = (ALL_STATES & ~(state ? 1 << (state - 1) : 0)) | DELETE_PENDING;
          const err = notify(s.raw, mask, buffer) as number;
          if (err !== 0) throw new Win32Error('NotifyServiceStatusChangeW', err);
          while (!fired && Atomics.load(stop, 0) === 0) sleepEx(TURN_MS, true); // WAIT_IO_COMPLETION once the APC ran
          if (!fired) break;
          const got = k.decode(buffer, 'SkServiceNotifyW') as { dwNotificationStatus: number; ServiceStatus: { dwCurrentState: number }; dwNotificationTriggered: number };
          if (got.dwNotificationStatus !== 0) throw new Win32Error('NotifyServiceStatusChangeW (notification)', got.dwNotificationStatus);
          state = got.ServiceStatus.dwCurrentState;
          port.postMessage('change');
          if (got.dwNotificationTriggered & DELETE_PENDING) break;
        }
      });
      // Closing the handle cancelled any notification still pending: the buffer is no longer written.
    } finally {
      k.free(buffer);
    }
  });
}

/**
 * Call onChange at each change the SCM pushes; the unsubscribe. Where the thread cannot run (no
 * thread file: a single executable application) or the SCM refuses, it falls back to reading the
 * status every `fallbackMs`.
 */
export function subscribeStatus(threadFile: string | undefined, name: string, onChange: () => void, fallbackMs: number): () => void {
  const stop = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
  let poll: NodeJS.Timeout | undefined;
  const fallBack = () => {
    poll ??= setInterval(onChange, fallbackMs);
    onChange();
  };
  if (threadFile === undefined) fallBack();
  else {
    const data: NotifyData = { [NOTIFY_MARK]: true, name, stop: stop.buffer as SharedArrayBuffer };
    const worker = new Worker(threadFile, { workerData: data, execArgv: [] });
    // Referenced: a watch holds the process, as the bus does on systemd; the unsubscribe ends the thread.
    worker.on('message', () => onChange());
    worker.on('error', fallBack);
  }
  // The thread sees the flag within one turn and ends (its handle closed, the notification cancelled).
  return () => {
    Atomics.store(stop, 0, 1);
    clearInterval(poll);
  };
}
