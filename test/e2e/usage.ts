/**
 * The check of a running service's usage (what `pm2 list` shows) against `ps` in the same machine:
 * its age against ps's elapsed seconds, its CPU time against ps's (cumulative, whole seconds; systemd
 * counts the whole unit, which is at least the main process), its memory against ps's RSS (systemd's
 * cgroup figure counts page cache too, so within a factor).
 */
import assert from 'node:assert/strict';
import type { Container } from './harness/container.js';

export interface UsageJson {
  memoryBytes: number | null;
  cpuSeconds: number | null;
  uptimeSeconds: number | null;
}

const KIB = 1024;
/** Seconds between the status and ps reading the clock. */
const CLOCK_SLACK_SEC = 3;

export async function assertUsage(ct: Container, pid: number, u: UsageJson, line: string): Promise<void> {
  const [rssKib, etimes, times] = (await ct.ok(['ps', '-o', 'rss=,etimes=,times=', '-p', String(pid)])).trim().split(/\s+/).map(Number) as [number, number, number];
  assert.ok(u.memoryBytes !== null && u.memoryBytes >= (rssKib * KIB) / 2 && u.memoryBytes <= rssKib * KIB * 10, `memory ${u.memoryBytes} against ps's RSS ${rssKib} KiB`);
  assert.ok(u.uptimeSeconds !== null && Math.abs(u.uptimeSeconds - etimes) <= CLOCK_SLACK_SEC, `uptime ${u.uptimeSeconds} against ps's ${etimes} s`);
  assert.ok(u.cpuSeconds !== null && u.cpuSeconds >= times - 1 && u.cpuSeconds <= times + CLOCK_SLACK_SEC, `cpu ${u.cpuSeconds} against ps's ${times} s`);
  assert.match(line, /\(pid \d+, (enabled|disabled), [\d.]+ MiB, cpu [\d.]+s, up (\d+s|\d+m \d+s)\)$/m);
}

/** A status without its usage figures, which change from one reading to the next. */
export function withoutUsage<T extends object>(status: T): Omit<T, keyof UsageJson> {
  const { memoryBytes: _m, cpuSeconds: _c, uptimeSeconds: _u, ...rest } = status as T & Partial<UsageJson>;
  return rest;
}
