/** Parsing `initctl status NAME` (pure). */
import type { ServiceState } from '../platform.js';

/**
 * "NAME start/running, process 1234" -> running, 1234. Goals and states per Upstart's job model:
 * start/{waiting,starting,pre-start,spawned,post-start} -> starting, start/running -> running,
 * stop/waiting -> stopped, other stop/* -> stopping.
 */
export function parseInitctlStatus(text: string): { state: ServiceState; pid?: number } {
  const m = /^\S+(?: \([^)]*\))? (start|stop)\/([a-z-]+)(?:, process (\d+))?/m.exec(text);
  if (!m) return { state: 'unknown' };
  const [, goal, status, pid] = m;
  let state: ServiceState;
  if (goal === 'start') state = status === 'running' ? 'running' : 'starting';
  else state = status === 'waiting' ? 'stopped' : 'stopping';
  return pid ? { state, pid: Number(pid) } : { state };
}
