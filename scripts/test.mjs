// Runs the compiled test files (build/test/**/*.test.js) with node's test runner.
// Node 20 has no glob support in `node --test`, and a directory argument would also run every
// other .js file under test/ (fixtures, helpers), so the files are listed here.
// The unit files run first; then the end-to-end files side by side (SERVICEKIT_E2E_CONCURRENCY at
// a time, default E2E_CONCURRENCY): each suite boots containers of its own names or Wine, builds
// into a folder of its own, and the debootstrapped trees they share are built under a lock.
// Usage: node scripts/test.mjs [unit|e2e]...
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';

const E2E_CONCURRENCY = 3;
/** The longest suites start first, so the others fit in beside them (CI's time is the longest path). */
const LONGEST_FIRST = ['e2e/roundtrip.test.js', 'e2e/windows.test.js', 'e2e/systemd/lifecycle.test.js', 'e2e/security.test.js', 'e2e/initscripts.test.js'];
const rank = (f) => (LONGEST_FIRST.includes(f) ? LONGEST_FIRST.indexOf(f) : LONGEST_FIRST.length);
const root = path.resolve(import.meta.dirname ?? path.dirname(new URL(import.meta.url).pathname), '..', 'build', 'test');
const only = process.argv.slice(2);
const all = readdirSync(root, { recursive: true })
  .map(String)
  .filter((f) => f.endsWith('.test.js'))
  .filter((f) => only.length === 0 || only.some((o) => f.startsWith(`${o}/`)))
  .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
const groups = [
  { files: all.filter((f) => f.startsWith('unit/')), concurrency: 1 },
  { files: all.filter((f) => !f.startsWith('unit/')), concurrency: Number(process.env['SERVICEKIT_E2E_CONCURRENCY'] ?? E2E_CONCURRENCY) },
].filter((g) => g.files.length > 0);
if (groups.length === 0) {
  console.error(`no test files under ${root}`);
  process.exitCode = 1;
}
for (const g of groups) {
  const files = g.files.map((f) => path.join(root, f));
  const r = spawnSync(process.execPath, ['--test', '--test-reporter=spec', `--test-concurrency=${g.concurrency}`, ...files], { stdio: 'inherit' });
  if (r.status !== 0) process.exitCode = r.status ?? 1;
}
