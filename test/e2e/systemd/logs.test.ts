/**
 * End to end against a real systemd 252: log files written by the service (system and user),
 * rotated while it writes, kept or purged at uninstall.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Container, e2eSuiteOptions, waitFor } from '../harness/container.js';
import { withSystemd, userSystemctl } from './setup.js';

describe('systemd end to end: log files and their rotation', e2eSuiteOptions(), () => {
  let ct: Container;
  let uid = 0;

  withSystemd('sk-systemd-logs', (b) => ({ ct, uid } = b));

  it('log files (--log-output): rotated by the logrotate drop-in while the service writes on; uninstall keeps them and says where, --purge removes them', async () => {
    const name = 'sk-e2e-rotate';
    const dir = '/var/log/servicekit';
    const drop = `/etc/logrotate.d/servicekit-${name}`;
    const r = await ct.cli(['install', '--name', name, '--log-output', '--start', '--', '/bin/sh', '-c', 'while :; do echo tick; sleep 0.1; done']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(await ct.readFile(drop), new RegExp(`^"${dir}/${name}\\.out\\.log" "${dir}/${name}\\.err\\.log" \\{$`, 'm'));
    assert.ok(await ct.exists('/usr/sbin/logrotate'), 'logrotate is installed (.ci/run installs it)');
    await waitFor('some output', async () => Number((await ct.ok(['stat', '-c', '%s', `${dir}/${name}.out.log`])).trim()) > 20);
    // Forced, as logrotate's daily run would do once the size is passed.
    await ct.ok(['logrotate', '-f', drop]);
    assert.ok(await ct.exists(`${dir}/${name}.out.log.1`), 'rotated copy');
    await waitFor('the service writes on into the emptied file', async () => (await ct.readFile(`${dir}/${name}.out.log`)).includes('tick'));
    const un = await ct.cli(['uninstall', name]);
    assert.equal(un.code, 0, un.stderr);
    assert.match(un.stdout, new RegExp(`its logs are kept: ${dir}/${name}\\.err\\.log ${dir}/${name}\\.out\\.log ${dir}/${name}\\.out\\.log\\.1`));
    assert.equal(await ct.exists(drop), false, 'the drop-in goes with the service');
    assert.equal((await ct.cli(['install', '--name', name, '--log-output', '--', '/bin/sleep', '1000'])).code, 0);
    const purge = await ct.cli(['uninstall', name, '--purge']);
    assert.equal(purge.code, 0, purge.stderr);
    assert.match(purge.stdout, /removed its logs/);
    assert.equal((await ct.sh(`ls ${dir} | grep -c '^${name}\\.' || true`)).stdout.trim(), '0');
  });

  it('a user service\'s log files (--user --log-output): its rotation timer runs while the service does (PartOf, Wants); its logrotate run as the user rotates past 10 MiB while the service writes on; an update that stops writing files takes the timer away; uninstall removes all of it and keeps the logs', async () => {
    const name = 'sk-e2e-urotate';
    const as = { user: 'skuser', uid };
    const home = '/home/skuser';
    const userctl = (...args: string[]) => ct.exec(userSystemctl(uid, args));
    const timer = `servicekit-logrotate@${name}.timer`;
    const active = async (unit: string) => (await userctl('is-active', unit)).stdout.trim();
    const logs = `${home}/.local/state/${name}`;
    // 11 MB at once, then a line every 0.1 s.
    const program = ['/bin/sh', '-c', 'head -c 11000000 /dev/zero | tr "\\0" x; echo; while :; do echo tick; sleep 0.1; done'];
    const r = await ct.cli(['install', '--user', '--name', name, '--log-output', '--start', '--', ...program], as);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(await active(timer), 'active', 'started with the service (Wants=)');
    assert.match(await ct.readFile(`${home}/.config/systemd/user/${name}.service`), new RegExp(`^Wants=${timer}$`, 'm'));
    // Not one of the user's services in servicekit's list.
    assert.deepEqual(JSON.parse((await ct.cli(['list', '--user', '--json'], as)).stdout).map((x: { name: string }) => x.name).filter((n: string) => n.includes('urotate')), [name]);
    await waitFor('11 MB of output', async () => Number((await ct.ok(['stat', '-c', '%s', `${logs}/${name}.out.log`])).trim()) > 11_000_000, 30_000);
    // What the timer starts each hour, started now: logrotate as skuser over the configuration.
    const run = await userctl('start', `servicekit-logrotate@${name}.service`);
    assert.equal(run.code, 0, run.stderr);
    assert.ok(Number((await ct.ok(['stat', '-c', '%s', `${logs}/${name}.out.log.1`])).trim()) > 11_000_000, 'the copy');
    await waitFor('the service writes on into the emptied file', async () => {
      const size = Number((await ct.ok(['stat', '-c', '%s', `${logs}/${name}.out.log`])).trim());
      return size < 1_000_000 && (await ct.readFile(`${logs}/${name}.out.log`)).includes('tick');
    });
    assert.equal((await ct.ok(['stat', '-c', '%U', `${logs}/${name}.out.log.1`, `${home}/.local/state/servicekit/${name}.logrotate-status`])).trim(), 'skuser\nskuser');
    // Stopped with the service (PartOf=), started with it again.
    assert.equal((await ct.cli(['stop', '--user', name], as)).code, 0);
    assert.equal(await active(timer), 'inactive');
    assert.equal((await ct.cli(['start', '--user', name], as)).code, 0);
    assert.equal(await active(timer), 'active');
    // An update whose output goes to the journal: the timer's files go, the running timer is stopped.
    const manifest = `${home}/sk-urotate.json`;
    await ct.ok(['runuser', '-u', 'skuser', '--', 'sh', '-c', `cat > ${manifest}`], JSON.stringify({ services: [{ name, userService: true, executable: '/bin/sleep', arguments: ['1000'] }] }));
    const dry = await ct.cli(['apply', '--user', '--dry-run', manifest], as);
    assert.match(dry.stdout, new RegExp(`servicekit-logrotate@${name}\\.timer`), dry.stdout);
    const upd = await ct.cli(['apply', '--user', manifest], as);
    assert.equal(upd.code, 0, upd.stderr);
    assert.equal(await ct.exists(`${home}/.config/systemd/user/${timer}`), false);
    assert.equal(await active(timer), 'inactive');
    // Back to files, then uninstalled: every rotation file goes (logrotate's status too); the logs stay, named.
    const back = await ct.cli(['update', '--user', name, '--log-output', '--', ...program], as);
    assert.equal(back.code, 0, back.stderr);
    assert.equal(await active(timer), 'active');
    const un = await ct.cli(['uninstall', '--user', name], as);
    assert.equal(un.code, 0, un.stderr);
    assert.match(un.stdout, new RegExp(`${name}\\.out\\.log\\.1`));
    for (const f of [`.config/systemd/user/${timer}`, `.config/systemd/user/servicekit-logrotate@${name}.service`, `.local/state/servicekit/${name}.logrotate`, `.local/state/servicekit/${name}.logrotate-status`]) {
      assert.equal(await ct.exists(`${home}/${f}`), false, f);
    }
    assert.equal(await active(timer), 'inactive');
    await ct.ok(['rm', '-rf', logs, manifest]);
  });
});
