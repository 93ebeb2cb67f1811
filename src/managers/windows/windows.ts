/**
 * Windows Service Control Manager, driven directly through advapi32 (koffi): no sc.exe, no
 * wrapper executable. The service process is the program itself; run() talks to the SCM
 * (src/run/windows.ts).
 */
import { existsSync, statSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ResolvedConfig } from '../../config.js';
import {
  AlreadyInstalledError,
  InvalidConfigError,
  NotInstalledError,
  PermissionError,
  StartFailedError,
  TimeoutError,
  UnsupportedError,
} from '../../errors.js';
import { withRollback } from '../../sys/rollback.js';
import {
  ERROR,
  REG,
  SC,
  Win32Error,
  check,
  lastError,
  multiSz,
  regClose,
  regCreateKey,
  regDeleteTree,
  regDword,
  regGet,
  regOpenKey,
  regSet,
  wide,
  win32,
  type Handle,
  type ServiceStatusProcess,
} from '../../sys/win32.js';
import type { InstallOptions, LogOptions, RenderedFile, ServiceManager, ServiceState, StatusDetail } from '../manager.js';
import { eventSourceKey, serviceKey } from './keys.js';
import { EVENT_MESSAGE_FILE, renderWindows, scmSpec, type ScmSpec } from './render.js';

const STATES: Record<number, ServiceState> = {
  [SC.STOPPED]: 'stopped',
  [SC.START_PENDING]: 'starting',
  [SC.STOP_PENDING]: 'stopping',
  [SC.RUNNING]: 'running',
  [SC.CONTINUE_PENDING]: 'starting',
  [SC.PAUSE_PENDING]: 'stopping',
  [SC.PAUSED]: 'stopped',
};
const STATE_NAMES: Record<number, string> = {
  1: 'STOPPED', 2: 'START_PENDING', 3: 'STOP_PENDING', 4: 'RUNNING', 5: 'CONTINUE_PENDING', 6: 'PAUSE_PENDING', 7: 'PAUSED',
};
/** How long start waits for RUNNING (the program reports START_PENDING with checkpoints meanwhile). */
const START_TIMEOUT_MS = 60_000;
/** SC_ACTION types. */
const ACTION = { none: 0, restart: 1, reboot: 2 } as const;


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

export class WindowsManager implements ServiceManager {
  readonly platform = 'windows-service' as const;

  /** `failAtStep` (tests only): make that install step fail, to prove the rollback on the real SCM. */
  constructor(private readonly faults: { failAtStep?: number } = {}) {}

  render(cfg: ResolvedConfig): RenderedFile[] {
    return renderWindows(cfg);
  }

  private scm(access: number, what: string, name: string): Handle {
    const h = win32().OpenSCManagerW(null, null, access);
    if (!h) throw mapError(new Win32Error('OpenSCManagerW', lastError()), name, what);
    return h;
  }

  /** Run fn with an open service handle; NotInstalledError when there is none. */
  private async withService<T>(cfg: ResolvedConfig, access: number, what: string, fn: (svc: Handle) => Promise<T>): Promise<T> {
    const w = win32();
    const scm = this.scm(SC.MANAGER_CONNECT, what, cfg.name);
    try {
      const svc = w.OpenServiceW(scm, cfg.name, access);
      if (!svc) throw mapError(new Win32Error(`OpenServiceW(${cfg.name})`, lastError()), cfg.name, what);
      try {
        return await fn(svc);
      } catch (e) {
        throw mapError(e, cfg.name, what);
      } finally {
        w.CloseServiceHandle(svc);
      }
    } finally {
      w.CloseServiceHandle(scm);
    }
  }

  private query(svc: Handle): ServiceStatusProcess {
    const st = {} as ServiceStatusProcess;
    check('QueryServiceStatusEx', win32().QueryServiceStatusEx(svc, 0, st, 36, [0]));
    return st;
  }

  /** Poll until the state is one of `want`, or throw TimeoutError. */
  private async waitState(svc: Handle, want: number[], ms: number, what: string): Promise<ServiceStatusProcess> {
    const end = Date.now() + ms;
    for (;;) {
      const st = this.query(svc);
      if (want.includes(st.dwCurrentState)) return st;
      if (Date.now() > end) throw new TimeoutError(`${what}: still ${STATE_NAMES[st.dwCurrentState] ?? st.dwCurrentState} after ${ms} ms`);
      await sleep(50);
    }
  }

  private checkInstallable(cfg: ResolvedConfig, spec: ScmSpec): void {
    if (!existsSync(cfg.executable) || !statSync(cfg.executable).isFile()) {
      throw new InvalidConfigError('executable', `${cfg.executable} does not exist`);
    }
    if (!existsSync(spec.workingDirectory)) throw new InvalidConfigError('workingDirectory', `${spec.workingDirectory} does not exist`);
  }

  async install(cfg: ResolvedConfig, opts: InstallOptions = {}): Promise<void> {
    const spec = scmSpec(cfg);
    this.checkInstallable(cfg, spec);
    const w = win32();
    const scm = this.scm(SC.MANAGER_ALL_ACCESS, 'installing a service', cfg.name);
    try {
      // "Already installed" is decided before anything is written (the Go library wrote the
      // registry environment first).
      const existing = w.OpenServiceW(scm, cfg.name, SC.SERVICE_QUERY_STATUS);
      if (existing) {
        w.CloseServiceHandle(existing);
        throw new AlreadyInstalledError(cfg.name, 'the Service Control Manager has a service by that name');
      }
      const sourceKey = regOpenKey(eventSourceKey(cfg.name));
      if (sourceKey !== undefined) {
        regClose(sourceKey);
        throw new AlreadyInstalledError(cfg.name, `an event log source HKLM\\${eventSourceKey(cfg.name)} exists`);
      }
      let svc: Handle = null;
      try {
        await withRollback(async (step) => {
          await step('CreateServiceW', async () => {
            svc = w.CreateServiceW(
              scm, spec.name, spec.displayName, SC.SERVICE_ALL_ACCESS, SC.SERVICE_WIN32_OWN_PROCESS, spec.startTypeCode,
              SC.SERVICE_ERROR_NORMAL, spec.binaryPathName, null, null,
              spec.dependencies.length ? multiSz(spec.dependencies) : null,
              spec.account ?? null, cfg.windows.password ?? null,
            );
            if (!svc) throw mapError(new Win32Error('CreateServiceW', lastError()), cfg.name, 'installing a service');
            return async () => {
              w.DeleteService(svc);
              w.CloseServiceHandle(svc);
              svc = null;
              await this.waitDeleted(cfg.name);
            };
          });
          await step('description', async () => {
            this.config2(svc, SC.CONFIG_DESCRIPTION, 'SERVICE_DESCRIPTIONW', { lpDescription: spec.description });
            return undefined;
          });
          await step('recovery actions', async () => {
            const type = ACTION[spec.onFailure === 'noaction' ? 'none' : spec.onFailure];
            const actions = type === ACTION.none ? [] : [0, 1, 2].map(() => ({ Type: type, Delay: spec.onFailureDelayMs }));
            this.config2(svc, SC.CONFIG_FAILURE_ACTIONS, 'SERVICE_FAILURE_ACTIONSW', {
              dwResetPeriod: spec.onFailureResetPeriodSec, lpRebootMsg: null, lpCommand: null, cActions: actions.length, lpsaActions: actions,
            });
            // Also act when the program fails with an error code (STOPPED + exit code), not only on a
            // crash. An SCM without this level (Wine: ERROR_INVALID_LEVEL) still has the crash actions.
            try {
              this.config2(svc, SC.CONFIG_FAILURE_ACTIONS_FLAG, 'SERVICE_FAILURE_ACTIONS_FLAG', { fFailureActionsOnNonCrashFailures: type === ACTION.none ? 0 : 1 });
            } catch (e) {
              if (!(e instanceof Win32Error && e.winError === ERROR.INVALID_LEVEL)) throw e;
            }
            return undefined;
          });
          if (spec.delayedAutoStart) {
            await step('delayed auto-start', async () => {
              try {
                this.config2(svc, SC.CONFIG_DELAYED_AUTO_START_INFO, 'SERVICE_DELAYED_AUTO_START_INFO', { fDelayedAutostart: 1 });
              } catch (e) {
                if (!(e instanceof Win32Error && e.winError === ERROR.INVALID_LEVEL)) throw e;
                throw new UnsupportedError('windows.delayedAutoStart: this Service Control Manager has no delayed automatic start (Wine has none)', { cause: e });
              }
              return undefined;
            });
          }
          await step('environment', async () => {
            const key = regCreateKey(serviceKey(cfg.name));
            try {
              regSet(key, 'Environment', REG.MULTI_SZ, multiSz(spec.environment));
            } finally {
              regClose(key);
            }
            return undefined; // the key goes with DeleteService
          });
          // Undone even when filling the key fails half-way (install refused an existing source).
          await step(
            'event log source',
            async () => {
              const key = regCreateKey(eventSourceKey(cfg.name));
              try {
                regSet(key, 'EventMessageFile', REG.EXPAND_SZ, wide(EVENT_MESSAGE_FILE));
                regSet(key, 'TypesSupported', REG.DWORD, regDword(7));
              } finally {
                regClose(key);
              }
            },
            async () => regDeleteTree(eventSourceKey(cfg.name)),
          );
          if (opts.start) {
            // Undone even when the start fails: a service stuck in START_PENDING must be stopped
            // before it can be deleted.
            await step(
              'start',
              () => this.startAndWait(svc, cfg),
              async () => {
                await this.stopAndWait(svc, cfg).catch(() => undefined);
              },
            );
          }
        }, { ...(this.faults.failAtStep === undefined ? {} : { failAt: this.faults.failAtStep }) });
      } finally {
        if (svc) w.CloseServiceHandle(svc);
      }
    } finally {
      w.CloseServiceHandle(scm);
    }
  }

  private config2(svc: Handle, level: number, type: string, info: Record<string, unknown>): void {
    const w = win32();
    const ok = w.ChangeServiceConfig2W(svc, level, w.koffi.as(info, `${type} *`));
    if (!ok) throw new Win32Error(`ChangeServiceConfig2W(${type})`, lastError());
  }

  async uninstall(cfg: ResolvedConfig): Promise<void> {
    await this.withService(cfg, SC.SERVICE_ALL_ACCESS, 'removing a service', async (svc) => {
      if (this.query(svc).dwCurrentState !== SC.STOPPED) await this.stopAndWait(svc, cfg);
      check('DeleteService', win32().DeleteService(svc));
    });
    await this.waitDeleted(cfg.name);
    regDeleteTree(eventSourceKey(cfg.name));
  }

  /**
   * DeleteService only marks a service; the SCM removes it once every handle is closed and its
   * process is gone. Wait for that (so a reinstall right after works), then remove a registry key
   * the SCM left behind (Wine keeps it).
   */
  private async waitDeleted(name: string): Promise<void> {
    const w = win32();
    const scm = this.scm(SC.MANAGER_CONNECT, 'removing a service', name);
    try {
      const end = Date.now() + 10_000;
      for (;;) {
        const h = w.OpenServiceW(scm, name, SC.SERVICE_QUERY_STATUS);
        if (!h) break;
        w.CloseServiceHandle(h);
        if (Date.now() > end) throw new TimeoutError(`service ${name} is marked for deletion but still there after 10 s (open handles?)`);
        await sleep(50);
      }
    } finally {
      w.CloseServiceHandle(scm);
    }
    regDeleteTree(serviceKey(name));
  }

  private async startAndWait(svc: Handle, cfg: ResolvedConfig): Promise<void> {
    const w = win32();
    if (!w.StartServiceW(svc, 0, null)) {
      const err = lastError();
      if (err !== ERROR.SERVICE_ALREADY_RUNNING) throw new Win32Error('StartServiceW', err);
    }
    const st = await this.waitState(svc, [SC.RUNNING, SC.STOPPED], START_TIMEOUT_MS, `starting ${cfg.name}`);
    if (st.dwCurrentState !== SC.RUNNING) {
      const code = st.dwWin32ExitCode === ERROR.SERVICE_SPECIFIC_ERROR ? `service-specific exit code ${st.dwServiceSpecificExitCode}` : `exit code ${st.dwWin32ExitCode}`;
      throw new StartFailedError(cfg.name, `STOPPED, ${code}`, [], { cause: new Win32Error('StartServiceW', st.dwWin32ExitCode) });
    }
  }

  private async stopAndWait(svc: Handle, cfg: ResolvedConfig): Promise<void> {
    const w = win32();
    if (!w.ControlService(svc, SC.CONTROL_STOP, {})) {
      const err = lastError();
      // Not running (1062) or still starting (1061: wait for it to settle, then ask again).
      if (err === ERROR.SERVICE_NOT_ACTIVE) return;
      if (err !== ERROR.SERVICE_CANNOT_ACCEPT_CTRL) throw new Win32Error('ControlService(STOP)', err);
      const st = await this.waitState(svc, [SC.RUNNING, SC.STOPPED], START_TIMEOUT_MS, `stopping ${cfg.name}`);
      if (st.dwCurrentState === SC.STOPPED) return;
      check('ControlService(STOP)', w.ControlService(svc, SC.CONTROL_STOP, {}));
    }
    // Bounded: the program's stop timeout, plus time for the process to exit.
    await this.waitState(svc, [SC.STOPPED], cfg.stopTimeoutSec * 1000 + 15_000, `stopping ${cfg.name}`);
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
      if (this.query(svc).dwCurrentState !== SC.STOPPED) await this.stopAndWait(svc, cfg);
      await this.startAndWait(svc, cfg);
    });
  }

  async status(cfg: ResolvedConfig): Promise<StatusDetail> {
    const base = { name: cfg.name, platform: this.platform };
    try {
      return await this.withService(cfg, SC.SERVICE_QUERY_STATUS, 'reading a service status', async (svc) => {
        const st = this.query(svc);
        const key = regOpenKey(serviceKey(cfg.name));
        let start: number | undefined;
        if (key !== undefined) {
          try {
            start = regGet(key, 'Start')?.data.readUInt32LE(0);
          } finally {
            regClose(key);
          }
        }
        const failed = st.dwCurrentState === SC.STOPPED && st.dwWin32ExitCode !== 0;
        return {
          ...base,
          state: failed ? 'failed' : (STATES[st.dwCurrentState] ?? 'unknown'),
          ...(st.dwProcessId ? { pid: st.dwProcessId } : {}),
          ...(start === undefined ? {} : { enabled: start !== 4 }),
          raw: {
            CurrentState: STATE_NAMES[st.dwCurrentState] ?? String(st.dwCurrentState),
            Win32ExitCode: String(st.dwWin32ExitCode),
            ServiceSpecificExitCode: String(st.dwServiceSpecificExitCode),
            ...(start === undefined ? {} : { Start: String(start) }),
          },
        };
      });
    } catch (e) {
      if (e instanceof NotInstalledError) return { ...base, state: 'not-installed', raw: {} };
      throw e;
    }
  }

  // eslint-disable-next-line require-yield
  async *logs(cfg: ResolvedConfig, _opts: LogOptions): AsyncIterable<string> {
    throw new UnsupportedError(`reading the Event Log is not supported yet: see the Application log, source ${cfg.name}, in Event Viewer (or Get-WinEvent)`);
  }
}
