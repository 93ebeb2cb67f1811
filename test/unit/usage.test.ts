/** Usage (what pm2 list shows) from the managers' own figures: /proc's, systemd's properties; the CLI's words for it. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { usageFromProc } from '../../src/platforms/shared/proc-usage.js';
import { usageFromShow } from '../../src/platforms/systemd/parse.js';

describe('usage', () => {
  // In proc(5)'s format: a process whose command name holds a space and parentheses.
  const stat = '4242 (node (x) y) S 1 4242 4242 0 -1 4194560 8051 0 12 0 137 41 0 0 20 0 11 0 52345 1178423296 11420 18446744073709551615 1 1 0 0 0 0 0 16781312 17922 0 0 0 17 1 0 0 0 0 0 0 0 0 0 0 0 0 0';
  const status = 'Name:\tnode\nVmPeak:\t 1180000 kB\nVmRSS:\t   45680 kB\nThreads:\t11\n';

  it('from /proc: VmRSS, utime + stime in USER_HZ ticks, age from starttime against /proc/uptime; a command with spaces and parentheses read right', () => {
    assert.deepEqual(usageFromProc(status, stat, '1000.50 3990.10\n'), { memoryBytes: 45680 * 1024, cpuSeconds: 1.78, uptimeSeconds: Math.round(1000.5 - 523.45) });
  });

  it("from systemd's properties: MemoryCurrent, CPUUsageNSec, the main process's start (monotonic µs); unset counters ([not set], UINT64_MAX) left out; nothing for a unit that does not run", () => {
    const p = { LoadState: 'loaded', ActiveState: 'active', SubState: 'running', MemoryCurrent: '47185920', CPUUsageNSec: '1500000000', ExecMainStartTimestampMonotonic: '5000000' };
    assert.deepEqual(usageFromShow(p, 65_000_000), { memoryBytes: 47185920, cpuSeconds: 1.5, uptimeSeconds: 60 });
    assert.deepEqual(usageFromShow({ ...p, MemoryCurrent: '[not set]', CPUUsageNSec: '18446744073709551615' }, 65_000_000), { uptimeSeconds: 60 });
    assert.equal(usageFromShow({ ...p, ActiveState: 'inactive', SubState: 'dead' }, 65_000_000), undefined);
  });
});
