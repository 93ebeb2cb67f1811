/**
 * Runs under a Windows node.exe inside Wine (see windows.test.ts): drives the real Service Control
 * Manager through servicekit and writes what it saw to a JSON file. It checks nothing itself; the
 * test on the Linux side asserts.
 *
 * Usage: node.exe windows-driver.js SPEC.json RESULT.json
 * SPEC: { scenario: 'roundtrip' | 'start-throws' | 'stop-hangs' | 'refused' | 'faults', name, nodeExe, fixture, out, args, env, workdir }
 */
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createService, listServices, type Service } from '../../src/index.js';
import { SC, win32 } from '../../src/platforms/windows/win32.js';
import { regKeyExists } from '../../src/platforms/windows/registry.js';
import { eventSourceKey, serviceKey } from '../../src/platforms/windows/env.js';
import { WindowsManager } from '../../src/platforms/windows/manager.js';
import { resolveConfig } from '../../src/config.js';

interface Spec {
  scenario: 'roundtrip' | 'start-throws' | 'stop-hangs' | 'refused' | 'faults' | 'foreign' | 'interactive';
  name: string;
  nodeExe: string;
  fixture: string;
  out: string;
  args: string[];
  env: Record<string, string>;
  workdir: string;
}

const [specFile, resultFile] = process.argv.slice(2) as [string, string];
const spec = JSON.parse(readFileSync(specFile, 'utf8')) as Spec;
const result: Record<string, unknown> = { steps: [] as string[] };
const steps = result['steps'] as string[];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function err(e: unknown): { code?: string; message: string; field?: string } {
  const x = e as { code?: string; message?: string; field?: string };
  return { ...(x.code === undefined ? {} : { code: x.code }), message: String(x.message ?? e), ...(x.field === undefined ? {} : { field: x.field }) };
}
async function attempt(label: string, fn: () => Promise<unknown>): Promise<void> {
  const t = Date.now();
  try {
    const v = await fn();
    result[label] = v === undefined ? { ok: true } : v;
  } catch (e) {
    result[label] = { error: err(e) };
  }
  steps.push(`${label} ${Date.now() - t} ms`);
}
async function waitFile(file: string, ms = 20_000): Promise<unknown> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8'));
    await sleep(50);
  }
  return undefined;
}
const keys = () => ({ service: regKeyExists(serviceKey(spec.name)), eventSource: regKeyExists(eventSourceKey(spec.name)) });

rmSync(spec.out, { recursive: true, force: true });
const env: Record<string, string> = { ...spec.env, SK_OUT: spec.out, SK_NAME: spec.name };
if (spec.scenario === 'start-throws') env['SK_START_THROW'] = '1';
if (spec.scenario === 'stop-hangs') Object.assign(env, { SK_STOP_HANG: '1', SK_STOP_TIMEOUT: '2' });
const svc: Service = createService(null, {
  name: spec.name,
  displayName: `servicekit e2e ${spec.name}`,
  description: 'servicekit end-to-end test service',
  executable: spec.nodeExe,
  arguments: [spec.fixture, ...spec.args],
  env,
  workingDirectory: spec.workdir,
  restart: 'no',
  stopTimeoutSec: spec.scenario === 'stop-hangs' ? 2 : 20,
});

/**
 * An install's signal, aborted as its k-th step is about to run: the install pipeline checks it
 * before each step (sys/rollback.ts), so an install is interrupted at every step in turn through
 * its public option, with no hook in the manager. (The same undo as a failure of that step.)
 */
function abortAtStep(k: number): AbortSignal {
  let reads = 0;
  const reason = new Error(`test: stopped before step ${k}`);
  return {
    get aborted() {
      reads += 1;
      return reads >= k;
    },
    reason,
    onabort: null,
    throwIfAborted() {},
    addEventListener() {},
    removeEventListener() {},
    dispatchEvent: () => false,
    any: undefined,
  } as unknown as AbortSignal;
}

/** The service type the SCM stores for a service (QueryServiceConfigW's first field). */
function serviceType(name: string): number {
  const w = win32();
  const scm = w.OpenSCManagerW(null, null, SC.MANAGER_CONNECT);
  const h = w.OpenServiceW(scm, name, SC.SERVICE_QUERY_CONFIG);
  try {
    const buf = Buffer.alloc(8 * 1024);
    if (!w.QueryServiceConfigW(h, buf, buf.length, [0])) throw new Error(`QueryServiceConfigW(${name}) failed`);
    return buf.readUInt32LE(0);
  } finally {
    if (h) w.CloseServiceHandle(h);
    w.CloseServiceHandle(scm);
  }
}

// A leftover from an interrupted earlier run.
await svc.uninstall().catch(() => undefined);

switch (spec.scenario) {
  case 'faults': {
    // Install interrupted at every step, against the real SCM: each must leave nothing behind.
    const config = { name: spec.name, executable: spec.nodeExe, arguments: [spec.fixture], env, workingDirectory: spec.workdir };
    const cfg = resolveConfig(config);
    const runs: unknown[] = [];
    const mgr = new WindowsManager();
    // The pipeline checks the signal before each step and once at the end: the loop goes one past.
    for (let k = 1; k <= 16; k++) {
      let error: unknown;
      try {
        await mgr.install(cfg, { start: true, signal: abortAtStep(k) });
      } catch (e) {
        error = err(e);
      }
      const status = (await mgr.status(cfg)).state;
      runs.push({ step: k, error, status, keys: keys() });
      if (error === undefined) {
        await mgr.uninstall(cfg);
        break; // past the last step: the install went through
      }
    }
    result['faults'] = runs;
    // Delayed automatic start: supported by Windows, not by Wine (then refused, nothing left).
    const delayed = resolveConfig({ ...config, windows: { delayedAutoStart: true } });
    await attempt('delayedInstall', () => mgr.install(delayed, { start: true }));
    result['delayedStatus'] = (await mgr.status(delayed)).state;
    result['delayedKeys'] = keys();
    if (result['delayedStatus'] !== 'not-installed') await mgr.uninstall(delayed);
    break;
  }
  case 'foreign': {
    // A service another tool created (no servicekit mark): uninstall refuses it, list leaves it out.
    const w = win32();
    const raw = (fn: (scm: unknown) => unknown) => {
      const scm = w.OpenSCManagerW(null, null, SC.MANAGER_ALL_ACCESS);
      try {
        return fn(scm);
      } finally {
        w.CloseServiceHandle(scm);
      }
    };
    raw((scm) => {
      const h = w.CreateServiceW(scm, spec.name, spec.name, SC.SERVICE_ALL_ACCESS, SC.SERVICE_WIN32_OWN_PROCESS, SC.DEMAND_START, SC.SERVICE_ERROR_NORMAL, `"${spec.nodeExe}" "${spec.fixture}"`, null, null, null, null, null);
      if (h) w.CloseServiceHandle(h);
      result['foreignCreated'] = Boolean(h);
    });
    await attempt('uninstallForeign', () => svc.uninstall());
    await attempt('statusForeign', () => svc.statusDetail());
    const own = createService(null, { name: `${spec.name}Own`, executable: spec.nodeExe, arguments: [spec.fixture], env, workingDirectory: spec.workdir });
    await own.uninstall().catch(() => undefined);
    await attempt('installOwn', () => own.install());
    await attempt('list', async () => (await listServices()).map((d) => d.name));
    await attempt('uninstallOwn', () => own.uninstall());
    raw((scm) => {
      const h = w.OpenServiceW(scm, spec.name, SC.SERVICE_ALL_ACCESS);
      if (h) {
        w.DeleteService(h);
        w.CloseServiceHandle(h);
      }
    });
    break;
  }
  case 'interactive': {
    // Go's Option "Interactive": SERVICE_INTERACTIVE_PROCESS in the type the SCM stores.
    const config = { name: spec.name, executable: spec.nodeExe, arguments: [spec.fixture], env, workingDirectory: spec.workdir, windows: { interactive: true } };
    const cfg = resolveConfig(config);
    const mgr = new WindowsManager();
    await attempt('install', () => mgr.install(cfg));
    await attempt('serviceType', async () => serviceType(cfg.name));
    await attempt('uninstall', () => mgr.uninstall(cfg));
    const plain = resolveConfig({ ...config, windows: {} });
    await attempt('installPlain', () => mgr.install(plain));
    await attempt('serviceTypePlain', async () => serviceType(plain.name));
    await attempt('uninstallPlain', () => mgr.uninstall(plain));
    break;
  }
  case 'refused':
    await attempt('install', () => svc.install({ start: true }));
    result['keysAfter'] = keys();
    await attempt('statusAfter', () => svc.statusDetail());
    break;
  case 'start-throws':
    await attempt('install', () => svc.install({ start: true }));
    result['keysAfter'] = keys();
    await attempt('statusAfter', () => svc.statusDetail());
    break;
  case 'stop-hangs':
    await attempt('install', () => svc.install({ start: true }));
    result['received'] = await waitFile(path.join(spec.out, 'received.json'));
    await attempt('stop', () => svc.stop());
    await attempt('statusStopped', () => svc.statusDetail());
    await attempt('uninstall', () => svc.uninstall());
    result['keysAfter'] = keys();
    break;
  case 'roundtrip': {
    await attempt('render', async () => svc.render());
    await attempt('install', () => svc.install({ start: true }));
    await attempt('statusRunning', () => svc.statusDetail());
    result['received'] = await waitFile(path.join(spec.out, 'received.json'));
    result['keysInstalled'] = keys();
    await attempt('installAgain', () => svc.install());
    await attempt('stop', () => svc.stop());
    await attempt('statusStopped', () => svc.statusDetail());
    result['stoppedFiles'] = existsSync(spec.out) ? readdirSync(spec.out).filter((f) => f.startsWith('stopped-')) : [];
    await attempt('restartFromStopped', () => svc.restart());
    await attempt('statusRestarted', () => svc.statusDetail());
    await attempt('uninstall', () => svc.uninstall());
    await attempt('statusUninstalled', () => svc.statusDetail());
    await attempt('uninstallAgain', () => svc.uninstall());
    await attempt('startUninstalled', () => svc.start());
    result['keysAfter'] = keys();
    break;
  }
}
writeFileSync(resultFile, JSON.stringify(result, null, 1));
