/**
 * npm run bench: boots a real-systemd container with the test harness, runs bench/inside.ts there
 * and prints each figure against its baseline, as a ratio. With --readme, also rewrites the benchmark
 * table of docs/benchmarks.md with the date and the machine.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Container, MOUNT, REPO } from '../test/e2e/harness/container.js';
import type { Figure } from './figure.js';


const HIGHER_IS_BETTER = new Set(['calls/s', 'msgs/s']);

function table(r: Record<string, Figure>): string {
  const rows = Object.entries(r).map(([k, f]) => {
    const ratio = f.lib / f.base;
    const cost = HIGHER_IS_BETTER.has(f.unit) ? f.base / f.lib : ratio;
    const fmt = (x: number) => (x >= 100 || Number.isInteger(x) ? x.toFixed(0) : x.toFixed(2));
    // A baseline of 0 (no failed request): no ratio; as good when servicekit's is 0 too.
    if (f.base === 0) return `| ${k} | ${fmt(f.lib)} ${f.unit} | 0 ${f.unit} | — | ${f.lib === 0 ? 'ok' : 'over'} | ${f.note} |`;
    return `| ${k} | ${fmt(f.lib)} ${f.unit} | ${fmt(f.base)} ${f.unit} | ${ratio.toFixed(2)} | ${cost > 1.2 ? 'over +20%' : 'ok'} | ${f.note} |`;
  });
  return ['| figure | servicekit | baseline | ratio | | what |', '| --- | --- | --- | --- | --- | --- |', ...rows].join('\n');
}

/** --apply: only apply at fleet scale (bench/apply-inside.ts); --pm2: against pm2 (bench/pm2-inside.ts); each in a table of its own. */
const only = process.argv.includes('--apply') ? 'apply' : process.argv.includes('--pm2') ? 'pm2' : undefined;
const marker = only === undefined ? 'bench' : `bench-${only}`;
const INSIDE = { apply: 'apply-inside', pm2: 'pm2-inside' } as const;
// pm2 from bench/pm2's lockfile (not a dependency of servicekit), where the container sees it.
if (only === 'pm2') execFileSync('npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: path.join(REPO, 'bench', 'pm2'), stdio: 'inherit' });

const ct = await Container.up('sk-bench');
try {
  const r = await ct.exec(['node', `${MOUNT}/build/bench/${only === undefined ? 'inside' : INSIDE[only]}.js`]);
  if (r.code !== 0) throw new Error(`bench failed:\n${r.stdout}\n${r.stderr}`);
  const results = JSON.parse(r.stdout.trim().split('\n').pop()!) as Record<string, Figure>;
  const t = table(results);
  console.log(t);
  if (process.argv.includes('--readme')) {
    const file = path.join(REPO, 'docs', 'benchmarks.md');
    const readme = readFileSync(file, 'utf8');
    const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
    const section = `<!-- ${marker}:start -->\nMeasured ${new Date().toISOString().slice(0, 10)} on ${os.cpus().length} × ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Linux ${os.release()}, Node ${process.version}, inside a systemd 252 container (medians; ratio = servicekit / baseline):\n\n${t}\n<!-- ${marker}:end -->`;
    writeFileSync(file, readme.replace(new RegExp(`<!-- ${marker}:start -->[\\s\\S]*<!-- ${marker}:end -->`), section));
    console.log('docs/benchmarks.md updated');
  }
} finally {
  await ct.down();
}
