/**
 * The sockets systemd holds for a service (`listen`; pure): NAME.socket beside NAME.service. The
 * service Requires= it, so starting the service starts it and stopping it stops the service; it is
 * enabled with the service ([Install] Also=). A restart of the service leaves it listening: a
 * connection that comes while the program restarts waits in its queue instead of being refused.
 */
import path from 'node:path';
import type { ResolvedConfig } from '../../config.js';
import { parseAddress } from '../../listen.js';
import { markLine } from '../ownership.js';
import type { RenderedFile } from '../platform.js';
import { unitName, unitPath } from './quote.js';

export function socketUnitName(name: string): string {
  return `${name}.socket`;
}

/** Where the socket unit goes: beside the service's unit. */
export function socketUnitPath(servicePath: string, name: string): string {
  return path.join(path.dirname(servicePath), socketUnitName(name));
}

export function renderSocketUnit(cfg: ResolvedConfig, servicePath: string): RenderedFile[] {
  if (cfg.listen.length === 0) return [];
  const unix = cfg.listen.some((a) => parseAddress(a)?.kind === 'unix');
  const lines = [
    `# Written by servicekit: the sockets of ${unitName(cfg.name)}, held while it restarts; removed with it.`,
    markLine(cfg.name),
    '[Unit]',
    // The service's name only: a new description must not change this file (a changed file restarts the socket, closing it a moment).
    `Description=Sockets of ${unitName(cfg.name)}`,
    '',
    '[Socket]',
    ...cfg.listen.map((a, i) => `ListenStream=${parseAddress(a)?.kind === 'unix' ? unitPath(a, `listen[${i}]`) : a}`),
    // The program learns which descriptor is which address from SERVICEKIT_LISTEN (same order); systemd passes them in this order.
    `FileDescriptorName=${cfg.name}`,
    ...(unix ? ['RemoveOnStop=yes'] : []),
    '',
    '[Install]',
    `WantedBy=sockets.target`,
    '',
  ];
  return [{ path: socketUnitPath(servicePath, cfg.name), content: lines.join('\n'), mode: 0o644 }];
}
