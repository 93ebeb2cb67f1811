/**
 * The Windows platform: the Service Control Manager. A process is a service when services.exe
 * started it; run() is the service's dispatcher (runner.ts, loaded on first use); logs go to the
 * Event Log; importing servicekit in a service process applies its working directory and environment.
 */
import type { PlatformRecord } from '../platform.js';
import type { Probe } from '../probe.js';
import { prepareServiceProcess } from './env.js';
import { eventLogLogger } from './eventlog.js';
import { processImage } from './win32.js';

function parentImage(probe: Probe): string {
  if (probe.parentImage) return probe.parentImage() ?? '';
  try {
    return processImage(probe.ppid) ?? ''; // koffi + kernel32, loaded on this first call
  } catch {
    return '';
  }
}

export const windows: PlatformRecord = {
  id: 'windows-service',
  paths: 'win32',
  onOs: (os) => os === 'win32',
  running: (probe) => probe.platform === 'win32',
  // A terminal means a person; otherwise ask who the parent is (the SCM, services.exe, starts every
  // service process itself) — that needs koffi, so the cheap answer comes first.
  startedThisProcess: (probe) => !probe.tty?.() && /(^|[\\/])services\.exe$/i.test(parentImage(probe)),
  manager: async () => new (await import('./manager.js')).WindowsManager(),
  systemLogger: eventLogLogger,
  // run() itself reports to the SCM.
  notifier: () => undefined,
  runner: async (ctx, name, opts) => (await import('./runner.js')).runWindows(ctx, name, opts),
  prepareProcess: (interactive) => prepareServiceProcess(interactive),
  host: async (name) => (await import('./host.js')).runHost(name),
};
