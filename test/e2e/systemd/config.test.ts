/**
 * End to end against a real systemd 252: what a service is given — a custom template, an
 * environment file and limits, lingering, and a whole fleet through apply.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CLI, Container, e2eSuiteOptions, MOUNT, waitFor } from '../harness/container.js';
import type { Received } from '../../fixtures/echo-service.js';
import { HOSTILE_ARGS, HOSTILE_ENV, hostileEnvFlags, hostileEnvOf } from '../../hostile.js';
import { checkEnvAndLimits, ENV_FILE_VARS, LIMIT_FLAGS, writeEnvFile } from '../limits-case.js';
import { withSystemd, FIXTURE } from './setup.js';

describe('systemd end to end: templates, environment files, limits, linger, apply', e2eSuiteOptions(), () => {
  let ct: Container;

  withSystemd('sk-systemd-config', (b) => ({ ct } = b));

  it('a custom template (--template): installed, run with its values exactly, uninstalled', async () => {
    const name = 'sk-e2e-tpl';
    const out = `/var/tmp/${name}`;
    await ct.ok(['sh', '-c', 'cat > /tmp/unit.mustache'], [
      '[Unit]', 'Description=custom {{Description}}', '# custom template', '[Service]', 'Type={{Type}}', 'ExecStart={{ExecStart}}',
      'WorkingDirectory={{WorkingDirectory}}', '{{Environment}}', 'Restart={{Restart}}', '[Install]', 'WantedBy={{WantedBy}}', '',
    ].join('\n'));
    const r = await ct.cli(['install', '--name', name, '--template', '/tmp/unit.mustache', '--type', 'notify', '--env', `SK_OUT=${out}`, ...hostileEnvFlags(), '--start', '--', FIXTURE, ...HOSTILE_ARGS]);
    assert.equal(r.code, 0, r.stderr);
    const unit = await ct.readFile(`/etc/systemd/system/${name}.service`);
    assert.match(unit, /^# custom template$/m);
    assert.match(unit, /^# managed-by: servicekit \(name=sk-e2e-tpl\)$/m);
    const got = await waitFor('received.json', async () => JSON.parse(await ct.readFile(`${out}/received.json`)) as Received);
    assert.deepEqual(got.argv, HOSTILE_ARGS);
    assert.deepEqual(hostileEnvOf(got.env), HOSTILE_ENV);
    assert.equal((await ct.cli(['uninstall', name])).code, 0);
    assert.equal(await ct.exists(`/etc/systemd/system/${name}.service`), false);
  });

  it('an environment file and limits through the CLI: systemd reads the file as servicekit does (values exact); limits, memory and CPU cgroup settings, group and stop signal applied', async (t) => {
    const name = 'sk-e2e-limits';
    const out = `/var/tmp/${name}`;
    await writeEnvFile(ct);
    const r = await ct.cli(['install', '--name', name, '--type', 'notify', '--env', `SK_OUT=${out}`, '--env', `SK_NAME=${name}`, ...LIMIT_FLAGS, '--memory-max', '512M', '--cpu-quota', '150', '--start', '--', FIXTURE]);
    assert.equal(r.code, 0, r.stderr);
    const unit = await ct.readFile(`/etc/systemd/system/${name}.service`);
    assert.match(unit, /^EnvironmentFile=\/etc\/sk-e2e\.env$/m);
    for (const v of Object.values(ENV_FILE_VARS).filter((x) => x.length > 3)) assert.ok(!unit.includes(v), `the values stay in the file: ${v}`);
    const got = await waitFor('received.json', async () => JSON.parse(await ct.readFile(`${out}/received.json`)) as Received);
    await checkEnvAndLimits(ct, got);
    const props = await ct.ok(['systemctl', 'show', '-p', 'MemoryMax,CPUQuotaPerSecUSec,KillSignal', `${name}.service`]);
    assert.match(props, /^MemoryMax=536870912$/m);
    assert.match(props, /^CPUQuotaPerSecUSec=1\.500000s$/m);
    assert.match(props, /^KillSignal=2$/m);
    // The kernel's side where this machine delegates the controllers to the container (a host
    // without systemd as PID 1, like CI's, does not: then systemd's own reading above is what is checked).
    const cgroup = (await ct.readFile(`/proc/${got.pid}/cgroup`)).trim().split('\n').find((l) => l.startsWith('0::'))?.slice(3);
    const mount = (await ct.exec(['findmnt', '-n', '-t', 'cgroup2', '-o', 'TARGET'])).stdout.trim().split('\n')[0];
    const controllers = mount ? (await ct.exec(['cat', `${mount}/cgroup.controllers`])).stdout.trim().split(/\s+/).filter(Boolean) : [];
    if (controllers.includes('memory')) assert.equal((await ct.readFile(`${mount}${cgroup}/memory.max`)).trim(), '536870912');
    if (controllers.includes('cpu')) assert.equal((await ct.readFile(`${mount}${cgroup}/cpu.max`)).trim(), '150000 100000');
    t.diagnostic(`cgroup2 at ${mount || '(none)'}, controllers there: ${controllers.join(' ') || '(none)'}`);
    await ct.ok(['systemctl', 'stop', `${name}.service`]);
    await waitFor('the stop callback (SIGINT)', async () => ct.exists(`${out}/stopped-${got.pid}`));
    assert.equal((await ct.cli(['uninstall', name])).code, 0);
  });

  it('--linger: a user without lingering gets a warning at install; --linger turns it on (loginctl), undone when the install fails, left on at uninstall', async () => {
    const name = 'sk-e2e-linger';
    // A user whose manager runs as a login would start it, without lingering.
    await ct.ok(['useradd', '-m', 'sklinger']);
    const luid = Number((await ct.ok(['id', '-u', 'sklinger'])).trim());
    const login = async () => {
      await ct.ok(['systemctl', 'start', `user@${luid}.service`]);
      await waitFor('the user manager of sklinger', async () => ct.exists(`/run/user/${luid}/systemd/private`));
    };
    await login();
    const as = { user: 'sklinger', uid: luid };
    const lingers = () => ct.exists('/var/lib/systemd/linger/sklinger');
    const plain = await ct.cli(['install', '--user', '--name', name, '--', '/bin/sleep', '1000'], as);
    assert.equal(plain.code, 0, plain.stderr);
    assert.match(plain.stderr, /warning: lingering is off for sklinger: sk-e2e-linger stops when sklinger's last session ends .*loginctl enable-linger sklinger/);
    assert.equal((await ct.cli(['uninstall', '--user', name], as)).code, 0);
    const failed = await ct.cli(['install', '--user', '--linger', '--name', name, '--start', '--', '/bin/sh', '-c', 'exit 1'], as);
    assert.equal(failed.code, 1, failed.stdout);
    assert.match(failed.stderr, /\[ERR_START_FAILED\]/);
    assert.equal(await lingers(), false, 'the failed install turned lingering off again');
    // (With lingering off and no real session, logind has stopped the user's manager: start it again.)
    await login();
    const r = await ct.cli(['install', '--user', '--linger', '--name', name, '--start', '--', '/bin/sleep', '1000'], as);
    assert.equal(r.code, 0, r.stderr);
    assert.doesNotMatch(r.stderr, /warning/);
    assert.equal(await lingers(), true);
    assert.equal((await ct.cli(['uninstall', '--user', name], as)).code, 0);
    assert.equal(await lingers(), true, 'left on at uninstall: other services of the user may need it');
  });

  it('apply FILE: creates, then changes nothing (and says so); a changed manifest: --dry-run shows the diff and changes nothing, apply updates, --prune removes the unlisted; an ES module manifest; refused: a bad field (named), a manifest another account can write', async () => {
    const dir = '/etc/sk-apply';
    const svc = (name: string, args: string[]) => ({ name, executable: '/usr/bin/node', arguments: [FIXTURE, ...args], env: { SK_OUT: `/var/tmp/${name}`, SK_NAME: name }, systemd: { type: 'notify' } });
    const write = (file: string, text: string) => ct.ok(['sh', '-c', `mkdir -p -m 0755 ${dir} && umask 022 && cat > ${dir}/${file}`], text);
    const applyCli = (args: string[]) => ct.cli(['apply', ...args]);
    const state = async (name: string) => (JSON.parse((await ct.cli(['status', name, '--json'])).stdout) as { state: string }).state;
    const argv = async (name: string) => (JSON.parse(await ct.readFile(`/var/tmp/${name}/received.json`)) as Received).argv;

    await write('fleet.json', JSON.stringify({ $schema: 'https://example.invalid/apply.schema.json', services: [svc('sk-ap-a', ['one']), svc('sk-ap-b', ['two words'])] }));
    const first = await applyCli([`${dir}/fleet.json`, '--json']);
    assert.equal(first.code, 0, first.stderr);
    const r1 = JSON.parse(first.stdout) as { changed: boolean; services: { name: string; action: string }[] };
    assert.equal(r1.changed, true);
    assert.deepEqual(r1.services.map((s) => `${s.action} ${s.name}`), ['create sk-ap-a', 'create sk-ap-b']);
    assert.equal(await state('sk-ap-a'), 'running');
    assert.deepEqual(await argv('sk-ap-b'), ['two words']);

    const again = await applyCli([`${dir}/fleet.json`]);
    assert.equal(again.code, 0, again.stderr);
    assert.equal(again.stdout, 'unchanged sk-ap-a\nunchanged sk-ap-b\nnothing to change (2 unchanged)\n');
    assert.equal((JSON.parse((await applyCli([`${dir}/fleet.json`, '--json'])).stdout) as { changed: boolean }).changed, false);

    // b changes, a is no longer listed, c is new.
    await write('fleet.json', JSON.stringify({ services: [svc('sk-ap-b', ['three', 'args $HOME']), svc('sk-ap-c', [])] }));
    const pidB = (JSON.parse(await ct.readFile('/var/tmp/sk-ap-b/received.json')) as Received).pid;
    const dry = await applyCli([`${dir}/fleet.json`, '--dry-run', '--prune']);
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(dry.stdout, /^update sk-ap-b\n--- \/etc\/systemd\/system\/sk-ap-b\.service\n\+\+\+ \/etc\/systemd\/system\/sk-ap-b\.service\n@@ /m);
    assert.match(dry.stdout, /^-ExecStart=.*"two words"$/m);
    assert.match(dry.stdout, /^\+ExecStart=.*"three" "args \$\$HOME"$/m);
    assert.match(dry.stdout, /^create sk-ap-c\n--- \/dev\/null\n\+\+\+ \/etc\/systemd\/system\/sk-ap-c\.service$/m);
    assert.match(dry.stdout, /^remove sk-ap-a$/m);
    assert.match(dry.stdout, /^would change: 1 create, 1 update, 1 remove; 0 unchanged$/m);
    assert.equal(await ct.exists('/etc/systemd/system/sk-ap-c.service'), false, 'a dry run changes nothing');
    assert.deepEqual(await argv('sk-ap-b'), ['two words']);

    const noPrune = await applyCli([`${dir}/fleet.json`]);
    assert.equal(noPrune.code, 0, noPrune.stderr);
    assert.equal(noPrune.stdout, 'updated sk-ap-b\ncreated sk-ap-c\nchanged: 1 created, 1 updated; 0 unchanged\n');
    assert.equal(await state('sk-ap-a'), 'running', 'not listed, not pruned: left alone');
    await waitFor('sk-ap-b restarted', async () => ((JSON.parse(await ct.readFile('/var/tmp/sk-ap-b/received.json')) as Received).pid !== pidB ? true : undefined));
    assert.deepEqual(await argv('sk-ap-b'), ['three', 'args $HOME']);
    const pruned = await applyCli([`${dir}/fleet.json`, '--prune', '--json']);
    assert.equal(pruned.code, 0, pruned.stderr);
    assert.deepEqual((JSON.parse(pruned.stdout) as { services: { name: string; action: string }[] }).services.map((s) => `${s.action} ${s.name}`), ['unchanged sk-ap-b', 'unchanged sk-ap-c', 'remove sk-ap-a']);
    assert.equal((await ct.cli(['status', 'sk-ap-a'])).code, 4);

    // The same as an ES module (pm2's ecosystem file): a default export.
    await write('fleet.mjs', `export default ${JSON.stringify({ services: [svc('sk-ap-b', ['three', 'args $HOME']), svc('sk-ap-c', [])] })};\n`);
    assert.match((await applyCli([`${dir}/fleet.mjs`])).stdout, /nothing to change \(2 unchanged\)/);

    // A program that exits at once: its create fails and is rolled back, the services after it are still applied, exit 1.
    await write('crash.json', JSON.stringify({ services: [svc('sk-ap-b', ['three', 'args $HOME']), { name: 'sk-ap-crash', executable: '/bin/sh', arguments: ['-c', 'exit 1'] }, svc('sk-ap-d', [])] }));
    const crash = await applyCli([`${dir}/crash.json`]);
    assert.equal(crash.code, 1, crash.stdout);
    assert.equal(crash.stdout, 'unchanged sk-ap-b\nfailed to create sk-ap-crash\ncreated sk-ap-d\nchanged: 1 created; 1 unchanged\n');
    assert.match(crash.stderr, /^servicekit: sk-ap-crash: service sk-ap-crash did not start [\s\S]*\[ERR_START_FAILED\]\n$/);
    assert.equal(await ct.exists('/etc/systemd/system/sk-ap-crash.service'), false);
    assert.equal(await ct.exists('/var/lib/servicekit/sk-ap-crash.json'), false);
    assert.equal(await state('sk-ap-d'), 'running');
    assert.equal((await ct.cli(['uninstall', 'sk-ap-d'])).code, 0);

    // Refused before any change: a bad field, named with its service; a manifest another account can write.
    await write('bad.json', JSON.stringify({ services: [svc('sk-ap-b', []), { ...svc('sk-ap-d', []), restart: 'sometimes' }] }));
    const bad = await applyCli([`${dir}/bad.json`]);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /invalid services\[1\] \(sk-ap-d\)\.restart: .*\[ERR_INVALID_CONFIG\]/);
    assert.deepEqual(await argv('sk-ap-b'), ['three', 'args $HOME'], 'nothing applied');
    for (const mode of ['0620', '0602']) {
      await ct.ok(['chmod', mode, `${dir}/fleet.json`]);
      const unsafe = await applyCli([`${dir}/fleet.json`]);
      assert.equal(unsafe.code, 1, mode);
      assert.match(unsafe.stderr, /fleet\.json must be a regular file owned by root that no one else can write/, mode);
    }
    await ct.ok(['chmod', '0644', `${dir}/fleet.json`]);
    for (const n of ['sk-ap-b', 'sk-ap-c']) assert.equal((await ct.cli(['uninstall', n])).code, 0);
  });

  it('apply of 20 new services starts them together and watches them through one settle window: one that dies after 0.3 s is reported and removed, the 19 others run, their starts spanning the installs alone (they were 1.5 s apart each); one that exits at once fails, one ready only after the window is kept', async () => {
    const names = Array.from({ length: 20 }, (_, i) => `sk-fleet-${String(i).padStart(2, '0')}`);
    const crashing = names[7]!;
    // Their starts are queued, not awaited: one that ends at once (exit 0) still fails; one that reports ready
    // (READY=1) only after the window is watched on until it does.
    const late = { name: 'sk-fleet-late', executable: '/usr/bin/node', arguments: [FIXTURE], env: { SK_OUT: '/var/tmp/sk-fleet-late', SK_START_DELAY: '2500' }, systemd: { type: 'notify' } };
    const manifest = {
      services: [
        ...names.map((name) => (name === crashing ? { name, executable: '/bin/sh', arguments: ['-c', 'sleep 0.3; exit 1'] } : { name, executable: '/bin/sleep', arguments: ['1000'] })),
        { name: 'sk-fleet-quit', executable: '/bin/sh', arguments: ['-c', 'exit 0'] },
        late,
      ],
    };
    await ct.ok(['sh', '-c', 'mkdir -p -m 0755 /etc/sk-fleet && umask 022 && cat > /etc/sk-fleet/fleet.json'], JSON.stringify(manifest));
    const r = await ct.cli(['apply', '/etc/sk-fleet/fleet.json', '--json']);
    assert.equal(r.code, 1, r.stderr);
    const result = JSON.parse(r.stdout) as { services: { name: string; action: string; error?: { code: string } }[] };
    assert.deepEqual(result.services.filter((e) => e.error).map((e) => `${e.name} ${e.error!.code}`), [`${crashing} ERR_START_FAILED`, 'sk-fleet-quit ERR_START_FAILED']);
    assert.equal(await ct.exists(`/etc/systemd/system/${crashing}.service`), false, 'the failed one is undone');
    assert.equal(await ct.exists('/etc/systemd/system/sk-fleet-quit.service'), false);
    assert.equal((await ct.ok(['systemctl', 'is-active', 'sk-fleet-late.service'])).trim(), 'active', 'ready after the window, kept');
    assert.equal((await ct.cli(['uninstall', 'sk-fleet-late'])).code, 0);
    const starts: number[] = [];
    for (const name of names.filter((n) => n !== crashing)) {
      const shown = await ct.ok(['systemctl', 'show', '-p', 'ActiveState', '-p', 'ExecMainStartTimestampMonotonic', `${name}.service`]);
      assert.match(shown, /ActiveState=active/, name);
      starts.push(Number(/ExecMainStartTimestampMonotonic=(\d+)/.exec(shown)![1]));
    }
    const spanMs = (Math.max(...starts) - Math.min(...starts)) / 1000;
    console.log(`apply of 20: the 19 starts within ${spanMs.toFixed(0)} ms`);
    // One after the other, each watched for 1.5 s, the 19 starts spanned at least 18 × 1.5 s; started together, they span the installs alone.
    assert.ok(spanMs < (18 * 1500) / 2, `started within ${spanMs} ms of each other: one settle window each, one after the other?`);
    for (const name of names.filter((n) => n !== crashing)) assert.equal((await ct.cli(['uninstall', name])).code, 0);
  });

  it('install of 10 services from the API at once: the lock is held for writing, not for the settle window, so they settle side by side; the one that dies is undone, the others run', async () => {
    const program = `import { createService } from '${MOUNT}/dist/servicekit.js';
const names = Array.from({ length: 10 }, (_, i) => 'sk-many-' + i);
const t = Date.now();
const results = await Promise.allSettled(names.map((name, i) =>
  createService(null, i === 4 ? { name, executable: '/bin/sh', arguments: ['-c', 'sleep 0.5; exit 2'] } : { name, executable: '/bin/sleep', arguments: ['1000'] }).install({ start: true })));
console.log(JSON.stringify({ ms: Date.now() - t, results: results.map((r) => r.status === 'fulfilled' ? 'ok' : r.reason.code) }));
`;
    await ct.ok(['sh', '-c', 'mkdir -p /srv/many && cat > /srv/many/install.mjs'], program);
    const out = JSON.parse(await ct.ok(['node', '/srv/many/install.mjs'])) as { ms: number; results: string[] };
    console.log(`10 installs at once: ${out.ms} ms`);
    assert.deepEqual(out.results, ['ok', 'ok', 'ok', 'ok', 'ERR_START_FAILED', 'ok', 'ok', 'ok', 'ok', 'ok']);
    // One after the other, each holding the lock through its 1.5 s window, they took over 15 s.
    assert.ok(out.ms < (10 * 1500) / 2, `${out.ms} ms: each install held the lock through its settle window?`);
    assert.equal(await ct.exists('/etc/systemd/system/sk-many-4.service'), false);
    for (let i = 0; i < 10; i++) {
      if (i === 4) continue;
      assert.equal((await ct.ok(['systemctl', 'is-active', `sk-many-${i}.service`])).trim(), 'active');
      assert.equal((await ct.cli(['uninstall', `sk-many-${i}`])).code, 0);
    }
  });

  it("a pm2 ecosystem file (the shape of pm2's documentation) applied with --env-profile production: each app a systemd service with its args, env_production over env, a cluster app's instances on one held port, SIGINT to stop as pm2 does, max_memory_restart as MemoryMax; a pm2 key with no native equivalent refused by name, nothing installed", async () => {
    const eco = `module.exports = {
  apps: [
    {
      name: 'sk-eco-web',
      script: '${FIXTURE}',
      args: 'one "two words"',
      env: { SK_OUT: '/var/tmp/sk-eco-web', SK_NAME: 'sk-eco-web', MODE: 'development' },
      env_production: { MODE: 'production' },
    },
    { name: 'sk-eco-sleep', script: '/bin/sleep', interpreter: 'none', args: '1000', max_memory_restart: '100M', exec_mode: 'fork' },
    { name: 'sk-eco-api', script: './api.js', instances: 2, exec_mode: 'cluster', env: { PORT: 8095 } },
  ],
};
`;
    // pm2's cluster mode shares the port through Node's cluster module; here systemd holds it and each process takes it (docs/sockets.md's three lines).
    const api = `const http = require('node:http');
const fromSystemd = process.env.LISTEN_PID === String(process.pid) && Number(process.env.LISTEN_FDS) >= 1;
http.createServer((req, res) => res.end(String(process.env.SERVICEKIT_INSTANCE))).listen(fromSystemd ? { fd: 3 } : { port: Number(process.env.PORT) });
`;
    await ct.ok(['sh', '-c', 'mkdir -p -m 0755 /srv/eco && umask 022 && cat > /srv/eco/api.js'], api);
    await ct.ok(['sh', '-c', 'mkdir -p -m 0755 /srv/eco && umask 022 && cat > /srv/eco/ecosystem.config.js'], eco);
    const r = await ct.cli(['apply', '/srv/eco/ecosystem.config.js', '--env-profile', 'production']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /created sk-eco-web\ncreated sk-eco-sleep\ncreated sk-eco-api\n/);
    assert.equal((await ct.ok(['systemctl', 'is-active', 'sk-eco-api@1.service', 'sk-eco-api@2.service', 'sk-eco-api.socket'])).trim(), 'active\nactive\nactive');
    const answers = new Set<string>();
    for (let i = 0; i < 40 && answers.size < 2; i++) answers.add(await ct.ok(['node', '-e', "fetch('http://127.0.0.1:8095/').then(async (r) => process.stdout.write(await r.text()))"]));
    assert.ok([...answers].every((a) => a === '1' || a === '2'), [...answers].join(' '));
    const got = await waitFor('received.json', async () => JSON.parse(await ct.readFile('/var/tmp/sk-eco-web/received.json')) as Received);
    assert.deepEqual(got.argv, ['one', 'two words']);
    assert.equal(got.env['MODE'], 'production');
    assert.equal(got.cwd, '/srv/eco', "the ecosystem file's directory");
    assert.match(await ct.readFile('/etc/systemd/system/sk-eco-web.service'), /^KillSignal=SIGINT$/m);
    assert.match(await ct.readFile('/etc/systemd/system/sk-eco-sleep.service'), /^MemoryMax=104857600$/m);
    assert.equal((JSON.parse((await ct.cli(['status', 'sk-eco-sleep', '--json'])).stdout) as { state: string }).state, 'running');
    for (const n of ['sk-eco-web', 'sk-eco-sleep', 'sk-eco-api']) assert.equal((await ct.cli(['uninstall', n])).code, 0);

    await ct.ok(['sh', '-c', "umask 022 && cat > /srv/eco/watching.config.js"], "module.exports = { apps: [{ name: 'sk-eco-w', script: '/bin/sleep', interpreter: 'none', args: '1000', watch: true }] };\n");
    const refused = await ct.cli(['apply', '/srv/eco/watching.config.js']);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /apps\[0\] \(sk-eco-w\)\.watch: has no native equivalent/);
    assert.equal(await ct.exists('/etc/systemd/system/sk-eco-w.service'), false);
  });

  it('adopt: a unit written by hand is refused by uninstall; adopt shows the diff and changes nothing without --yes; with it the unit is servicekit\'s (mark, stored configuration), still enabled, restarted on the new program; then uninstall removes it', async () => {
    const unit = '/etc/systemd/system/sk-hand.service';
    await ct.ok(['sh', '-c', `umask 022 && cat > ${unit}`], '[Unit]\nDescription=written by hand\n\n[Service]\nExecStart=/bin/sleep 999\n\n[Install]\nWantedBy=multi-user.target\n');
    await ct.ok(['systemctl', 'enable', '--now', 'sk-hand.service']);
    const handPid = Number((await ct.ok(['systemctl', 'show', '-p', 'MainPID', '--value', 'sk-hand.service'])).trim());
    const refused = await ct.cli(['uninstall', 'sk-hand']);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /\[ERR_NOT_OWNED\]/);

    const shown = await ct.cli(['adopt', 'sk-hand', '--', '/bin/sleep', '1000']);
    assert.equal(shown.code, 1, shown.stderr);
    assert.match(shown.stdout, /^-ExecStart=\/bin\/sleep 999$/m);
    assert.match(shown.stdout, /^\+ExecStart="\/bin\/sleep" "1000"$/m);
    assert.match(shown.stdout, /run again with --yes/);
    assert.match(await ct.readFile(unit), /written by hand/, 'unchanged without --yes');

    const taken = await ct.cli(['adopt', 'sk-hand', '--yes', '--', '/bin/sleep', '1000']);
    assert.equal(taken.code, 0, taken.stderr);
    assert.match(taken.stdout, /adopted sk-hand and restarted it/);
    assert.match(await ct.readFile(unit), /managed-by: servicekit \(name=sk-hand\)/);
    assert.equal((await ct.ok(['systemctl', 'is-enabled', 'sk-hand.service'])).trim(), 'enabled');
    const pid = Number((await ct.ok(['systemctl', 'show', '-p', 'MainPID', '--value', 'sk-hand.service'])).trim());
    assert.notEqual(pid, handPid);
    assert.equal(await ct.readFile(`/proc/${pid}/cmdline`), '/bin/sleep\u00001000\u0000');
    const again = await ct.cli(['adopt', 'sk-hand', '--', '/bin/sleep', '1000']);
    assert.match(again.stderr, /servicekit's already: update it/);
    assert.equal((await ct.cli(['uninstall', 'sk-hand'])).code, 0);
    assert.equal(await ct.exists(unit), false);
  });
});
