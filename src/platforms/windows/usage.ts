/**
 * A Windows process's resources, as Task Manager counts them (kernel32, loaded on first use):
 * its working set (K32GetProcessMemoryInfo), its CPU time (kernel + user) and its age
 * (GetProcessTimes). For the service's process: the program itself, or servicekit's host.
 */
import { lazyBindings } from './bindings.js';
import { OwnedHandle, PROCESS_QUERY_LIMITED_INFORMATION, using, win32 } from './win32.js';
import type { Usage } from '../platform.js';

const k32 = lazyBindings('kernel32.dll', {
  GetProcessTimes: 'bool __stdcall GetProcessTimes(void *h, _Out_ uint64_t *created, _Out_ uint64_t *exited, _Out_ uint64_t *kernel, _Out_ uint64_t *user)',
  K32GetProcessMemoryInfo: 'bool __stdcall K32GetProcessMemoryInfo(void *h, _Out_ uint8_t *counters, uint32_t size)',
});

const PROCESS_VM_READ = 0x10;
/** PROCESS_MEMORY_COUNTERS, 64-bit: cb (4), PageFaultCount (4), PeakWorkingSetSize (8), WorkingSetSize (8) … */
const COUNTERS_SIZE = 72;
const WORKING_SET_OFFSET = 16;
/** FILETIME counts 100 ns since 1601-01-01; the Unix epoch is this many of them later. */
const TICKS_PER_SECOND = 10_000_000;
const EPOCH_1601_TICKS = 116_444_736_000_000_000n;
const TICKS_PER_MS = 10_000n;
const MS_PER_S = 1000;

/** The process's usage; undefined where it cannot be opened. */
export function processUsage(pid: number, now = Date.now()): Usage | undefined {
  const w = win32();
  const raw = w.OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION | PROCESS_VM_READ, false, pid);
  if (!raw) return undefined;
  return using(new OwnedHandle(raw, (h) => w.CloseHandle(h)), ({ raw: h }) => {
    const k = k32();
    const usage: Usage = {};
    const counters = Buffer.alloc(COUNTERS_SIZE);
    counters.writeUInt32LE(COUNTERS_SIZE, 0);
    if (k.K32GetProcessMemoryInfo(h, counters, COUNTERS_SIZE)) usage.memoryBytes = Number(counters.readBigUInt64LE(WORKING_SET_OFFSET));
    const [created, exited, kernel, user] = [[0n], [0n], [0n], [0n]] as [bigint | number][];
    if (k.GetProcessTimes(h, created, exited, kernel, user)) {
      usage.cpuSeconds = (Number(kernel![0]) + Number(user![0])) / TICKS_PER_SECOND;
      const startedMs = Number((BigInt(created![0]!) - EPOCH_1601_TICKS) / TICKS_PER_MS);
      if (startedMs > 0 && startedMs <= now) usage.uptimeSeconds = Math.round((now - startedMs) / MS_PER_S);
    }
    return usage;
  });
}
