/** apply's outcome as text: a line per service, the diff of each changed file on a dry run, a summary. */
import { createTwoFilesPatch } from 'diff';
import type { ApplyEntry, ApplyResult, FileChange } from '../index.js';

const VERB = { create: 'created', update: 'updated', remove: 'removed', unchanged: 'unchanged' } as const;

function fileDiff(c: FileChange): string {
  if (c.secret) return `  ${c.path}: readable by its owner only, not shown\n`;
  return createTwoFilesPatch(c.before === undefined ? '/dev/null' : c.path, c.after === undefined ? '/dev/null' : c.path, c.before ?? '', c.after ?? '', undefined, undefined, { context: 3 })
    .split('\n')
    .filter((l) => !l.startsWith('=====') && !l.startsWith('Index: '))
    .join('\n');
}

/** The unified diffs of several files' changes. */
export function fileDiffs(changes: readonly FileChange[]): string {
  return changes.map(fileDiff).join('');
}

function entryText(e: ApplyEntry, dryRun: boolean): string {
  const head = `${dryRun ? e.action : e.error ? `failed to ${e.action}` : VERB[e.action]} ${e.name}\n`;
  return dryRun ? head + e.changes.map(fileDiff).join('') : head;
}

export function printPlan(r: ApplyResult): string {
  const count = (a: ApplyEntry['action']) => r.services.filter((s) => s.action === a && !s.error).length;
  const changes = (['create', 'update', 'remove'] as const).map((a) => [a, count(a)] as const).filter(([, n]) => n > 0);
  const summary = changes.length
    ? `${r.dryRun ? 'would change' : 'changed'}: ${changes.map(([a, n]) => `${n} ${r.dryRun ? a : VERB[a]}`).join(', ')}; ${count('unchanged')} unchanged`
    : `nothing to change (${count('unchanged')} unchanged)`;
  return r.services.map((e) => entryText(e, r.dryRun)).join('') + summary + '\n';
}
