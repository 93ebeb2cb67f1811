/**
 * A service's instances (instances.ts) driven through systemd: started together, restarted one at a
 * time (a roll: each instance back up and through its settle window before the next one stops, so
 * at most one of N is down), stopped, and read back.
 */
import type { ServiceState } from '../platform.js';
import type { Control } from './control.js';
import { instanceNumber, instanceUnits } from './instances.js';
import { stateFromShow } from './parse.js';
import { unitName } from './quote.js';

/** How the settle window is watched (FileManager.settle). */
export type Settle = (probe: () => Promise<{ state: ServiceState; restarts?: number }>, settleMs?: number) => Promise<string | undefined>;

/** What stopped a start or a roll: the instance, why, and (a roll) how many instances had been restarted by then, it included. */
export interface GroupFailure {
  unit: string;
  reason: string;
  cause?: Error;
  rolled?: number;
}

const ACTIVE = ['active', 'activating', 'reloading', 'deactivating'];

export class InstanceGroup {
  constructor(
    private readonly ctl: Control,
    readonly name: string,
    readonly count: number,
  ) {}

  get units(): string[] {
    return instanceUnits(this.name, this.count);
  }

  /** Is the group unit up as a group (a oneshot that exited and stays active), not a plain unit's process from before an update? */
  async grouped(): Promise<boolean> {
    const [g] = await this.ctl.show([unitName(this.name)]);
    return g?.['ActiveState'] === 'active' && g['SubState'] === 'exited';
  }

  /** Start every instance (jobs side by side, each awaited — a notify program's READY=1 too — unless only queued); the first that failed. */
  async startAll(queued = false): Promise<GroupFailure | undefined> {
    const jobs = await Promise.all(this.units.map(async (unit) => ({ unit, failed: await this.ctl.job('start', unit, queued) })));
    const bad = jobs.find((j) => j.failed !== undefined);
    return bad?.failed === undefined ? undefined : { unit: bad.unit, reason: bad.failed.reason, ...(bad.failed.cause ? { cause: bad.failed.cause } : {}) };
  }

  /** All instances as one for the settle window: the first not running or starting, restarts summed. */
  async probeAll(): Promise<{ state: ServiceState; restarts?: number }> {
    const shown = await this.ctl.show(this.units);
    const states = shown.map(stateFromShow);
    const state = states.find((s) => s !== 'running' && s !== 'starting') ?? (states.includes('starting') ? 'starting' : 'running');
    return { state, restarts: shown.reduce((sum, p) => sum + (Number(p['NRestarts']) || 0), 0) };
  }

  private async probe(unit: string): Promise<{ state: ServiceState; restarts?: number }> {
    const [p = {}] = await this.ctl.show([unit]);
    const n = Number(p['NRestarts']);
    return { state: stateFromShow(p), ...(Number.isInteger(n) ? { restarts: n } : {}) };
  }

  /**
   * Restart the instances 1..upTo (all by default) one after the other, each through its settle
   * window before the next; the first that does not come back up ends the roll.
   */
  async roll(settle: Settle, settleMs: number | undefined, upTo = this.count): Promise<GroupFailure | undefined> {
    for (const [i, unit] of this.units.slice(0, upTo).entries()) {
      const job = await this.ctl.job('restart', unit);
      // Counted from the first look after the job, as a plain unit's start (a manual restart may reset systemd's counter).
      const reason = job?.reason ?? (await settle(() => this.probe(unit), settleMs));
      if (reason !== undefined) return { unit, reason, rolled: i + 1, ...(job?.cause ? { cause: job.cause } : {}) };
    }
    return undefined;
  }

  /** Stop the loaded instances numbered above `keep` (every one with 0: those a removed template left too), the jobs awaited. */
  async stopAbove(keep: number): Promise<void> {
    const loaded = await this.ctl.loadedMatching(`${this.name}@*.service`);
    const extra = [...loaded].filter(([unit, p]) => (instanceNumber(this.name, unit) ?? 0) > keep && ACTIVE.includes(p['ActiveState'] ?? ''));
    await Promise.all(extra.map(([unit]) => this.ctl.job('stop', unit)));
  }

  /** Forget the instances' failed states (systemd lists failed units until then). */
  async resetFailed(): Promise<void> {
    const loaded = await this.ctl.loadedMatching(`${this.name}@*.service`);
    await Promise.all([...loaded].filter(([, p]) => p['ActiveState'] === 'failed').map(([unit]) => this.ctl.resetFailed(unit)));
  }
}
