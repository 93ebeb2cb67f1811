/**
 * Round-trip property test against the real managers: 200 generated argument vectors and env
 * maps per manager, each installed for real; the service writes what it received, which must equal
 * what was given. Values no manager can carry (NUL) must be refused at install, nothing written.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Container, e2eSuiteOptions, MOUNT, rootfs, waitFor } from './harness/container.js';

const CASES = Number(process.env['SERVICEKIT_ROUNDTRIP_CASES'] ?? 50);
const REFUSED = 10;

/** Deterministic hostile values: every character the issue lists, and then some. */
export function generateCases(seed: number, n: number, refused: number) {
  let s = seed;
  const rnd = () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const atoms = [' ', '  ', '"', "'", '\\', '$', '$HOME', '${X}', '$$', '%', '%h', '%%', ';', '&', '|', '*', '?', '~', '[a-z]', '{a,b}', '`id`', '$(id)', '\n', '\t', '#', '!', '=', 'end script', 'ü', '€', '日本', '😀', 'a', 'Z', '0', '-', '--', '.', '/'];
  const value = (): string => {
    const r = rnd();
    if (r < 0.08) return '';
    if (r < 0.12) return 'x'.repeat(500 + Math.floor(rnd() * 1500)) + pick(atoms);
    let v = rnd() < 0.15 ? '-' : '';
    const len = 1 + Math.floor(rnd() * 8);
    for (let i = 0; i < len; i++) v += pick(atoms);
    return v;
  };
  const cases: Array<{ argv: string[]; env: Record<string, string>; refuse?: boolean }> = [];
  for (let i = 0; i < n; i++) {
    const argv = Array.from({ length: Math.floor(rnd() * 6) }, value);
    const env: Record<string, string> = {};
    for (let j = 0, m = 1 + Math.floor(rnd() * 3); j < m; j++) env[`RT_${j}_${pick(['A', 'b', '_'])}`] = value();
    cases.push({ argv, env });
  }
  for (let i = 0; i < refused; i++) {
    const bad = `${value()}\0${value()}`;
    cases.push(i % 2 ? { argv: [value(), bad], env: {}, refuse: true } : { argv: [], env: { RT_NUL: bad }, refuse: true });
  }
  return cases;
}

interface Summary {
  tried: number;
  passed: number;
  refused: number;
  failures: unknown[];
}

const TARGETS = [
  { label: 'systemd system services', ct: 'sk-rt-systemd', lower: 'host', user: false },
  { label: 'systemd user services', ct: 'sk-rt-systemd', lower: 'host', user: true },
  { label: 'SysV init', ct: 'sk-rt-sysv', lower: 'sysv', user: false },
  { label: 'OpenRC', ct: 'sk-rt-openrc', lower: 'openrc', user: false },
] as const;

describe(`round trip: ${CASES} generated argv/env per real manager`, e2eSuiteOptions(), () => {
  let roots: { sysv: string; openrc: string };
  const up = new Map<string, Container>();
  before(async () => {
    roots = await rootfs();
  });
  after(async () => {
    for (const ct of up.values()) await ct.down();
  });

  for (const [ti, t] of TARGETS.entries()) {
    it(`${t.label}: every value arrives exactly, NUL is refused`, { timeout: 15 * 60_000 }, async () => {
      let ct = up.get(t.ct);
      if (!ct) {
        ct = await Container.up(t.ct, t.lower === 'host' ? 'host' : roots[t.lower], t.lower === 'host' ? [] : ['--bind-ro=/usr/bin/node']);
        up.set(t.ct, ct);
      }
      const cases = generateCases(1000 + ti, CASES, REFUSED);
      const driver = `${MOUNT}/build/test/e2e/roundtrip-driver.js`;
      let r;
      if (t.user) {
        await ct.exec(['useradd', '-m', 'rtuser']);
        const uid = Number((await ct.ok(['id', '-u', 'rtuser'])).trim());
        await ct.ok(['loginctl', 'enable-linger', 'rtuser']);
        await waitFor('user manager', () => ct!.exists(`/run/user/${uid}/systemd/private`));
        r = await ct.exec(['runuser', '-u', 'rtuser', '--', 'env', 'HOME=/home/rtuser', `XDG_RUNTIME_DIR=/run/user/${uid}`, 'node', driver], JSON.stringify({ cases, userService: true, out: '/tmp/rt-user' }));
      } else {
        r = await ct.exec(['node', driver], JSON.stringify({ cases, userService: false, out: '/var/tmp/rt' }));
      }
      assert.equal(r.code, 0, r.stderr);
      const sum = JSON.parse(r.stdout.trim().split('\n').pop()!) as Summary;
      console.log(`${t.label}: tried ${sum.tried}, passed ${sum.passed}, refused ${sum.refused}, failed ${sum.failures.length}`);
      assert.deepEqual(sum.failures.slice(0, 3), []);
      assert.equal(sum.passed, CASES);
      assert.equal(sum.refused, REFUSED);
    });
  }
});
