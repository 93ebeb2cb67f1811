/** Parsing systemctl output (pure). */
import type { ServiceState } from '../platform.js';

/** `systemctl show -p A,B,C UNIT` prints KEY=VALUE lines. */
export function parseShow(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const i = line.indexOf('=');
    if (i > 0) out[line.slice(0, i)] = line.slice(i + 1);
  }
  return out;
}

export const SHOW_PROPERTIES = ['LoadState', 'ActiveState', 'SubState', 'MainPID', 'UnitFileState', 'FragmentPath', 'Result', 'NRestarts', 'ExecMainCode', 'ExecMainStatus'];

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
