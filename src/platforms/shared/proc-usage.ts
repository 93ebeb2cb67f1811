/**
 * A Linux process's resources from /proc (what `ps` reads): resident memory (VmRSS), CPU time
 * (utime + stime) and age (its start time against the system's uptime). For the managers that only
 * know a PID (SysV, OpenRC, Upstart).
 */
import type { Host } from '../../sys/host.js';
import type { Usage } from '../platform.js';

/** USER_HZ: the unit of /proc's clock ticks, 100 on every Linux architecture (the kernel's ABI). */
const USER_HZ = 100;
const KIB = 1024;
/** /proc/PID/stat's fields after the command (which may hold spaces and parentheses): utime is the 14th field, stime the 15th, starttime the 22nd. */
const UTIME = 14;
const STIME = 15;
const STARTTIME = 22;
/** The first field after "(comm)" is the 3rd. */
const FIRST_AFTER_COMM = 3;

export function usageFromProc(status: string, stat: string, uptime: string): Usage {
  const rss = /^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1];
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const field = (n: number) => Number(fields[n - FIRST_AFTER_COMM]);
  const ticks = field(UTIME) + field(STIME);
  const up = Number(uptime.split(' ')[0]) - field(STARTTIME) / USER_HZ;
  return {
    ...(rss === undefined ? {} : { memoryBytes: Number(rss) * KIB }),
    ...(Number.isFinite(ticks) ? { cpuSeconds: ticks / USER_HZ } : {}),
    ...(Number.isFinite(up) && up >= 0 ? { uptimeSeconds: Math.round(up) } : {}),
  };
}

/** The process's usage; undefined when it cannot be read (gone, no /proc). */
export async function procUsage(host: Host, pid: number): Promise<Usage | undefined> {
  try {
    const [status, stat, uptime] = await Promise.all([`/proc/${pid}/status`, `/proc/${pid}/stat`, '/proc/uptime'].map((f) => host.readFile(f)));
    return usageFromProc(status!, stat!, uptime!);
  } catch {
    return undefined;
  }
}
