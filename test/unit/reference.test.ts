/**
 * docs/reference/ is the API reference TypeDoc makes from the TSDoc comments of the public API
 * (src/index.ts; typedoc.json, warnings as errors, so every public type is documented and
 * exported). Made anew here and compared; SERVICEKIT_WRITE_GENERATED=1 (or `npm run docs:api`) writes it.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const REFERENCE = path.join(ROOT, 'docs', 'reference');

function tree(dir: string): Map<string, string> {
  const files = readdirSync(dir, { recursive: true }).map(String).filter((f) => f.endsWith('.md')).sort();
  return new Map(files.map((f) => [f, readFileSync(path.join(dir, f), 'utf8')]));
}

describe('API reference', () => {
  it('docs/reference/ is what TypeDoc makes of the public API, with no warning', () => {
    const write = process.env['SERVICEKIT_WRITE_GENERATED'] === '1';
    const out = write ? REFERENCE : mkdtempSync(path.join(tmpdir(), 'sk-reference-'));
    if (write) rmSync(REFERENCE, { recursive: true, force: true });
    try {
      execFileSync(process.execPath, [path.join(ROOT, 'node_modules/typedoc/bin/typedoc'), '--out', out], { cwd: ROOT, encoding: 'utf8', stdio: 'pipe' });
    } catch (e) {
      assert.fail(`typedoc: ${(e as { stdout?: string }).stdout ?? ''}${(e as { stderr?: string }).stderr ?? String(e)}`);
    }
    const made = tree(out);
    const kept = tree(REFERENCE);
    assert.deepEqual([...kept.keys()], [...made.keys()], 'docs/reference/ is generated: npm run docs:api');
    for (const [f, text] of made) assert.equal(kept.get(f), text, `docs/reference/${f} is generated: npm run docs:api`);
    if (!write) rmSync(out, { recursive: true, force: true });
  });
});
