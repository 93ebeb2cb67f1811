/**
 * Windows Service Control Manager, driven directly through advapi32 (koffi): no sc.exe, no
 * wrapper executable of someone else's. What the SCM runs (render.ts, launchOf): a Node program in
 * its own node.exe with servicekit's preload (preload.ts), any other program under servicekit's
 * host (host.ts), or a program that calls run() itself (runner.ts). Every handle is closed by `using`.
 */
import { processUsage } from './usage.js';
import { checkCredentialSources, copyCredentials, credentialsStale, removeCredentials } from './credentials.js';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ResolvedConfig } from '../../config.js';
import { support } from './honours.js';
import { AlreadyInstalledError, NotInstalledError, NotOwnedError, PermissionError, StartFailedError, TimeoutError, UnsupportedError } from '../../errors.js';
import { realHost } from '../../sys/host.js';
import { withRollback, type Step } from '../../sys/rollback.js';
import { checkProgram } from '../install.js';
import { logTail, type FileChange, type InstallOptions, type InstallResult, type LogOptions, type UninstallOptions, type Plan, type PreparedConfig, type RenderedFile, type StoredState, type ServiceManager, type ServiceState, type StatusDetail, type UninstallResult, type UpdateOptions, type UpdateResult } from '../platform.js';
import { OWNER_VALUE, eventSourceKey, serviceKey } from './env.js';
import { bootStartCode, credentialsDirectory, DEFAULT_LOG_DIRECTORY, preshutdownMs, EVENT_MESSAGE_FILE, EVENT_TYPES_SUPPORTED, keyPath, launchOf, renderSpec, renderWindows, scmSpec as specOf, type ScmSpec } from './render.js';
import { servicekitFiles, servicekitThreads } from './files.js';
import { subscribeStatus } from './notify.js';
import { checkEnvironmentFiles } from './env-files.js';
import { logDirectoryOf, logFilesFound, makeLogDirectory, readLogs, removeLogFiles, removeServiceLogDirectory } from './log-files.js';
import type { LogFiles } from './output.js';
import { accountKind } from './accounts.js';
import { grantLogonRight, LOGON_RIGHT, revokeLogonRight } from './logon-right.js';
import { passwordChanged, PASSWORD_VALUE, restoreServiceKey, storedConfigText, storedSpec, writeServiceKey } from './stored.js';
import { parseState, renderState } from '../shared/state.js';
import {
  ERROR,
  REG,
  SC,
  Win32Error,
  lastError,
  processAlive,
  regGetValue,
  terminateProcess,
  enumServices,
  scHandle,
  using,
  win32,
  type OwnedHandle,
  type ServiceStatusProcess,
} from './win32.js';
import { check, multiSz, regDeleteTree, regDword, regKeyExists, regSet, wide, withCreatedKey } from './registry.js';

/** Why a start failed, for the errors users meet most (the SCM's codes alone say little). */
const START_ERRORS: Readonly<Record<number, string>> = {
  [ERROR.SERVICE_REQUEST_TIMEOUT]: 'the program did not connect to the Service Control Manager in time (a program that calls run() must do so at once)',
  [ERROR.SERVICE_LOGON_FAILED]: "its account could not log on: a wrong password, or the account lacks the 'Log on as a service' right (SeServiceLogonRight)",
  [ERROR.FILE_NOT_FOUND]: "the program's file was not found",
  [ERROR.BAD_EXE_FORMAT]: 'the program is not a Windows executable',
  [ERROR.SERVICE_DISABLED]: 'the service is disabled (servicekit enable NAME)',
  [ERROR.ACCESS_DENIED]: 'access denied: run as an Administrator',
  [ERROR.PROCESS_ABORTED]: "the program's process ended without telling the Service Control Manager",
};

/** What an exit the SCM recorded means: the program's own code (through servicekit's side), or the SCM's error in words. */
function exitCause(st: ServiceStatusProcess): string {
  if (st.dwWin32ExitCode === ERROR.SERVICE_SPECIFIC_ERROR) return `service-specific exit code ${st.dwServiceSpecificExitCode}`;
  const why = START_ERRORS[st.dwWin32ExitCode];
  return `exit code ${st.dwWin32ExitCode}${why ? `: ${why}` : ''}`;
}

/** The usual fix for the SCM's errors that have one. */
const FIXES: Readonly<Record<number, string>> = {
  [ERROR.SERVICE_LOGON_FAILED]: "check the account's password (servicekit update NAME --password-env VAR) and grant it 'Log on as a service' (secpol.msc, or ntrights +r SeServiceLogonRight)",
  [ERROR.FILE_NOT_FOUND]: 'the program moved or was removed: servicekit update NAME -- COMMAND',
  [ERROR.SERVICE_DISABLED]: 'servicekit enable NAME',
};

/** The SCM's service states: each one's name (as Windows spells it) and what servicekit calls it. */
const STATES: Record<number, { name: string; state: ServiceState }> = {
  [SC.STOPPED]: { name: 'STOPPED', state: 'stopped' },
  [SC.START_PENDING]: { name: 'START_PENDING', state: 'starting' },
  [SC.STOP_PENDING]: { name: 'STOP_PENDING', state: 'stopping' },
  [SC.RUNNING]: { name: 'RUNNING', state: 'running' },
  [SC.CONTINUE_PENDING]: { name: 'CONTINUE_PENDING', state: 'starting' },
  [SC.PAUSE_PENDING]: { name: 'PAUSE_PENDING', state: 'stopping' },
  [SC.PAUSED]: { name: 'PAUSED', state: 'stopped' },
};

/** A state's name as Windows spells it (its number where unknown). */
function stateName(code: number): string {
  return STATES[code]?.name ?? String(code);
}
/** watch() where no notification thread can run: how often the status is read. */
const WATCH_FALLBACK_POLL_MS = 1000;
/** Lines of output a start error shows (of each file). */
const START_ERROR_LINES = 10;
/** How long start waits for RUNNING (the program reports START_PENDING with checkpoints meanwhile). */
const START_TIMEOUT_MS = 60_000;
/** How long before StartServiceW is tried again after the SCM failed inside. */
const START_RETRY_MS = 250;
/** How long an abandoned start waits for the SCM to see its ended process. */
const ABANDON_WAIT_MS = 5000;
/** How long uninstall waits for the SCM to let go of a deleted service. */
const DELETE_TIMEOUT_MS = 10_000;
/** Time a stopping process gets to exit, on top of the program's stop timeout. */
const STOP_EXIT_MARGIN_MS = 15_000;
const POLL_MS = 50;
/** What install says after granting the right (uninstall leaves it: other services of the account may rely on it). */
function grantedWords(account: string): string {
  return `granted ${account} the "Log on as a service" right (${LOGON_RIGHT}), which it lacked; uninstall leaves it`;
}

/** ChangeServiceConfigW's name for the LocalSystem account. */
const LOCAL_SYSTEM = 'LocalSystem';
/** SC_ACTION types. */
const ACTION = { none: 0, restart: 1, reboot: 2 } as const;
/** The SCM's recovery actions: the same action for the first, second and later failures. */
const FAILURE_COUNTS = 3;

/** The service's spec, with servicekit's files where this program needs them. */
function scmSpec(cfg: ResolvedConfig): ScmSpec {
  return specOf(cfg, servicekitFiles(launchOf(cfg) !== 'program'));
}

/** Map the Win32 errors that mean something to the library's typed errors. */
function mapError(e: unknown, name: string, what: string): unknown {
  if (!(e instanceof Win32Error)) return e;
  switch (e.winError) {
    case ERROR.SERVICE_DOES_NOT_EXIST:
      return new NotInstalledError(name, { cause: e });
    case ERROR.SERVICE_EXISTS:
    case ERROR.DUPLICATE_SERVICE_NAME:
      return new AlreadyInstalledError(name, 'the Service Control Manager has a service by that name', { cause: e });
    case ERROR.SERVICE_MARKED_FOR_DELETE:
      return new AlreadyInstalledError(name, 'marked for deletion; close services.msc and any open handles, then retry', { cause: e });
    case ERROR.ACCESS_DENIED:
      return new PermissionError(`${what} needs an elevated prompt (Run as Administrator)`, { cause: e });
    default:
      return e;
  }
}

/** The SCM says the service runs, but its process is gone (killed; Wine's SCM does not notice, Windows' does). */
function processGone(st: ServiceStatusProcess): boolean {
  if (st.dwCurrentState === SC.STOPPED) return false;
  // (START_PENDING without a PID: the SCM is creating the process.)
  if (st.dwProcessId === 0) return st.dwCurrentState !== SC.START_PENDING;
  return !processAlive(st.dwProcessId);
}

function query(svc: OwnedHandle): ServiceStatusProcess {
  const w = win32();
  const st = {} as ServiceStatusProcess;
  check('QueryServiceStatusEx', w.QueryServiceStatusEx(svc.raw, SC.STATUS_PROCESS_INFO, st, w.koffi.sizeof('SERVICE_STATUS_PROCESS'), [0]));
  return st;
}

/**
 * The status, read again when its process looks gone: a process reports STOPPED (with its exit
 * code) before it ends, so a reading taken just before that report followed by a liveness check
 * just after the end would tell of a process that ended without a word (seen in CI: 1067 for a
 * script that threw at once and had reported its exit code 1).
 */
function freshStatus(svc: OwnedHandle): ServiceStatusProcess {
  const st = query(svc);
  return processGone(st) ? query(svc) : st;
}

/** The status once `done` says so, polled for up to `ms`; undefined if it never does. */
async function pollStatus(svc: OwnedHandle, ms: number, done: (st: ServiceStatusProcess) => ServiceStatusProcess | undefined): Promise<ServiceStatusProcess | undefined> {
  const end = Date.now() + ms;
  for (;;) {
    const st = done(freshStatus(svc));
    if (st !== undefined) return st;
    if (Date.now() > end) return undefined;
    await sleep(POLL_MS);
  }
}

/** Poll until the state is one of `want` (or the process is gone: then as STOPPED), or throw TimeoutError. */
async function waitState(svc: OwnedHandle, want: number[], ms: number, what: string): Promise<ServiceStatusProcess> {
  const st = await pollStatus(svc, ms, (s) => {
    if (want.includes(s.dwCurrentState)) return s;
    return processGone(s) ? { ...s, dwCurrentState: SC.STOPPED, dwWin32ExitCode: s.dwWin32ExitCode || ERROR.PROCESS_ABORTED } : undefined;
  });
  if (st === undefined) throw new TimeoutError(`${what}: still ${stateName(query(svc).dwCurrentState)} after ${ms} ms`);
  return st;
}

/** How long a start refused with 1053 is watched for the program's own exit code (it may still be reporting). */
const LATE_EXIT_CODE_MS = 1000;

/** The STOPPED status with the program's own exit code, if it reports one soon; undefined otherwise. */
function exitCodeSoon(svc: OwnedHandle): Promise<ServiceStatusProcess | undefined> {
  return pollStatus(svc, LATE_EXIT_CODE_MS, (s) => (s.dwCurrentState === SC.STOPPED && s.dwWin32ExitCode === ERROR.SERVICE_SPECIFIC_ERROR ? s : undefined));
}

function config2(svc: OwnedHandle, level: number, type: string, info: Record<string, unknown>): void {
  const w = win32();
  if (!w.ChangeServiceConfig2W(svc.raw, level, w.koffi.as(info, `${type} *`))) throw new Win32Error(`ChangeServiceConfig2W(${type})`, lastError());
}

/** A ChangeServiceConfig2W level this SCM may lack (Wine: ERROR_INVALID_LEVEL). */
function isMissingLevel(e: unknown): boolean {
  return e instanceof Win32Error && e.winError === ERROR.INVALID_LEVEL;
}

/** What an update changes: the spec as render() shows it, against the stored one (none: all of it); a new password, never shown. */
function specChanges(name: string, spec: ScmSpec, old: ScmSpec | undefined, password: string | undefined): FileChange[] {
  const after = renderSpec(spec);
  const before = old === undefined ? undefined : renderSpec(old);
  return [
    ...(before === after ? [] : [{ path: keyPath(name), ...(before === undefined ? {} : { before }), after, secret: false }]),
    ...(passwordChanged(name, password) ? [{ path: `${keyPath(name)} (password)`, secret: true }] : []),
  ];
}

/**
 * The service's type, command line, dependencies, account (and password, when given), display name,
 * and its start type only when `startType` says so (an update keeps what enable/disable set).
 */
function changeConfig(svc: OwnedHandle, spec: ScmSpec, from: ScmSpec, password: string | undefined, startType: boolean): void {
  // The account only when it changes (NULL keeps it); back to LocalSystem by that name.
  const account = spec.account === from.account ? null : (spec.account ?? LOCAL_SYSTEM);
  check(
    'ChangeServiceConfigW',
    win32().ChangeServiceConfigW(
      svc.raw, spec.serviceType, startType ? spec.startTypeCode : SC.SERVICE_NO_CHANGE, SC.SERVICE_ERROR_NORMAL, spec.binaryPathName, null, null,
      multiSz(spec.dependencies), account, password ?? null, spec.displayName,
    ),
  );
}

function setDescription(svc: OwnedHandle, spec: ScmSpec): void {
  config2(svc, SC.CONFIG_DESCRIPTION, 'SERVICE_DESCRIPTIONW', { lpDescription: spec.description });
}

function setRecovery(svc: OwnedHandle, spec: ScmSpec): void {
  const type = ACTION[spec.onFailure === 'noaction' ? 'none' : spec.onFailure];
  const actions = type === ACTION.none ? [] : Array.from({ length: FAILURE_COUNTS }, () => ({ Type: type, Delay: spec.onFailureDelayMs }));
  config2(svc, SC.CONFIG_FAILURE_ACTIONS, 'SERVICE_FAILURE_ACTIONSW', {
    dwResetPeriod: spec.onFailureResetPeriodSec, lpRebootMsg: null, lpCommand: null, cActions: actions.length, lpsaActions: actions,
  });
  // Also act when the program fails with an error code (STOPPED + exit code), not only on a
  // crash. An SCM without this level (Wine) still has the crash actions.
  try {
    config2(svc, SC.CONFIG_FAILURE_ACTIONS_FLAG, 'SERVICE_FAILURE_ACTIONS_FLAG', { fFailureActionsOnNonCrashFailures: type === ACTION.none ? 0 : 1 });
  } catch (e) {
    if (!isMissingLevel(e)) throw e;
  }
}

/** The time the machine's shutdown gives the service (PRESHUTDOWN): its stop timeout and the margin its process gets to exit. */
function setPreshutdown(svc: OwnedHandle, spec: ScmSpec): void {
  config2(svc, SC.CONFIG_PRESHUTDOWN_INFO, 'SERVICE_PRESHUTDOWN_INFO', { dwPreshutdownTimeout: preshutdownMs(spec) });
}

/** SERVICE_SID_TYPE_NONE and an empty list: what a service has without hardening (an update back to none sets these). */
const NO_SANDBOX = { sidType: 0, privileges: [] as string[] };

/**
 * hardening: the service SID type and (strict) the privileges the service keeps. An SCM without
 * these levels (Wine's answers ERROR_INVALID_LEVEL) cannot honour a level: refused, never dropped.
 */
function setSandbox(svc: OwnedHandle, spec: ScmSpec): void {
  const s = spec.sandbox ?? NO_SANDBOX;
  try {
    config2(svc, SC.CONFIG_SERVICE_SID_INFO, 'SERVICE_SID_INFO', { dwServiceSidType: s.sidType });
    config2(svc, SC.CONFIG_REQUIRED_PRIVILEGES_INFO, 'SERVICE_REQUIRED_PRIVILEGES_INFOW', { pmszRequiredPrivileges: multiSz(s.privileges ?? []) });
  } catch (e) {
    if (!isMissingLevel(e)) throw e;
    if (spec.sandbox) throw new UnsupportedError(`hardening ${spec.sandbox.level}: this Service Control Manager sets no service SID type or required privileges (Wine has neither); leave hardening out`, { cause: e });
  }
}

/** Delayed automatic start on or off; an SCM without it (Wine) refuses "on" only. */
function setDelayedStart(svc: OwnedHandle, spec: ScmSpec): void {
  try {
    config2(svc, SC.CONFIG_DELAYED_AUTO_START_INFO, 'SERVICE_DELAYED_AUTO_START_INFO', { fDelayedAutostart: spec.delayedAutoStart ? 1 : 0 });
  } catch (e) {
    if (!isMissingLevel(e)) throw e;
    if (spec.delayedAutoStart) throw new UnsupportedError('windows.delayedAutoStart: this Service Control Manager has no delayed automatic start (Wine has none)', { cause: e });
  }
}

export class WindowsManager implements ServiceManager {
  readonly platform = 'windows-service' as const;
  readonly support = support;

  /** Nothing on the host to read in: environment files are refused on Windows. */
  async prepare(cfg: ResolvedConfig): Promise<PreparedConfig> {
    return { ...cfg, fileEnv: {} };
  }

  render(cfg: PreparedConfig): RenderedFile[] {
    return renderWindows(cfg, servicekitFiles(false));
  }

  private scm(access: number, what: string, name: string): OwnedHandle {
    const h = scHandle(win32().OpenSCManagerW(null, null, access));
    if (!h) throw mapError(new Win32Error('OpenSCManagerW', lastError()), name, what);
    return h;
  }

  /** Run fn with an open service handle; NotInstalledError when there is none. */
  private withService<T>(cfg: ResolvedConfig, access: number, what: string, fn: (svc: OwnedHandle) => Promise<T>): Promise<T> {
    return using(this.scm(SC.MANAGER_CONNECT, what, cfg.name), (scm) => {
      const svc = scHandle(win32().OpenServiceW(scm.raw, cfg.name, access));
      if (!svc) throw mapError(new Win32Error(`OpenServiceW(${cfg.name})`, lastError()), cfg.name, what);
      return using(svc, fn).catch((e: unknown) => {
        throw mapError(e, cfg.name, what);
      });
    });
  }

  /** "Already installed" is decided before anything is written (the Go library wrote the registry environment first). */
  private assertNew(scm: OwnedHandle, name: string): void {
    const existing = scHandle(win32().OpenServiceW(scm.raw, name, SC.SERVICE_QUERY_STATUS));
    if (existing) {
      existing.close();
      throw new AlreadyInstalledError(name, 'the Service Control Manager has a service by that name');
    }
    if (regKeyExists(eventSourceKey(name))) throw new AlreadyInstalledError(name, `an event log source HKLM\\${eventSourceKey(name)} exists`);
  }

  async install(cfg: ResolvedConfig, opts: InstallOptions = {}): Promise<InstallResult> {
    const spec = scmSpec(cfg);
    await checkProgram(realHost, cfg);
    checkEnvironmentFiles(spec.environmentFiles);
    checkCredentialSources(spec.credentials);
    const warnings: string[] = [];
    await using(this.scm(SC.MANAGER_ALL_ACCESS, 'installing a service', cfg.name), async (scm) => {
      this.assertNew(scm, cfg.name);
      let svc: OwnedHandle | undefined;
      try {
        await withRollback(async (step) => {
          if (spec.logs) {
            const logs = spec.logs;
            await step('log directory', async () => makeLogDirectory(logDirectoryOf(logs), spec.account));
          }
          const credentials = spec.credentials;
          if (credentials) await step('credentials', async () => copyCredentials(credentials, spec.account), async () => removeCredentials(credentials.directory));
          if (await this.logonRight(step, spec.account)) warnings.push(grantedWords(spec.account!));
          svc = await this.create(step, scm, spec, cfg);
          await this.configure(step, svc, spec, cfg);
          if (opts.start) {
            const started = svc;
            // Undone even when the start fails or is abandoned: a service stuck in START_PENDING must be stopped before it can be deleted.
            await step('start', () => this.startAndWait(started, cfg), async () => void (await this.abandonStart(started, cfg).catch(() => undefined)));
          }
        }, opts.signal === undefined ? {} : { signal: opts.signal });
      } finally {
        svc?.close();
      }
    });
    return { warnings };
  }

  /**
   * An ordinary account (not LocalSystem, a built-in or a virtual one) gets the "Log on as a
   * service" right where it lacks it; the step's undo takes back what it granted. True when granted.
   */
  private async logonRight(step: Step, account: string | undefined): Promise<boolean> {
    if (accountKind(account) !== 'user') return false;
    let granted = false;
    await step('log on as a service', async () => {
      granted = grantLogonRight(account!);
      return async () => {
        if (granted) revokeLogonRight(account!);
      };
    });
    return granted;
  }

  private async create(step: Step, scm: OwnedHandle, spec: ScmSpec, cfg: ResolvedConfig): Promise<OwnedHandle> {
    let svc: OwnedHandle | undefined;
    await step('CreateServiceW', async () => {
      svc = scHandle(
        win32().CreateServiceW(
          scm.raw, spec.name, spec.displayName, SC.SERVICE_ALL_ACCESS, spec.serviceType, spec.startTypeCode,
          SC.SERVICE_ERROR_NORMAL, spec.binaryPathName, null, null,
          spec.dependencies.length ? multiSz(spec.dependencies) : null,
          spec.account ?? null, cfg.windows.password ?? null,
        ),
      );
      if (!svc) throw mapError(new Win32Error('CreateServiceW', lastError()), cfg.name, 'installing a service');
      const created = svc;
      return async () => {
        win32().DeleteService(created.raw);
        created.close(); // the SCM deletes it once every handle is closed
        await this.waitDeleted(cfg.name);
      };
    });
    return svc!;
  }

  private async configure(step: Step, svc: OwnedHandle, spec: ScmSpec, cfg: ResolvedConfig): Promise<void> {
    await step('description', async () => setDescription(svc, spec));
    await step('recovery actions', async () => setRecovery(svc, spec));
    await step('pre-shutdown time', async () => setPreshutdown(svc, spec));
    if (spec.delayedAutoStart) await step('delayed auto-start', async () => setDelayedStart(svc, spec));
    if (spec.sandbox) await step('hardening', async () => setSandbox(svc, spec));
    // The key goes with DeleteService. The mark tells later commands the service is servicekit's.
    await step('environment and mark', async () => writeServiceKey(cfg.name, spec, renderState(cfg, false), cfg.windows.password));
    // Undone even when filling the key fails half-way.
    await step(
      'event log source',
      async () =>
        withCreatedKey(eventSourceKey(cfg.name), (key) => {
          regSet(key, 'EventMessageFile', REG.EXPAND_SZ, wide(EVENT_MESSAGE_FILE));
          regSet(key, 'TypesSupported', REG.DWORD, regDword(EVENT_TYPES_SUPPORTED));
        }),
      async () => regDeleteTree(eventSourceKey(cfg.name)),
    );
  }

  /** Does the service's key carry servicekit's mark? */
  private owned(name: string): boolean {
    const mark = regGetValue(serviceKey(name), OWNER_VALUE);
    return mark !== undefined && mark.data.toString('utf16le').replace(/\0+$/, '') === name;
  }

  /** Only a service whose key carries servicekit's mark is removed (NotOwnedError otherwise). */
  private assertOwned(name: string): void {
    if (!this.owned(name)) throw new NotOwnedError(name, keyPath(name), `has no ${OWNER_VALUE} value`);
  }

  /** servicekit's services: one enumeration of the SCM, the mark read from each key. */
  async list(userService: boolean): Promise<StatusDetail[]> {
    if (userService) return [];
    return enumServices(false)
      .filter((s) => this.owned(s.name))
      .map((s) => this.detail(s.name, s.status))
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  /**
   * What update would change: the service's spec as render() shows it, against the one stored with
   * it at install or the last update (a new password counts as a change, shown as a secret).
   */
  async plan(cfg: ResolvedConfig): Promise<Plan> {
    const spec = scmSpec(cfg);
    if (!(await this.exists(cfg))) return { action: 'create', changes: [{ path: keyPath(cfg.name), after: renderSpec(spec), secret: false }] };
    this.assertOwned(cfg.name);
    const changes = specChanges(cfg.name, spec, storedSpec(cfg.name), cfg.windows.password);
    return { action: changes.length ? 'update' : 'unchanged', changes };
  }

  async storedConfig(cfg: ResolvedConfig): Promise<StoredState | undefined> {
    return this.withService(cfg, SC.SERVICE_QUERY_STATUS, 'reading a service', async () => {
      this.assertOwned(cfg.name);
      const text = storedConfigText(cfg.name);
      return text === undefined ? undefined : parseState(text, cfg.name);
    });
  }

  private async exists(cfg: ResolvedConfig): Promise<boolean> {
    return (await this.status(cfg)).state !== 'not-installed';
  }

  /**
   * Change the installed service in place (ChangeServiceConfigW, ChangeServiceConfig2W, its key), not
   * delete + create: each step with its undo (the spec stored with the service), restarted if it
   * ran; a failure brings the old configuration back and the old version running.
   */
  async update(cfg: ResolvedConfig, opts: UpdateOptions = {}): Promise<UpdateResult> {
    const spec = scmSpec(cfg);
    await checkProgram(realHost, cfg);
    checkEnvironmentFiles(spec.environmentFiles);
    checkCredentialSources(spec.credentials);
    return this.withService(cfg, SC.SERVICE_ALL_ACCESS, 'updating a service', async (svc) => {
      this.assertOwned(cfg.name);
      const old = storedSpec(cfg.name);
      if (old === undefined) throw new UnsupportedError(`${cfg.name} was installed without the configuration update restores on failure: uninstall and install it again`);
      const password = cfg.windows.password;
      const stored = renderState(cfg, false);
      const secrets = credentialsDirectory(cfg.name);
      if (specChanges(cfg.name, spec, old, password).length === 0 && !credentialsStale(spec.credentials, secrets)) {
        // Nothing the SCM sees changed; the stored configuration follows what was given (e.g. the same values spelled otherwise).
        if (storedConfigText(cfg.name) !== stored) writeServiceKey(cfg.name, spec, stored, undefined);
        return { changed: false, restarted: false };
      }
      const state = query(svc).dwCurrentState;
      const restart = opts.restart !== false && (state === SC.RUNNING || state === SC.START_PENDING);
      await withRollback(async (step) => {
        // Undone last: the old configuration back first, then the old version started again.
        if (restart) await step('keep it running', async () => undefined, () => this.startAndWait(svc, cfg).catch(() => undefined));
        // Enablement is kept (as enable/disable left it) unless the configuration says it.
        const startType = cfg.given.includes('enabled') || cfg.given.includes('windows.startType');
        if (spec.account !== old.account) await this.logonRight(step, spec.account);
        await step('ChangeServiceConfigW', async () => changeConfig(svc, spec, old, password, startType), async () => changeConfig(svc, old, spec, undefined, startType));
        await step('description', async () => setDescription(svc, spec), async () => setDescription(svc, old));
        await step('recovery actions', async () => setRecovery(svc, spec), async () => setRecovery(svc, old));
        await step('pre-shutdown time', async () => setPreshutdown(svc, spec), async () => setPreshutdown(svc, old));
        if (spec.delayedAutoStart !== old.delayedAutoStart) await step('delayed auto-start', async () => setDelayedStart(svc, spec), async () => setDelayedStart(svc, old));
        if (JSON.stringify(spec.sandbox) !== JSON.stringify(old.sandbox)) await step('hardening', async () => setSandbox(svc, spec), async () => setSandbox(svc, old));
        const previousDigest = regGetValue(serviceKey(cfg.name), PASSWORD_VALUE);
        const previousConfig = storedConfigText(cfg.name) ?? '';
        await step('environment and mark', async () => writeServiceKey(cfg.name, spec, stored, password), async () => restoreServiceKey(cfg.name, old, previousConfig, previousDigest?.data));
        // The copies as the new configuration has them (none: gone); undone from the old configuration's sources.
        await step(
          'credentials',
          async () => (spec.credentials ? copyCredentials(spec.credentials, spec.account) : removeCredentials(secrets)),
          async () => (old.credentials ? copyCredentials(old.credentials, old.account) : removeCredentials(secrets)),
        );
        if (restart) {
          await step('restart', async () => {
            await this.stopAndWait(svc, cfg);
            await this.startAndWait(svc, cfg);
          });
        }
      }, opts.signal === undefined ? {} : { signal: opts.signal });
      return { changed: true, restarted: restart };
    });
  }

  /** Start at boot (automatic) or not (manual): ChangeServiceConfigW on the start type only. */
  async setEnabled(cfg: ResolvedConfig, on: boolean): Promise<void> {
    await this.withService(cfg, SC.SERVICE_CHANGE_CONFIG, on ? 'enabling a service' : 'disabling a service', async (svc) => {
      this.assertOwned(cfg.name);
      const N = SC.SERVICE_NO_CHANGE;
      check('ChangeServiceConfigW', win32().ChangeServiceConfigW(svc.raw, N, bootStartCode(on), N, null, null, null, null, null, null, null));
    });
  }

  /** The service's output files are kept and named (purge: removed), as on Linux. */
  async uninstall(cfg: ResolvedConfig, opts: UninstallOptions = {}): Promise<UninstallResult> {
    let logs: string[] = [];
    let files: LogFiles | undefined;
    await this.withService(cfg, SC.SERVICE_ALL_ACCESS, 'removing a service', async (svc) => {
      this.assertOwned(cfg.name);
      files = storedSpec(cfg.name)?.logs;
      logs = files ? logFilesFound(files) : [];
      if (query(svc).dwCurrentState !== SC.STOPPED) await this.stopAndWait(svc, cfg);
      check('DeleteService', win32().DeleteService(svc.raw));
    });
    await this.waitDeleted(cfg.name);
    regDeleteTree(eventSourceKey(cfg.name));
    removeCredentials(credentialsDirectory(cfg.name));
    if (opts.purge && files !== undefined) {
      removeLogFiles(logs);
      removeServiceLogDirectory(logDirectoryOf(files), logDirectoryOf(files).toLowerCase() === `${DEFAULT_LOG_DIRECTORY}\\${cfg.name}`.toLowerCase());
    }
    return { logs, purged: opts.purge === true && logs.length > 0 };
  }

  /**
   * DeleteService only marks a service; the SCM removes it once every handle is closed and its
   * process is gone. Wait for that (so a reinstall right after works), then remove a registry key
   * the SCM left behind (Wine keeps it).
   */
  private async waitDeleted(name: string): Promise<void> {
    await using(this.scm(SC.MANAGER_CONNECT, 'removing a service', name), async (scm) => {
      const end = Date.now() + DELETE_TIMEOUT_MS;
      for (;;) {
        const h = scHandle(win32().OpenServiceW(scm.raw, name, SC.SERVICE_QUERY_STATUS));
        if (!h) break;
        h.close();
        if (Date.now() > end) throw new TimeoutError(`service ${name} is marked for deletion but still there after ${DELETE_TIMEOUT_MS / 1000} s (open handles?)`);
        await sleep(POLL_MS);
      }
    });
    regDeleteTree(serviceKey(name));
  }

  /**
   * StartServiceW, once more where the SCM failed inside (ERROR_INTERNAL_ERROR: it could not create
   * the process; seen once in CI under Wine, 3 services starting beside it) and the service is still
   * STOPPED, so that nothing of it runs: 0 when started, else the error.
   */
  private async startService(svc: OwnedHandle): Promise<number> {
    const w = win32();
    if (w.StartServiceW(svc.raw, 0, null)) return 0;
    const err = lastError();
    if (err !== ERROR.INTERNAL_ERROR || query(svc).dwCurrentState !== SC.STOPPED) return err;
    await sleep(START_RETRY_MS);
    return w.StartServiceW(svc.raw, 0, null) ? 0 : lastError();
  }

  private async startAndWait(svc: OwnedHandle, cfg: ResolvedConfig): Promise<void> {
    const err = await this.startService(svc);
    if (err !== 0) {
      // Wine's SCM answers 1053 when the program reported and then stopped before it looked: the program's own code says more.
      const st = err === ERROR.SERVICE_REQUEST_TIMEOUT ? await exitCodeSoon(svc) : undefined;
      if (st !== undefined) throw await this.stoppedError(cfg, st);
      if (err !== ERROR.SERVICE_ALREADY_RUNNING) {
        const why = START_ERRORS[err];
        if (why === undefined) throw new Win32Error('StartServiceW', err);
        throw new StartFailedError(cfg.name, `${why} (error ${err})`, await this.lastOutput(cfg), { cause: new Win32Error('StartServiceW', err) });
      }
    }
    const st = await waitState(svc, [SC.RUNNING, SC.STOPPED], START_TIMEOUT_MS, `starting ${cfg.name}`);
    if (st.dwCurrentState !== SC.RUNNING) throw await this.stoppedError(cfg, st);
  }

  /** A start that ended STOPPED: its exit code, what it means, and the last lines of its output. */
  private async stoppedError(cfg: ResolvedConfig, st: ServiceStatusProcess): Promise<StartFailedError> {
    return new StartFailedError(cfg.name, `STOPPED, ${exitCause(st)}`, await this.lastOutput(cfg), { cause: new Win32Error('StartServiceW', st.dwWin32ExitCode) });
  }

  /** doctor: what the SCM recorded of the last end, and the fix where the code points at one. */
  async diagnose(cfg: ResolvedConfig): Promise<{ cause?: string; fix?: string }> {
    const d = await this.status(cfg);
    const fix = FIXES[Number(d.raw['Win32ExitCode'])];
    return { ...(d.cause === undefined ? {} : { cause: d.cause }), ...(d.state === 'failed' && fix !== undefined ? { fix } : {}) };
  }

  /** The last lines of the service's output files, where it has them (for start errors). */
  private async lastOutput(cfg: ResolvedConfig): Promise<string[]> {
    const files = storedSpec(cfg.name)?.logs;
    return files ? logTail(readLogs(files, { lines: START_ERROR_LINES }), START_ERROR_LINES * 2) : [];
  }

  /**
   * Undo a start (it failed, or Ctrl-C abandoned it): a service still starting accepts no stop, so
   * its process is ended (the host's end takes the program's tree with it); one that got as far
   * as running is stopped as usual.
   */
  private async abandonStart(svc: OwnedHandle, cfg: ResolvedConfig): Promise<void> {
    const st = query(svc);
    if (st.dwCurrentState === SC.START_PENDING && st.dwProcessId !== 0 && terminateProcess(st.dwProcessId)) {
      await waitState(svc, [SC.STOPPED], ABANDON_WAIT_MS, `abandoning the start of ${cfg.name}`);
      return;
    }
    await this.stopAndWait(svc, cfg);
  }

  private async stopAndWait(svc: OwnedHandle, cfg: ResolvedConfig): Promise<void> {
    const w = win32();
    if (processGone(freshStatus(svc))) return;
    if (!w.ControlService(svc.raw, SC.CONTROL_STOP, {})) {
      const err = lastError();
      // Not running, or still starting (wait for it to settle, then ask again).
      if (err === ERROR.SERVICE_NOT_ACTIVE) return;
      // Its process is gone without a word (killed): there is nothing to stop. (Wine's SCM still says RUNNING then.)
      if ((err === ERROR.NO_DATA || err === ERROR.BROKEN_PIPE) && processGone(freshStatus(svc))) return;
      // Still starting: Windows says it cannot accept the control yet; Wine's SCM that the service does not accept it (1052).
      const starting = err === ERROR.INVALID_SERVICE_CONTROL && query(svc).dwCurrentState === SC.START_PENDING;
      if (err !== ERROR.SERVICE_CANNOT_ACCEPT_CTRL && !starting) throw new Win32Error('ControlService(STOP)', err);
      const st = await waitState(svc, [SC.RUNNING, SC.STOPPED], START_TIMEOUT_MS, `stopping ${cfg.name}`);
      if (st.dwCurrentState === SC.STOPPED) return;
      check('ControlService(STOP)', w.ControlService(svc.raw, SC.CONTROL_STOP, {}));
    }
    // Bounded: the program's stop timeout, plus time for the process to exit.
    await waitState(svc, [SC.STOPPED], cfg.stopTimeoutSec * 1000 + STOP_EXIT_MARGIN_MS, `stopping ${cfg.name}`);
  }

  async start(cfg: ResolvedConfig): Promise<void> {
    await this.withService(cfg, SC.SERVICE_START | SC.SERVICE_QUERY_STATUS, 'starting a service', (svc) => this.startAndWait(svc, cfg));
  }

  async stop(cfg: ResolvedConfig): Promise<void> {
    await this.withService(cfg, SC.SERVICE_STOP | SC.SERVICE_QUERY_STATUS, 'stopping a service', (svc) => this.stopAndWait(svc, cfg));
  }

  /** Stop if running, then start: works from stopped too. */
  async restart(cfg: ResolvedConfig): Promise<void> {
    await this.withService(cfg, SC.SERVICE_START | SC.SERVICE_STOP | SC.SERVICE_QUERY_STATUS, 'restarting a service', async (svc) => {
      if (query(svc).dwCurrentState !== SC.STOPPED) await this.stopAndWait(svc, cfg);
      await this.startAndWait(svc, cfg);
    });
  }

  async status(cfg: ResolvedConfig): Promise<StatusDetail> {
    const base = { name: cfg.name, platform: this.platform };
    try {
      return await this.withService(cfg, SC.SERVICE_QUERY_STATUS, 'reading a service status', async (svc) => this.detail(cfg.name, freshStatus(svc)));
    } catch (e) {
      if (e instanceof NotInstalledError) return { ...base, state: 'not-installed', raw: {} };
      throw e;
    }
  }

  private detail(name: string, st: ServiceStatusProcess): StatusDetail {
    const start = regGetValue(serviceKey(name), 'Start')?.data.readUInt32LE(0);
    // A process that is gone though the SCM says otherwise (killed; Wine's SCM does not notice) has failed.
    const gone = processGone(st);
    const failed = gone || (st.dwCurrentState === SC.STOPPED && st.dwWin32ExitCode !== 0);
    const cause = gone ? `its process ${st.dwProcessId} is gone without telling the Service Control Manager (killed?)` : failed ? exitCause(st) : undefined;
    const usage = st.dwCurrentState === SC.RUNNING && st.dwProcessId && !gone ? processUsage(st.dwProcessId) : undefined;
    return {
      name,
      platform: this.platform,
      state: failed ? 'failed' : (STATES[st.dwCurrentState]?.state ?? 'unknown'),
      ...(st.dwProcessId && !gone ? { pid: st.dwProcessId } : {}),
      // Enabled: started at boot (automatic); manual and disabled services are not.
      ...(start === undefined ? {} : { enabled: start === SC.AUTO_START }),
      ...(cause === undefined ? {} : { cause }),
      ...(usage === undefined ? {} : { usage }),
      raw: {
        CurrentState: stateName(st.dwCurrentState),
        ...(gone ? { ProcessGone: String(st.dwProcessId) } : {}),
        Win32ExitCode: String(st.dwWin32ExitCode),
        ServiceSpecificExitCode: String(st.dwServiceSpecificExitCode),
        ...(start === undefined ? {} : { Start: String(start) }),
      },
    };
  }

  /** Changes pushed by the SCM (NotifyServiceStatusChangeW, on a thread of its own); polled where that thread cannot run. */
  subscribe(cfg: ResolvedConfig, onChange: () => void): () => void {
    return subscribeStatus(servicekitThreads(), cfg.name, onChange, WATCH_FALLBACK_POLL_MS);
  }

  /** The output files the preload or the host writes (logOutput); a program that calls run() itself logs to the Event Log. */
  async *logs(cfg: ResolvedConfig, opts: LogOptions): AsyncIterable<string> {
    const files = (await this.withService(cfg, SC.SERVICE_QUERY_STATUS, 'reading a service', async () => storedSpec(cfg.name)))?.logs;
    if (!files) throw new UnsupportedError(`${cfg.name} keeps no output files (its program calls run() itself and logs to the Event Log): see the Application log, source ${cfg.name}, in Event Viewer (or Get-WinEvent)`);
    yield* readLogs(files, opts);
  }
}
