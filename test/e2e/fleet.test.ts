/**
 * The fleet example, run for real: docs/fleet/playbook.yml (the playbook docs/apply.md shows) run
 * by Ansible (Debian's) against three machines at once — a systemd, a SysV and an OpenRC container —
 * reached the way Ansible reaches a container: its nsenter connection (community.docker.nsenter,
 * into each container's init). The first run changes each machine, the second changes none, and a
 * service taken out of the file is removed from every machine. `npm install -g servicekit` cannot
 * reach a registry from the containers: the test puts the command there instead
 * (install_servicekit=false; the packed package's install is package.test.ts's).
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CLI, Container, e2eSuiteOptions, REPO, rootfs } from './harness/container.js';

const PLAYBOOK = path.join(REPO, 'docs/fleet/playbook.yml');
const MACHINES = [
  { host: 'sk-fleet-systemd', lower: 'host' as const },
  { host: 'sk-fleet-sysv', lower: 'sysv' as const },
  { host: 'sk-fleet-openrc', lower: 'openrc' as const },
];

/** A services file: `names`, each a long sleep with its own argument and variable. */
function fleet(names: string[]): string {
  return JSON.stringify({ services: names.map((name, i) => ({ name, executable: '/bin/sleep', arguments: [`${1000 + i}`], env: { FLEET: name } })) });
}

interface Recap {
  ok: number;
  changed: number;
  failed: number;
  unreachable: number;
}

function playbook(inventory: string, fleetFile: string): Promise<{ code: number; out: string; recap: Record<string, Recap> }> {
  return new Promise((resolve) => {
    const env = { ...process.env, ANSIBLE_NOCOLOR: '1', ANSIBLE_RETRY_FILES_ENABLED: '0', ANSIBLE_LOCAL_TEMP: tmpdir(), ANSIBLE_FORKS: '3' };
    execFile('ansible-playbook', ['-i', inventory, PLAYBOOK, '-e', `fleet_file=${fleetFile}`, '-e', 'install_servicekit=false'], { env, encoding: 'utf8', maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
      const recap: Record<string, Recap> = {};
      for (const m of stdout.matchAll(/^(\S+)\s+: ok=(\d+)\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)/gm)) {
        recap[m[1]!] = { ok: Number(m[2]), changed: Number(m[3]), unreachable: Number(m[4]), failed: Number(m[5]) };
      }
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, out: `${stdout}\n${stderr}`, recap });
    });
  });
}

describe('the fleet playbook, by Ansible, on a systemd, a SysV and an OpenRC machine at once', e2eSuiteOptions(), () => {
  let cts: Container[] = [];
  let dir: string;
  let inventory: string;

  before(async () => {
    const ansible = await new Promise<boolean>((resolve) => execFile('ansible-playbook', ['--version'], (err) => resolve(!err)));
    if (!ansible) {
      if (process.env['SERVICEKIT_E2E'] === 'required') throw new Error('end-to-end tests required but cannot run: ansible-playbook missing (apt-get install ansible)');
      return;
    }
    const roots = await rootfs();
    cts = await Promise.all(MACHINES.map((m) => Container.up(m.host, m.lower === 'host' ? 'host' : roots[m.lower], m.lower === 'host' ? [] : ['--bind-ro=/usr/bin/node'])));
    // What `npm install -g servicekit` would leave: a servicekit command on PATH.
    await Promise.all(cts.map((ct) => ct.ok(['sh', '-c', `printf '#!/bin/sh\\nexec node ${CLI} "$@"\\n' > /usr/local/bin/servicekit && chmod 755 /usr/local/bin/servicekit`])));
    dir = mkdtempSync(path.join(tmpdir(), 'sk-fleet-'));
    inventory = path.join(dir, 'inventory');
    const hosts = await Promise.all(cts.map(async (ct) => `${ct.name} ansible_nsenter_pid=${await ct.leader()}`));
    writeFileSync(inventory, ['[app_servers]', ...hosts, '', '[app_servers:vars]', 'ansible_connection=community.docker.nsenter', 'ansible_python_interpreter=/usr/bin/python3', 'ansible_become=false', ''].join('\n'));
  });
  after(async () => {
    await Promise.all(cts.map((ct) => ct.down()));
  });

  const status = async (ct: Container, name: string) => (await ct.cli(['status', name])).code;

  it('first run: changed on each machine, the services running; second run: changed=0; a service taken out of the file is removed everywhere', async (t) => {
    if (cts.length === 0) return t.skip('ansible-playbook missing');
    const first = path.join(dir, 'fleet.json');
    writeFileSync(first, fleet(['sk-fleet-web', 'sk-fleet-worker']));
    const r1 = await playbook(inventory, first);
    assert.equal(r1.code, 0, r1.out);
    for (const ct of cts) {
      assert.ok(r1.recap[ct.name]!.changed >= 1 && r1.recap[ct.name]!.failed === 0, `${ct.name}: ${JSON.stringify(r1.recap[ct.name])}\n${r1.out}`);
      assert.equal(await status(ct, 'sk-fleet-web'), 0, `${ct.name}: web running`);
      assert.equal(await status(ct, 'sk-fleet-worker'), 0, `${ct.name}: worker running`);
    }

    const r2 = await playbook(inventory, first);
    assert.equal(r2.code, 0, r2.out);
    for (const ct of cts) assert.deepEqual(r2.recap[ct.name], { ...r2.recap[ct.name]!, changed: 0, failed: 0 }, `${ct.name}, second run\n${r2.out}`);

    const second = path.join(dir, 'fleet2.json');
    writeFileSync(second, fleet(['sk-fleet-web']));
    const r3 = await playbook(inventory, second);
    assert.equal(r3.code, 0, r3.out);
    for (const ct of cts) {
      assert.ok(r3.recap[ct.name]!.changed >= 1, `${ct.name}: ${JSON.stringify(r3.recap[ct.name])}`);
      assert.equal(await status(ct, 'sk-fleet-worker'), 4, `${ct.name}: worker pruned (not installed)`);
      assert.equal(await status(ct, 'sk-fleet-web'), 0, `${ct.name}: web still running`);
    }
  });
});
