/**
 * apply at fleet scale, inside a real-systemd container (bench/run.ts --apply boots it): apply() of
 * 20 and of 100 new services against their units written by hand, started by one systemctl call,
 * then the same settle window waited. Prints one JSON object on stdout.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { apply } from 'servicekit';
import { median, timeIt, type Figure } from './figure.js';

const CLI = '/opt/servicekit/dist/servicekit-cli.cjs';
const REPS = 3;
const SETTLE_MS = 1500;
const sh = (cmd: string, args: string[]) => execFileSync(cmd, args, { encoding: 'utf8' });
mkdirSync('/var/tmp/bench', { recursive: true });
const TRIVIAL = '/var/tmp/bench/trivial.js';
writeFileSync(TRIVIAL, 'setInterval(() => {}, 1 << 30);\n');
const results: Record<string, Figure> = {};

// apply of many new services (started together, one shared settle window) against the same
// units written by hand, enabled and started in one systemctl call, then the same 1.5 s waited.
for (const count of [20, 100]) {
  let round = 0;
  const names = () => Array.from({ length: count }, (_, i) => `bench-fleet-${round}-${i}`);
  const removeAll = (list: string[]) => {
    sh('systemctl', ['disable', '--now', '--no-reload', ...list.map((n) => `${n}.service`)]);
    for (const n of list) rmSync(`/etc/systemd/system/${n}.service`, { force: true });
    rmSync('/var/lib/servicekit', { recursive: true, force: true });
    sh('systemctl', ['daemon-reload']);
  };
  const unit = sh(process.execPath, [CLI, 'render', '--name', 'x', '--', process.execPath, TRIVIAL]).split('\n').slice(1).join('\n');
  // Only the creation is timed; the cleanup (the same on both sides) follows each run.
  const lib: number[] = [];
  const base: number[] = [];
  for (let rep = 0; rep < REPS; rep++) {
    const hand = names();
    base.push(
      await timeIt(async () => {
        for (const n of hand) writeFileSync(`/etc/systemd/system/${n}.service`, unit);
        sh('systemctl', ['enable', '--now', ...hand.map((n) => `${n}.service`)]);
        await new Promise((r) => setTimeout(r, SETTLE_MS));
      }),
    );
    removeAll(hand);
    round++;
    const mine = names();
    lib.push(await timeIt(() => apply({ services: mine.map((name) => ({ name, executable: process.execPath, arguments: [TRIVIAL] })) })));
    removeAll(mine);
    round++;
  }
  const t = { lib: median(lib), base: median(base) };
  results[`apply, ${count} new services`] = {
    lib: t.lib,
    base: t.base,
    unit: 'ms',
    note: `apply() creating ${count} services (checks, files, enable, start; all watched through one 1.5 s settle window) vs their units written by hand, one systemctl enable --now, then 1.5 s`,
  };
}

process.stdout.write(JSON.stringify(results) + '\n');
