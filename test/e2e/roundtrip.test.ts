/**
 * Round-trip property test against the real managers: 200 generated argument vectors and env
 * maps per manager, each installed for real; the service writes what it received, which must equal
 * what was given. Values no manager can carry (NUL) must be refused at install, nothing written.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Container, e2eSuiteOptions, MOUNT, rootfs, waitFor } from './harness/container.js';
import { generateCases } from './roundtrip-cases.js';
import { recordFigures, ROUNDTRIP_CASES, ROUNDTRIP_REFUSED, type Summary } from './roundtrip-figures.js';

const CASES = ROUNDTRIP_CASES;
const REFUSED = ROUNDTRIP_REFUSED;


const TARGETS = [
  { label: 'systemd system services', ct: 'sk-rt-systemd', lower: 'host', user: false },
  { label: 'systemd user services', ct: 'sk-rt-systemd', lower: 'host', user: true },
  { label: 'SysV init', ct: 'sk-rt-sysv', lower: 'sysv', user: false },
  { label: 'OpenRC', ct: 'sk-rt-openrc', lower: 'openrc', user: false },
] as const;

// The managers run concurrently (each in its own container; system and user systemd services
// take different install locks), which keeps 200 cases per manager within CI's time.
describe(`round trip: ${CASES} generated argv/env per real manager`, { ...e2eSuiteOptions(), concurrency: true }, () => {
  let roots: { sysv: string; openrc: string };
  // One container per init system, booted once (the two systemd targets share one).
  const up = new Map<string, Promise<Container>>();
  before(async () => {
    roots = await rootfs();
  });
  after(async () => {
    for (const ct of up.values()) await (await ct).down();
  });

  for (const [ti, t] of TARGETS.entries()) {
    it(`${t.label}: every value arrives exactly, NUL is refused`, { timeout: 25 * 60_000 }, async () => {
      let booting = up.get(t.ct);
      if (!booting) {
        booting = Container.up(t.ct, t.lower === 'host' ? 'host' : roots[t.lower], t.lower === 'host' ? [] : ['--bind-ro=/usr/bin/node']);
        up.set(t.ct, booting);
      }
      const ct = await booting;
      const cases = generateCases(1000 + ti, CASES, REFUSED);
      const driver = `${MOUNT}/build/test/e2e/roundtrip-driver.js`;
      let r;
      if (t.user) {
        await ct.exec(['useradd', '-m', 'rtuser']);
        const uid = Number((await ct.ok(['id', '-u', 'rtuser'])).trim());
        await ct.ok(['loginctl', 'enable-linger', 'rtuser']);
        await waitFor('user manager', () => ct.exists(`/run/user/${uid}/systemd/private`));
        r = await ct.exec(['runuser', '-u', 'rtuser', '--', 'env', 'HOME=/home/rtuser', `XDG_RUNTIME_DIR=/run/user/${uid}`, 'node', driver], JSON.stringify({ cases, userService: true, out: '/tmp/rt-user' }));
      } else {
        r = await ct.exec(['node', driver], JSON.stringify({ cases, userService: false, out: '/var/tmp/rt' }));
      }
      assert.equal(r.code, 0, r.stderr);
      const sum = JSON.parse(r.stdout.trim().split('\n').pop()!) as Summary;
      recordFigures(t.label, sum);
      assert.deepEqual(sum.failures.slice(0, 3), []);
      assert.equal(sum.passed, CASES);
      assert.equal(sum.refused, REFUSED);
    });
  }
});
