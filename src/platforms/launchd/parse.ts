/** Parsing `launchctl print DOMAIN/LABEL` (pure). */
import type { ServiceState } from '../platform.js';

/** launchctl's exit status when the domain has no such service (ESRCH-like "Could not find service"). */
export const LAUNCHCTL_NOT_FOUND = 113;

/**
 * launchctl bootstrap's exit status (EIO, "Bootstrap failed: 5: Input/output error") when launchd
 * refuses the job: its label is still registered while a bootout drains it, or the job is disabled.
 * (The race is launchd's best-known: e.g. tomcounsell/ai#2013, DeterminateSystems/nix-installer#1146.)
 */
export const LAUNCHCTL_EIO = 5;

/**
 * The labels `launchctl print-disabled DOMAIN` lists as disabled: `"label" => disabled` (macOS 13
 * and later) or `"label" => true` (earlier).
 */
export function parseDisabled(text: string): Set<string> {
  return new Set([...text.matchAll(/^\s*"([^"]+)" => (disabled|true)\s*$/gm)].map((m) => m[1]!));
}

/** The top-level "key = value" lines of the service block (nested blocks are skipped). */
export function parsePrint(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  let depth = 0;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line.endsWith('{')) {
      depth += 1;
      continue;
    }
    if (line === '}') {
      depth -= 1;
      continue;
    }
    if (depth !== 1) continue;
    const m = /^([^=]+?) = (.*)$/.exec(line);
    if (m) out[m[1]!] = m[2]!;
  }
  return out;
}

export function stateFromPrint(p: Record<string, string>): { state: ServiceState; pid?: number } {
  const pid = Number(p['pid']);
  const hasPid = Number.isInteger(pid) && pid > 0;
  const st = p['state'];
  if (st === 'running') return hasPid ? { state: 'running', pid } : { state: 'running' };
  if (st === 'spawn scheduled' || st === 'xpcproxy') return { state: 'starting' };
  const code = p['last exit code'];
  if (code !== undefined && code !== '0' && !code.startsWith('(never')) return { state: 'failed' };
  return { state: 'stopped' };
}
