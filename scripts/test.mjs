// Runs the compiled test files (build/test/**/*.test.js) with node's test runner.
// Node 20 has no glob support in `node --test`, and a directory argument would also run every
// other .js file under test/ (fixtures, helpers), so the files are listed here.
// Usage: node scripts/test.mjs [unit|e2e]...
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname ?? path.dirname(new URL(import.meta.url).pathname), '..', 'build', 'test');
const only = process.argv.slice(2);
const files = readdirSync(root, { recursive: true })
  .map(String)
  .filter((f) => f.endsWith('.test.js'))
  .filter((f) => only.length === 0 || only.some((o) => f.startsWith(`${o}/`)))
  .sort((a, b) => (a.startsWith('unit/') === b.startsWith('unit/') ? a.localeCompare(b) : a.startsWith('unit/') ? -1 : 1))
  .map((f) => path.join(root, f));
if (files.length === 0) {
  console.error(`no test files under ${root}`);
  process.exitCode = 1;
} else {
  const r = spawnSync(process.execPath, ['--test', '--test-reporter=spec', ...files], { stdio: 'inherit' });
  process.exitCode = r.status ?? 1;
}
