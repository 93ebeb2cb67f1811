/**
 * The docs stay readable and whole: the README is a front door (short, links into docs/), no table
 * cell runs past a sentence, and every relative link — file and heading — leads somewhere.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const README_MAX_LINES = 150;
const CELL_MAX_WORDS = 30;
const FILES = ['README.md', ...readdirSync(path.join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];

/** The lines of a markdown file outside code fences. */
function prose(file: string): { n: number; line: string }[] {
  let fence = false;
  return readFileSync(path.join(ROOT, file), 'utf8')
    .split('\n')
    .map((line, i) => ({ n: i + 1, line }))
    .filter(({ line }) => {
      if (line.startsWith('```')) fence = !fence;
      return !fence && !line.startsWith('```');
    });
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as dashes. */
function slug(heading: string): string {
  return heading.trim().toLowerCase().replace(/[^\p{L}\p{N} _-]/gu, '').replace(/ /g, '-');
}

function anchors(file: string): Set<string> {
  return new Set(prose(file).flatMap(({ line }) => (/^#{1,6} /.test(line) ? [slug(line.replace(/^#+ /, ''))] : [])));
}

describe('docs', () => {
  it(`the README is at most ${README_MAX_LINES} lines`, () => {
    const n = readFileSync(path.join(ROOT, 'README.md'), 'utf8').split('\n').length;
    assert.ok(n <= README_MAX_LINES, `README.md has ${n} lines`);
  });

  it(`no table cell is over ${CELL_MAX_WORDS} words`, () => {
    for (const file of FILES) {
      for (const { n, line } of prose(file)) {
        if (!line.startsWith('|')) continue;
        for (const cell of line.replace(/`[^`]*`/g, (c) => c.replace(/\|/g, '/')).split('|')) {
          assert.ok(cell.trim().split(/\s+/).length <= CELL_MAX_WORDS, `${file}:${n}: a cell of ${cell.trim().split(/\s+/).length} words`);
        }
      }
    }
  });

  it("the fleet playbook docs/apply.md shows is the file the fleet test runs", () => {
    const doc = readFileSync(path.join(ROOT, 'docs/apply.md'), 'utf8');
    const shown = /```yaml\n([\s\S]*?)```/.exec(doc)?.[1];
    assert.equal(shown, readFileSync(path.join(ROOT, 'docs/fleet/playbook.yml'), 'utf8'));
  });

  it('every test docs/claims.md names exists: the file, and a test whose title holds the words', () => {
    const doc = readFileSync(path.join(ROOT, 'docs/claims.md'), 'utf8');
    const table = /<!-- claims:start -->\n([\s\S]*?)\n<!-- claims:end -->/.exec(doc)?.[1] ?? assert.fail('docs/claims.md has no claims table');
    const rows = table.split('\n').slice(2);
    assert.ok(rows.length >= 10, 'a claims table');
    for (const row of rows) {
      const [, , file, words] = row.split('|').map((c) => c.trim());
      const rel = /^`([^`]+)`$/.exec(file ?? '')?.[1] ?? assert.fail(`no \`file\` in: ${row}`);
      const source = readFileSync(path.join(ROOT, rel), 'utf8');
      const titled = source.split('\n').some((l) => /\b(it|describe)\(/.test(l) && l.includes(words!));
      assert.ok(titled, `${rel} has no test titled with "${words}"`);
    }
  });

  it('every relative link names a file that exists, and a heading it has', () => {
    for (const file of FILES) {
      for (const { n, line } of prose(file)) {
        for (const m of line.matchAll(/\]\(([^)\s]+)\)/g)) {
          const target = m[1]!;
          if (/^[a-z]+:/.test(target)) continue;
          const [rel, hash] = target.split('#') as [string, string | undefined];
          const dest = rel === '' ? file : path.normalize(path.join(path.dirname(file), rel));
          assert.ok(existsSync(path.join(ROOT, dest)), `${file}:${n}: ${target} (no ${dest})`);
          if (hash !== undefined && dest.endsWith('.md')) assert.ok(anchors(dest).has(hash), `${file}:${n}: ${target} (no heading #${hash} in ${dest})`);
        }
      }
    }
  });
});
