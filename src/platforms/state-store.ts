/**
 * The stored configuration of a manager's services: NAME.json in servicekit's directory of the
 * scope, readable by its owner only (it holds the environment), written with the service and
 * checked like it. A part the install pipeline is given; the text itself is shared/state.ts's.
 */
import path from 'node:path';
import type { ResolvedConfig } from '../config.js';
import type { Host } from '../sys/host.js';
import { checkWritableOnlyBy } from '../sys/trust.js';
import type { RenderedFile, StoredState } from './platform.js';
import { parseState, renderState } from './shared/state.js';

/** The stored configuration holds the environment: its owner's only. */
export const STATE_MODE = 0o600;

export class StateStore {
  constructor(
    private readonly host: Host,
    /** servicekit's own directory of the service's scope. */
    readonly directory: (cfg: ResolvedConfig) => string,
    /** The uid that owns that scope's files (root, or a user service's user). */
    private readonly ownerUid: (cfg: ResolvedConfig) => number,
  ) {}

  path(cfg: ResolvedConfig): string {
    return path.join(this.directory(cfg), `${cfg.name}.json`);
  }

  /** The file install and update write (`withType`: the readiness type is stored where the platform honours it). */
  file(cfg: ResolvedConfig, withType: boolean): RenderedFile {
    return { path: this.path(cfg), content: renderState(cfg, withType), mode: STATE_MODE };
  }

  /** Its directory is root's (the user's) alone: another account could otherwise plant what a later update applies. */
  async checkDirectory(cfg: ResolvedConfig): Promise<void> {
    await checkWritableOnlyBy(this.host, 'stored configuration', this.directory(cfg), this.ownerUid(cfg));
  }

  /** The stored configuration as the file holds it; undefined when there is none (or not this service's). */
  async read(cfg: ResolvedConfig): Promise<StoredState | undefined> {
    const text = await this.host.readFile(this.path(cfg)).catch(() => undefined);
    return text === undefined ? undefined : parseState(text, cfg.name);
  }
}
