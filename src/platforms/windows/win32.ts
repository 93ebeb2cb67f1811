/**
 * koffi bindings to the Windows API (advapi32: Service Control Manager, registry, event log;
 * kernel32), loaded lazily on first use: importing servicekit never loads them, and nothing is
 * compiled on install (koffi ships prebuilt win32 binaries).
 *
 * Every wrapper throws Win32Error (code ERR_SYSCALL, `winError` = GetLastError()) on failure;
 * the managers map the codes that mean something (1060 not installed, 1073 exists, 5 denied).
 */
import { SyscallError } from '../../errors.js';
import { loadKoffi } from '../../sys/koffi.js';
import { ERROR, SC } from './constants.js';

export { ERROR, EVENTLOG, REG, SC } from './constants.js';

type Fn = ((...args: unknown[]) => unknown) & { async(...args: unknown[]): void };
interface Koffi {
  load(name: string): { func(sig: string): Fn };
  struct(name: string, def: Record<string, string | unknown>): unknown;
  proto(sig: string): unknown;
  type(name: string): unknown;
  pointer(t: unknown): unknown;
  register(fn: (...a: never[]) => unknown, type: unknown): unknown;
  unregister(cb: unknown): void;
  decode(ptr: unknown, offset: number, type: string, len?: number): unknown;
  sizeof(type: string): number;
  as(value: unknown, type: string): unknown;
}

/** A Windows API call failed; `winError` is GetLastError() (or the returned LSTATUS for registry calls). */
export class Win32Error extends SyscallError {
  get winError(): number {
    return this.errno;
  }
}

export const HKEY_LOCAL_MACHINE = 0x80000002;
export const KEY_ALL_ACCESS = 0xf003f;
export const PROCESS_QUERY_LIMITED_INFORMATION = 0x1000;
const PROCESS_TERMINATE = 0x1;
/** The exit code of a process servicekit ends (an abandoned start). */
const TERMINATED_EXIT = 1;

export interface ServiceStatus {
  dwServiceType: number;
  dwCurrentState: number;
  dwControlsAccepted: number;
  dwWin32ExitCode: number;
  dwServiceSpecificExitCode: number;
  dwCheckPoint: number;
  dwWaitHint: number;
}
export interface ServiceStatusProcess extends ServiceStatus {
  dwProcessId: number;
  dwServiceFlags: number;
}

/** The raw handle type koffi gives for `void *`. */
export type Handle = unknown;

interface Api {
  koffi: Koffi;
  GetLastError: Fn;
  OpenProcess: Fn;
  CloseHandle: Fn;
  QueryFullProcessImageNameW: Fn;
  GetExitCodeProcess: Fn;
  TerminateProcess: Fn;
  OpenSCManagerW: Fn;
  OpenServiceW: Fn;
  CreateServiceW: Fn;
  ChangeServiceConfig2W: Fn;
  ChangeServiceConfigW: Fn;
  StartServiceW: Fn;
  ControlService: Fn;
  QueryServiceStatusEx: Fn;
  QueryServiceConfigW: Fn;
  DeleteService: Fn;
  EnumServicesStatusExW: Fn;
  CloseServiceHandle: Fn;
  StartServiceCtrlDispatcherW: Fn;
  RegisterServiceCtrlHandlerExW: Fn;
  SetServiceStatus: Fn;
  RegisterEventSourceW: Fn;
  ReportEventW: Fn;
  DeregisterEventSource: Fn;
  RegCreateKeyExW: Fn;
  RegOpenKeyExW: Fn;
  RegSetValueExW: Fn;
  RegQueryValueExW: Fn;
  RegDeleteKeyW: Fn;
  RegDeleteTreeW: Fn;
  RegCloseKey: Fn;
  ServiceMainProc: unknown;
  HandlerExProc: unknown;
}

let api: Api | undefined;

export function win32(): Api {
  if (api) return api;
  const koffi = loadKoffi<Koffi>();
  const adv = koffi.load('advapi32.dll');
  const k32 = koffi.load('kernel32.dll');
  // Named types live in koffi's one registry per process, which the Windows preload's copy of this
  // code shares with the library's: each is defined by whichever comes first.
  const once = (name: string, define: () => unknown): unknown => {
    try {
      return koffi.type(name);
    } catch {
      return define();
    }
  };
  const struct = (name: string, def: Record<string, string | unknown>) => once(name, () => koffi.struct(name, def));
  const status = {
    dwServiceType: 'uint32_t', dwCurrentState: 'uint32_t', dwControlsAccepted: 'uint32_t', dwWin32ExitCode: 'uint32_t',
    dwServiceSpecificExitCode: 'uint32_t', dwCheckPoint: 'uint32_t', dwWaitHint: 'uint32_t',
  };
  struct('SERVICE_STATUS', status);
  struct('SERVICE_STATUS_PROCESS', { ...status, dwProcessId: 'uint32_t', dwServiceFlags: 'uint32_t' });
  struct('SERVICE_TABLE_ENTRYW', { name: 'const char16_t *', proc: 'void *' });
  // ChangeServiceConfig2W info structures
  struct('ENUM_SERVICE_STATUS_PROCESSW', {
    lpServiceName: 'const char16_t *', lpDisplayName: 'const char16_t *', ServiceStatusProcess: 'SERVICE_STATUS_PROCESS',
  });
  struct('SERVICE_DESCRIPTIONW', { lpDescription: 'const char16_t *' });
  struct('SC_ACTION', { Type: 'uint32_t', Delay: 'uint32_t' });
  struct('SERVICE_FAILURE_ACTIONSW', {
    dwResetPeriod: 'uint32_t', lpRebootMsg: 'const char16_t *', lpCommand: 'const char16_t *', cActions: 'uint32_t', lpsaActions: 'SC_ACTION *',
  });
  struct('SERVICE_FAILURE_ACTIONS_FLAG', { fFailureActionsOnNonCrashFailures: 'int32_t' });
  struct('SERVICE_DELAYED_AUTO_START_INFO', { fDelayedAutostart: 'int32_t' });
  struct('SERVICE_PRESHUTDOWN_INFO', { dwPreshutdownTimeout: 'uint32_t' });
  struct('SERVICE_SID_INFO', { dwServiceSidType: 'uint32_t' });
  // pmszRequiredPrivileges: a REG_MULTI_SZ-style list (multiSz's bytes).
  struct('SERVICE_REQUIRED_PRIVILEGES_INFOW', { pmszRequiredPrivileges: 'const uint8_t *' });
  const ServiceMainProc = once('ServiceMainProc', () => koffi.proto('void __stdcall ServiceMainProc(uint32_t argc, void *argv)'));
  const HandlerExProc = once('HandlerExProc', () => koffi.proto('uint32_t __stdcall HandlerExProc(uint32_t ctrl, uint32_t evtType, void *evtData, void *ctx)'));
  api = {
    koffi,
    ServiceMainProc,
    HandlerExProc,
    GetLastError: k32.func('uint32_t __stdcall GetLastError()'),
    OpenProcess: k32.func('void * __stdcall OpenProcess(uint32_t access, bool inherit, uint32_t pid)'),
    CloseHandle: k32.func('bool __stdcall CloseHandle(void *h)'),
    QueryFullProcessImageNameW: k32.func('bool __stdcall QueryFullProcessImageNameW(void *h, uint32_t flags, _Out_ uint8_t *name, _Inout_ uint32_t *size)'),
    GetExitCodeProcess: k32.func('bool __stdcall GetExitCodeProcess(void *h, _Out_ uint32_t *code)'),
    TerminateProcess: k32.func('bool __stdcall TerminateProcess(void *h, uint32_t code)'),
    OpenSCManagerW: adv.func('void * __stdcall OpenSCManagerW(const char16_t *machine, const char16_t *db, uint32_t access)'),
    OpenServiceW: adv.func('void * __stdcall OpenServiceW(void *scm, const char16_t *name, uint32_t access)'),
    CreateServiceW: adv.func(
      'void * __stdcall CreateServiceW(void *scm, const char16_t *name, const char16_t *display, uint32_t access, uint32_t type, uint32_t start, uint32_t errctl, const char16_t *bin, const char16_t *group, void *tag, const uint8_t *deps, const char16_t *user, const char16_t *pw)',
    ),
    ChangeServiceConfig2W: adv.func('bool __stdcall ChangeServiceConfig2W(void *svc, uint32_t level, void *info)'),
    ChangeServiceConfigW: adv.func(
      'bool __stdcall ChangeServiceConfigW(void *svc, uint32_t type, uint32_t start, uint32_t errctl, const char16_t *bin, const char16_t *group, void *tag, const uint8_t *deps, const char16_t *user, const char16_t *pw, const char16_t *display)',
    ),
    StartServiceW: adv.func('bool __stdcall StartServiceW(void *svc, uint32_t argc, void *argv)'),
    ControlService: adv.func('bool __stdcall ControlService(void *svc, uint32_t ctrl, _Out_ SERVICE_STATUS *st)'),
    QueryServiceStatusEx: adv.func('bool __stdcall QueryServiceStatusEx(void *svc, int level, _Out_ SERVICE_STATUS_PROCESS *buf, uint32_t size, _Out_ uint32_t *needed)'),
    QueryServiceConfigW: adv.func('bool __stdcall QueryServiceConfigW(void *svc, _Out_ uint8_t *buf, uint32_t size, _Out_ uint32_t *needed)'),
    DeleteService: adv.func('bool __stdcall DeleteService(void *svc)'),
    EnumServicesStatusExW: adv.func(
      'bool __stdcall EnumServicesStatusExW(void *scm, int level, uint32_t type, uint32_t state, _Out_ uint8_t *buf, uint32_t size, _Out_ uint32_t *needed, _Out_ uint32_t *count, _Inout_ uint32_t *resume, const char16_t *group)',
    ),
    CloseServiceHandle: adv.func('bool __stdcall CloseServiceHandle(void *h)'),
    StartServiceCtrlDispatcherW: adv.func('bool __stdcall StartServiceCtrlDispatcherW(SERVICE_TABLE_ENTRYW *table)'),
    // The status handle as a number: it is passed between threads (the preload's dispatcher thread and the main one).
    RegisterServiceCtrlHandlerExW: adv.func('uintptr_t __stdcall RegisterServiceCtrlHandlerExW(const char16_t *name, HandlerExProc *proc, void *ctx)'),
    SetServiceStatus: adv.func('bool __stdcall SetServiceStatus(uintptr_t h, SERVICE_STATUS *st)'),
    RegisterEventSourceW: adv.func('void * __stdcall RegisterEventSourceW(const char16_t *server, const char16_t *source)'),
    ReportEventW: adv.func('bool __stdcall ReportEventW(void *h, uint16_t type, uint16_t cat, uint32_t id, void *sid, uint16_t nstr, uint32_t datasize, const char16_t **strings, void *data)'),
    DeregisterEventSource: adv.func('bool __stdcall DeregisterEventSource(void *h)'),
    RegCreateKeyExW: adv.func('int32_t __stdcall RegCreateKeyExW(uintptr_t key, const char16_t *sub, uint32_t reserved, void *cls, uint32_t options, uint32_t sam, void *sa, _Out_ uintptr_t *result, _Out_ uint32_t *disposition)'),
    RegOpenKeyExW: adv.func('int32_t __stdcall RegOpenKeyExW(uintptr_t key, const char16_t *sub, uint32_t options, uint32_t sam, _Out_ uintptr_t *result)'),
    RegSetValueExW: adv.func('int32_t __stdcall RegSetValueExW(uintptr_t key, const char16_t *name, uint32_t reserved, uint32_t type, const uint8_t *data, uint32_t size)'),
    RegQueryValueExW: adv.func('int32_t __stdcall RegQueryValueExW(uintptr_t key, const char16_t *name, void *reserved, _Out_ uint32_t *type, _Out_ uint8_t *data, _Inout_ uint32_t *size)'),
    RegDeleteKeyW: adv.func('int32_t __stdcall RegDeleteKeyW(uintptr_t key, const char16_t *sub)'),
    RegDeleteTreeW: adv.func('int32_t __stdcall RegDeleteTreeW(uintptr_t key, const char16_t *sub)'),
    RegCloseKey: adv.func('int32_t __stdcall RegCloseKey(uintptr_t key)'),
  };
  return api;
}

export function lastError(): number {
  return win32().GetLastError() as number;
}

/** Parse REG_MULTI_SZ bytes back into strings. */
export function parseMultiSz(buf: Buffer): string[] {
  const s = buf.toString('utf16le');
  const out: string[] = [];
  for (const part of s.split('\0')) {
    if (part === '') break;
    out.push(part);
  }
  return out;
}

// ---- registry -------------------------------------------------------------------------------

export function regCheck(what: string, status: number): void {
  if (status !== 0) throw new Win32Error(what, status);
}

export function regOpenKey(sub: string): number | undefined {
  const out = [0];
  const st = win32().RegOpenKeyExW(HKEY_LOCAL_MACHINE, sub, 0, KEY_ALL_ACCESS, out) as number;
  if (st === ERROR.FILE_NOT_FOUND) return undefined;
  regCheck(`RegOpenKeyExW(${sub})`, st);
  return Number(out[0]);
}

/** The raw bytes of a value, or undefined when it does not exist. */
function regGet(key: number, name: string): { type: number; data: Buffer } | undefined {
  const w = win32();
  const type = [0];
  const size = [0];
  let st = w.RegQueryValueExW(key, name, null, type, null, size) as number;
  if (st === ERROR.FILE_NOT_FOUND) return undefined;
  regCheck(`RegQueryValueExW(${name})`, st);
  const data = Buffer.alloc(size[0] ?? 0);
  st = w.RegQueryValueExW(key, name, null, type, data, size) as number;
  regCheck(`RegQueryValueExW(${name})`, st);
  return { type: type[0] ?? 0, data: data.subarray(0, size[0]) };
}

// ---- handles --------------------------------------------------------------------------------

/**
 * An open handle that closes itself once: close() is idempotent, and `using()` closes it whatever
 * its body does (the RAII of windows-service-rs, for koffi's raw pointers).
 */
export class OwnedHandle {
  #raw: Handle;
  constructor(
    raw: Handle,
    private readonly closer: (h: Handle) => unknown,
  ) {
    this.#raw = raw;
  }

  get raw(): Handle {
    if (!this.#raw) throw new Error('handle used after close');
    return this.#raw;
  }

  close(): void {
    const h = this.#raw;
    this.#raw = null;
    if (h) this.closer(h);
  }
}

/** Run fn with the handle, then close it, for sync and async bodies alike. */
export function using<T>(h: OwnedHandle, fn: (h: OwnedHandle) => T): T {
  let out: T;
  try {
    out = fn(h);
  } catch (e) {
    h.close();
    throw e;
  }
  if (out instanceof Promise) return out.finally(() => h.close()) as T;
  h.close();
  return out;
}

/** An SCM or service handle (CloseServiceHandle), or undefined when the call returned NULL. */
export function scHandle(raw: Handle): OwnedHandle | undefined {
  return raw ? new OwnedHandle(raw, (h) => win32().CloseServiceHandle(h)) : undefined;
}

/** A registry key (RegCloseKey). */
export function regHandle(key: number): OwnedHandle {
  return new OwnedHandle(key, (k) => win32().RegCloseKey(k));
}

/** One value of HKLM\sub, or undefined when the key or the value does not exist. */
export function regGetValue(sub: string, name: string): { type: number; data: Buffer } | undefined {
  const key = regOpenKey(sub);
  return key === undefined ? undefined : using(regHandle(key), (k) => regGet(k.raw as number, name));
}

// ---- processes ------------------------------------------------------------------------------

/** Full image path of a process, or undefined when it cannot be opened. */
export function processImage(pid: number): string | undefined {
  const w = win32();
  const raw = w.OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, false, pid);
  if (!raw) return undefined;
  return using(new OwnedHandle(raw, (h) => w.CloseHandle(h)), (h) => {
    const chars = 1024;
    const buf = Buffer.alloc(2 * chars);
    const size = [chars];
    if (!w.QueryFullProcessImageNameW(h.raw, 0, buf, size)) return undefined;
    return buf.subarray(0, (size[0] ?? 0) * 2).toString('utf16le');
  });
}

/** End process `pid` at once (a service stuck starting, whose start is abandoned); false where it cannot be opened. */
export function terminateProcess(pid: number): boolean {
  const w = win32();
  const raw = w.OpenProcess(PROCESS_TERMINATE, false, pid);
  if (!raw) return false;
  return using(new OwnedHandle(raw, (h) => w.CloseHandle(h)), (h) => w.TerminateProcess(h.raw, TERMINATED_EXIT) as boolean);
}

/** STILL_ACTIVE: what GetExitCodeProcess says of a process that has not exited. */
const STILL_ACTIVE = 259;

/** Is the process `pid` still running? (true where that cannot be told) */
export function processAlive(pid: number): boolean {
  const w = win32();
  const raw = w.OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, false, pid);
  if (!raw) return false;
  return using(new OwnedHandle(raw, (h) => w.CloseHandle(h)), (h) => {
    const code = [0];
    return !w.GetExitCodeProcess(h.raw, code) || code[0] === STILL_ACTIVE;
  });
}

export interface EnumeratedService {
  name: string;
  status: ServiceStatusProcess;
}

/** The SCM's own-process Win32 services (running ones only, or all), with their status, in one call. */
export function enumServices(activeOnly: boolean): EnumeratedService[] {
  const w = win32();
  const scm = scHandle(w.OpenSCManagerW(null, null, SC.MANAGER_CONNECT | SC.MANAGER_ENUMERATE_SERVICE));
  if (!scm) throw new Win32Error('OpenSCManagerW', lastError());
  return using(scm, (h) => {
    let size = 64 * 1024;
    for (let attempt = 0; attempt < 3; attempt++) {
      const buf = Buffer.alloc(size);
      const needed = [0];
      const count = [0];
      const state = activeOnly ? SC.STATE_ACTIVE : SC.STATE_ALL;
      const ok = w.EnumServicesStatusExW(h.raw, SC.STATUS_PROCESS_INFO, SC.SERVICE_WIN32_OWN_PROCESS, state, buf, size, needed, count, [0], null);
      if (!ok && lastError() === ERROR.MORE_DATA) {
        size = (needed[0] ?? 0) + size;
        continue;
      }
      if (!ok) throw new Win32Error('EnumServicesStatusExW', lastError());
      const stride = w.koffi.sizeof('ENUM_SERVICE_STATUS_PROCESSW');
      return Array.from({ length: count[0] ?? 0 }, (_, i) => {
        const e = w.koffi.decode(buf, i * stride, 'ENUM_SERVICE_STATUS_PROCESSW') as { lpServiceName: string; ServiceStatusProcess: ServiceStatusProcess };
        return { name: e.lpServiceName, status: e.ServiceStatusProcess };
      });
    }
    throw new Win32Error('EnumServicesStatusExW', ERROR.MORE_DATA);
  });
}

/** The name of the Win32 service whose process is `pid`, if the SCM has one. */
export function serviceNameOfProcess(pid: number): string | undefined {
  return enumServices(true).find((s) => s.status.dwProcessId === pid)?.name;
}
