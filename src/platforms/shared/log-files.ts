/** Where a service's output goes when it is written to files (systemd with logOutput, launchd). Pure. */
import path from 'node:path';
import type { ResolvedConfig } from '../../config.js';

export function logFiles(cfg: Pick<ResolvedConfig, 'name' | 'logDirectory'>): { out: string; err: string } {
  return { out: path.join(cfg.logDirectory, `${cfg.name}.out.log`), err: path.join(cfg.logDirectory, `${cfg.name}.err.log`) };
}
