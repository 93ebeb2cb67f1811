/**
 * The round-trip figures, kept by CI: each suite records what it measured, and the table of docs/reliability.md
 * must say the same (the check runs with the default case count; a mismatch fails the run).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO } from './harness/container.js';

/** Generated cases per real manager (SERVICEKIT_ROUNDTRIP_CASES overrides; docs/reliability.md shows the default). */
export const DEFAULT_CASES = 200;
export const ROUNDTRIP_CASES = Number(process.env['SERVICEKIT_ROUNDTRIP_CASES'] ?? DEFAULT_CASES);
/** Cases holding a NUL, which every manager must refuse. */
export const ROUNDTRIP_REFUSED = 10;

export interface Summary {
  tried: number;
  passed: number;
  refused: number;
  /** Windows: the cases also started the way real Windows starts a service (the registry's Environment applied by the SCM). */
  simulated?: number;
  failures: unknown[];
}

/** Print the figures, and check the row of docs/reliability.md for `label` when the default count ran. */
export function recordFigures(label: string, sum: Summary): void {
  const line = `| ${label} | ${sum.tried} | ${sum.passed} | ${sum.refused} | ${sum.failures.length} |`;
  console.log(`round trip, ${label}: tried ${sum.tried}, passed ${sum.passed}, refused ${sum.refused}, failed ${sum.failures.length}`);
  assert.deepEqual(sum.failures.slice(0, 3), [], `${label}: the first failures`);
  if (ROUNDTRIP_CASES !== DEFAULT_CASES) return;
  const doc = readFileSync(path.join(REPO, 'docs', 'reliability.md'), 'utf8');
  const row = doc.split('\n').find((l) => l.startsWith(`| ${label} |`));
  assert.equal(row, line, `docs/reliability.md's table must show what was measured for ${label}`);
}
