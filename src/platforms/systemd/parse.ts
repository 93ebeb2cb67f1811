/** Parsing systemctl output (pure). */
import type { ServiceState, Usage } from '../platform.js';

/** `systemctl show -p A,B,C UNIT` prints KEY=VALUE lines. */
export function parseShow(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const i = line.indexOf('=');
    if (i > 0) out[line.slice(0, i)] = line.slice(i + 1);
  }
  return out;
}

/** What a running unit uses (usageFromShow): its cgroup's memory and CPU time, its main process's start (CLOCK_MONOTONIC, µs). */
export const USAGE_PROPERTIES = ['MemoryCurrent', 'CPUUsageNSec', 'ExecMainStartTimestampMonotonic'] as const;

export const SHOW_PROPERTIES = ['LoadState', 'ActiveState', 'SubState', 'MainPID', 'UnitFileState', 'FragmentPath', 'Result', 'NRestarts', 'ExecMainCode', 'ExecMainStatus', ...USAGE_PROPERTIES];

const NS_PER_S = 1e9;
const US_PER_S = 1e6;

/** A counter systemd has (not "[not set]", not UINT64_MAX: accounting off), as a number. */
function counter(v: string | undefined): number | undefined {
  if (v === undefined || !/^\d+$/.test(v)) return undefined;
  const n = Number(v);
  return n < Number.MAX_SAFE_INTEGER ? n : undefined;
}

/** The usage of a running unit; `nowUs` is CLOCK_MONOTONIC now, in µs (uv_hrtime's clock). */
export function usageFromShow(p: Record<string, string>, nowUs: number): Usage | undefined {
  if (stateFromShow(p) !== 'running') return undefined;
  const memory = counter(p['MemoryCurrent']);
  const cpu = counter(p['CPUUsageNSec']);
  const start = counter(p['ExecMainStartTimestampMonotonic']);
  const usage: Usage = {
    ...(memory === undefined ? {} : { memoryBytes: memory }),
    ...(cpu === undefined ? {} : { cpuSeconds: cpu / NS_PER_S }),
    ...(start === undefined || start === 0 || nowUs < start ? {} : { uptimeSeconds: Math.round((nowUs - start) / US_PER_S) }),
  };
  return Object.keys(usage).length ? usage : undefined;
}

export function stateFromShow(p: Record<string, string>): ServiceState {
  if (p['LoadState'] === 'not-found') return 'not-installed';
  switch (p['ActiveState']) {
    case 'active':
    case 'reloading':
      return 'running';
    case 'inactive':
      return 'stopped';
    case 'failed':
      return 'failed';
    case 'activating':
      return p['SubState'] === 'auto-restart' ? 'restarting' : 'starting';
    case 'deactivating':
      return 'stopping';
    default:
      return 'unknown';
  }
}

export function pidFromShow(p: Record<string, string>): number | undefined {
  const n = Number(p['MainPID']);
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

export function enabledFromShow(p: Record<string, string>): boolean | undefined {
  const s = p['UnitFileState'];
  if (s === undefined || s === '') return undefined;
  return s === 'enabled' || s === 'enabled-runtime' || s === 'linked' || s === 'alias';
}
