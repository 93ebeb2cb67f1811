/**
 * `svcs -H -o state,nstate,ctid FMRI` read back. svcs prints each column left-aligned to its width
 * (STATE 14, NSTATE 13) and a space, CTID right-aligned (illumos-gate usr/src/cmd/svc/svcs/svcs.c,
 * the `columns` table); "-" stands for no next state and for no contract. Pure.
 */
import type { ServiceState } from '../platform.js';

export interface SvcsLine {
  state: string;
  nstate: string;
  ctid?: number;
}

export function parseSvcs(stdout: string): SvcsLine | undefined {
  const [state, nstate = '-', ctid = '-'] = stdout.trim().split(/\s+/);
  if (!state) return undefined;
  const id = Number(ctid);
  return { state, nstate, ...(ctid !== '-' && Number.isInteger(id) && id > 0 ? { ctid: id } : {}) };
}

/**
 * SMF's states (smf(7)) as ours: online and degraded run; maintenance is a failure (svc.startd gave
 * up after the program failed too often, or a method timed out); disabled is stopped; an instance
 * moving to online is starting, one leaving it is stopping; offline with no transition waits for
 * its dependencies.
 */
export function stateOf(l: SvcsLine | undefined): ServiceState {
  if (l === undefined) return 'unknown';
  const moving = l.nstate !== '-';
  switch (l.state) {
    case 'online':
    case 'degraded':
      return moving && l.nstate !== 'online' && l.nstate !== 'degraded' ? 'stopping' : 'running';
    case 'offline':
      return l.nstate === 'online' ? 'starting' : 'stopped';
    case 'uninitialized':
      return moving ? 'starting' : 'unknown';
    case 'disabled':
      return l.nstate === 'online' || l.nstate === 'offline' ? 'starting' : 'stopped';
    case 'maintenance':
      return 'failed';
    case 'legacy_run':
      return 'running';
    default:
      return 'unknown';
  }
}
