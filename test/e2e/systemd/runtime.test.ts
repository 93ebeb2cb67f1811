/**
 * End to end against a real systemd 252: run() inside the service (a signal during start, a stop
 * that hangs), a single executable application, units systemd does not know yet, and a reboot.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import path from 'node:path';
import { CLI, Container, e2eSuiteOptions, MOUNT, REPO, waitFor } from '../harness/container.js';
import type { Received } from '../../fixtures/echo-service.js';
import { buildOneBinary, KOFFI_LINUX } from '../harness/sea.js';
import { withSystemd, FIXTURE, scopes } from './setup.js';

describe('systemd end to end: run(), one binary, reloads and reboots', e2eSuiteOptions(), () => {
  let ct: Container;
  let uid = 0;

  withSystemd('sk-systemd-run', (b) => ({ ct, uid } = b));

  const show = async (unit: string) =>
    Object.fromEntries(
      (await ct.ok(['systemctl', 'show', '-p', 'ActiveState,Result', unit])).trim().split('\n').map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    ) as { ActiveState: string; Result: string };

  it('SIGTERM while start() still runs: start finishes, stop runs once, the unit ends cleanly', async () => {
    const name = 'sk-e2e-slowstart';
    const out = `/var/tmp/${name}`;
    await ct.ok(['node', CLI, 'install', '--name', name, '--type', 'notify', '--env', `SK_OUT=${out}`, '--env', 'SK_START_DELAY=3000', '--', FIXTURE]);
    await ct.ok(['systemctl', 'start', '--no-block', `${name}.service`]);
    // Once start() has begun (a signal before the program's handlers exist just ends the process).
    await waitFor('start() running', async () => ct.exists(`${out}/starting.json`));
    assert.equal((await show(`${name}.service`)).ActiveState, 'activating');
    await ct.ok(['systemctl', 'stop', `${name}.service`]); // SIGTERM while start() is still running
    assert.deepEqual(await show(`${name}.service`), { ActiveState: 'inactive', Result: 'success' });
    const files = (await ct.ok(['ls', out])).trim().split('\n');
    assert.ok(files.includes('received.json'), 'start completed');
    assert.equal(files.filter((f) => f.startsWith('stopped-')).length, 1, 'stop ran once');
    await ct.ok(['node', CLI, 'uninstall', name]);
  });

  it('a stop callback that hangs is bounded by stopTimeoutSec: run() gives up, the unit fails fast', async () => {
    const name = 'sk-e2e-hang';
    await ct.ok(['node', CLI, 'install', '--name', name, '--type', 'notify', '--env', `SK_OUT=/var/tmp/${name}`, '--env', 'SK_STOP_HANG=1', '--env', 'SK_STOP_TIMEOUT=1', '--start', '--', FIXTURE]);
    const t = Date.now();
    await ct.ok(['systemctl', 'stop', `${name}.service`]);
    const took = Date.now() - t;
    assert.ok(took < 10_000, `stop took ${took} ms (the unit's own TimeoutStopSec is 30 s)`);
    assert.deepEqual(await show(`${name}.service`), { ActiveState: 'failed', Result: 'exit-code' });
    await ct.ok(['node', CLI, 'uninstall', name]);
  });

  it('one binary (a single executable application): the binary alone is the command; run() sends READY=1 through koffi loaded from the blob; exact argv', async () => {
    await buildOneBinary({ out: path.join(REPO, 'build/sea-linux'), base: process.execPath, koffi: KOFFI_LINUX });
    const bin = `${MOUNT}/build/sea-linux/app`;
    const out = '/tmp/sk-sea-out';
    const app = (action: string) => ct.exec(['env', `SK_OUT=${out}`, 'SK_NAME=sk-sea', bin, action]);
    const inst = await app('install');
    assert.equal(inst.code, 0, inst.stderr);
    const unit = await ct.readFile('/etc/systemd/system/sk-sea.service');
    assert.match(unit, new RegExp(`^ExecStart="${bin}"$`, 'm'), 'the binary alone: no script argument');
    assert.match(unit, /^Type=notify$/m);
    assert.match(unit, new RegExp(`^WorkingDirectory=${MOUNT}/build/sea-linux$`, "m"));
    // Type=notify: start returns once systemd has READY=1, which run() sent through koffi (libc sendto).
    const start = await app('start');
    assert.equal(start.code, 0, start.stderr);
    const show = Object.fromEntries((await ct.ok(['systemctl', 'show', '-p', 'ActiveState,SubState,ExecMainPID,StatusErrno', 'sk-sea'])).trim().split('\n').map((l) => l.split('=', 2) as [string, string]));
    assert.equal(show['ActiveState'], 'active');
    assert.equal(show['SubState'], 'running');
    const received = JSON.parse(await ct.readFile(`${out}/received.json`)) as { argv: string[]; execPath: string; cwd: string; interactive: boolean; pid: number };
    assert.deepEqual(received.argv, [bin, bin], 'a SEA sees itself twice (binary, argv0) and no argument');
    assert.equal(received.execPath, bin);
    assert.equal(received.cwd, `${MOUNT}/build/sea-linux`);
    assert.equal(received.interactive, false);
    assert.equal(String(received.pid), show['ExecMainPID']);
    const un = await app('uninstall');
    assert.equal(un.code, 0, un.stderr);
    assert.equal(await ct.exists('/etc/systemd/system/sk-sea.service'), false);
  });

  it('a unit the manager does not know: both ways of talking to systemd say so as "missing" (what install\'s start without a reload falls back on); a unit written a moment ago starts without a reload', async () => {
    const script = `
      import { BusControl, SystemctlControl } from '${MOUNT}/build/src/platforms/systemd/control.js';
      import { busAt } from '${MOUNT}/build/src/platforms/systemd/bus.js';
      import { realHost } from '${MOUNT}/build/src/sys/host.js';
      import { writeFileSync } from 'node:fs';
      const bus = new BusControl(busAt('/run/systemd/private'));
      const ctl = new SystemctlControl(realHost, false, process.env);
      const out = {};
      for (const [via, c] of [['bus', bus], ['systemctl', ctl]]) out[via] = (await c.job('start', 'sk-e2e-nowhere.service'))?.missing ?? false;
      // Asked about first (systemctl show leaves a not-found unit in the manager; the bus path asks without loading), then written, enabled and started: no reload.
      for (const [via, c] of [['bus', bus], ['systemctl', ctl]]) {
        const unit = 'sk-e2e-fresh-' + via + '.service';
        await c.show([unit]);
        writeFileSync('/etc/systemd/system/' + unit, '[Service]\\nExecStart=/bin/sleep 1000\\n[Install]\\nWantedBy=multi-user.target\\n');
        out[via + ' fresh'] = (await c.enableNow(unit)) ?? 'done';
        out[via + ' state'] = (await c.show([unit]))[0].ActiveState;
        await c.disableNow(unit);
      }
      console.log(JSON.stringify(out));
    `;
    const reloads = async () => Number((await ct.ok(['sh', '-c', "journalctl -b -o cat _PID=1 | grep -c '^Reloading' || true"])).trim());
    const before = await reloads();
    const r = await ct.exec(['node', '--input-type=module', '-e', script]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), { bus: true, systemctl: true, 'bus fresh': 'done', 'bus state': 'active', 'systemctl fresh': 'done', 'systemctl state': 'active' });
    assert.equal(await reloads(), before, 'no daemon-reload');
    await ct.ok(['sh', '-c', 'rm -f /etc/systemd/system/sk-e2e-fresh-*.service && systemctl daemon-reload']);
  });

  it('an enabled service comes back after a reboot (system and lingering user; installed with --start, enabled without a reload, and without, enabled and reloaded)', async () => {
    const [system, user] = scopes(uid, 'bus');
    for (const [s, start] of [[system!, true], [user!, false]] as const) {
      const r = await ct.cli(
        ['install', '--name', s.name, ...(s.as ? ['--user'] : []), ...(start ? ['--start'] : []), '--type', 'notify', '--env', `SK_OUT=${s.out}-boot`, '--env', `SK_NAME=${s.name}`, '--', FIXTURE, 'boot'],
        s.as,
      );
      assert.equal(r.code, 0, r.stderr);
      // What the boot's own start writes, and nothing from before it.
      await ct.ok(['rm', '-f', `${s.out}-boot/received.json`]);
    }
    await ct.reboot();
    for (const s of [system!, user!]) {
      await waitFor(`${s.name} running after reboot`, async () => {
        const r = await ct.cli(['status', s.name, ...(s.as ? ['--user'] : [])], s.as);
        return r.code === 0 && (await ct.exists(`${s.out}-boot/received.json`));
      }, 30000);
      const got = JSON.parse(await ct.readFile(`${s.out}-boot/received.json`)) as Received;
      assert.deepEqual(got.argv, ['boot']);
    }
  });
});
