/** The systemd manager's control flow against a recording host: exact commands, preflight, rollback. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AlreadyInstalledError, NotInstalledError, NotOwnedError, PermissionError, ServiceError } from '../../src/errors.js';
import { SystemdManager } from '../../src/platforms/systemd/manager.js';
import { FAST, FakeHost, resolved, SYSTEMCTL_COMMANDS } from './helpers.js';
import { resolveConfig } from '../../src/config.js';

const UNIT = '/etc/systemd/system/demo.service';

function machine(): FakeHost {
  const h = new FakeHost();
  h.accepts.push(...SYSTEMCTL_COMMANDS);
  h.answer = (cmd, args) => {
    if (cmd === 'systemctl' && args.includes('show')) {
      const installed = h.files.has(UNIT);
      return {
        code: 0,
        stdout: installed ? 'LoadState=loaded\nActiveState=active\nSubState=running\nMainPID=77\nUnitFileState=enabled\n' : 'LoadState=not-found\nActiveState=inactive\n',
        stderr: '',
      };
    }
    return undefined;
  };
  return h;
}

const cfg = resolved({ executable: '/usr/bin/node', arguments: ['x'] });

describe('systemd manager', () => {
  it('installs with exactly these steps', async () => {
    const h = machine();
    await new SystemdManager(h, {}, FAST).install(cfg, { start: true });
    assert.deepEqual(
      h.calls.map((c) => `${c.kind} ${c.what}`),
      [
        'exec systemctl show -p LoadState,ActiveState,SubState,MainPID,UnitFileState,FragmentPath,Result,NRestarts,ExecMainCode,ExecMainStatus,MemoryCurrent,CPUUsageNSec,ExecMainStartTimestampMonotonic demo.service',
        'mkdir /etc/systemd/system',
        'mkdir /var/lib/servicekit',
        `write ${UNIT}`,
        'write /var/lib/servicekit/demo.json',
        'exec systemctl enable --no-reload demo.service',
        'exec systemctl start demo.service',
        'exec systemctl show -p LoadState,ActiveState,SubState,MainPID,UnitFileState,FragmentPath,Result,NRestarts,ExecMainCode,ExecMainStatus,MemoryCurrent,CPUUsageNSec,ExecMainStartTimestampMonotonic demo.service',
      ],
    );
    assert.match(h.files.get(UNIT)!, /^ExecStart="\/usr\/bin\/node" "x"$/m);
  });

  it('an install that fails at any step leaves nothing behind', async () => {
    const probe = machine();
    await new SystemdManager(probe, {}, FAST).install(cfg, { start: true });
    const steps = probe.mutationCount;
    assert.ok(steps >= 3);
    for (let k = 1; k <= steps; k++) {
      const h = machine();
      h.failAt = k;
      await assert.rejects(new SystemdManager(h, {}, FAST).install(cfg, { start: true }), ServiceError, `step ${k}`);
      assert.equal(h.files.size, 0, `unit file left behind after a failure at step ${k}`);
      const cmds = h.calls.map((c) => c.what);
      if (cmds.includes('systemctl enable --no-reload demo.service')) {
        assert.ok(cmds.includes('systemctl disable --no-reload demo.service'), `enable not undone at step ${k}`);
      }
      if (cmds.some((c) => c === UNIT || c.startsWith('systemctl enable'))) {
        assert.equal(cmds.at(-1), 'systemctl daemon-reload', `systemd not reloaded last on rollback at step ${k}`);
      }
    }
  });

  it('an install that starts does not reload systemd; where systemd still knows no such unit (before 246, a unit it had not found), one reload and the start again', async () => {
    const h = machine();
    const answer = h.answer;
    let starts = 0;
    h.answer = (cmd, args) => {
      if (cmd === 'systemctl' && args[0] === 'start' && starts++ === 0) return { code: 5, stdout: '', stderr: 'Failed to start demo.service: Unit demo.service not found.\n' };
      return answer(cmd, args);
    };
    await new SystemdManager(h, {}, FAST).install(cfg, { start: true });
    const cmds = h.calls.map((c) => c.what).filter((c) => c.startsWith('systemctl') && !c.startsWith('systemctl show'));
    assert.deepEqual(cmds, ['systemctl enable --no-reload demo.service', 'systemctl start demo.service', 'systemctl daemon-reload', 'systemctl start demo.service']);
    // Any other failure of the start is the start's failure: no reload, rolled back.
    const failing = machine();
    const a2 = failing.answer;
    failing.answer = (cmd, args) => (cmd === 'systemctl' && args[0] === 'start' ? { code: 1, stdout: '', stderr: 'Job for demo.service failed.\n' } : a2(cmd, args));
    await assert.rejects(new SystemdManager(failing, {}, FAST).install(cfg, { start: true }), (e: Error & { code?: string }) => e.code === 'ERR_START_FAILED');
    const c2 = failing.calls.map((c) => c.what);
    assert.equal(c2.filter((c) => c === 'systemctl start demo.service').length, 1);
    assert.equal(c2.at(-1), 'systemctl daemon-reload', 'the rollback reloads, last');
  });

  it('refuses to install over an existing unit without touching anything', async () => {
    const h = machine();
    h.files.set(UNIT, 'original');
    await assert.rejects(new SystemdManager(h, {}, FAST).install(cfg), AlreadyInstalledError);
    assert.equal(h.mutationCount, 0);
    assert.equal(h.files.get(UNIT), 'original');
  });

  it('refuses when systemd knows a unit of that name elsewhere (e.g. /lib/systemd/system)', async () => {
    const h = new FakeHost();
    h.answer = () => ({ code: 0, stdout: 'LoadState=loaded\nFragmentPath=/lib/systemd/system/demo.service\n', stderr: '' });
    await assert.rejects(new SystemdManager(h, {}, FAST).install(cfg), AlreadyInstalledError);
    assert.equal(h.mutationCount, 0);
  });

  it('needs root for a system service, not for a user service', async () => {
    const h = machine();
    h.uid = 1000;
    await assert.rejects(new SystemdManager(h, {}, FAST).install(cfg), PermissionError);
    assert.equal(h.mutationCount, 0);
    const u = machine();
    u.uid = 1000;
    await new SystemdManager(u, { HOME: '/home/alice' }, FAST).install(resolved({ executable: '/usr/bin/node', userService: true }));
    assert.ok(u.files.has('/home/alice/.config/systemd/user/demo.service'));
    assert.ok(u.calls.some((c) => c.what === 'systemctl --user enable demo.service'));
  });

  it('stores the configuration as given (the program resolved, the readiness of the default program), 0600, marked; re-resolving it renders the same unit; a template function makes it incomplete', async () => {
    const h = machine();
    const m = new SystemdManager(h, {}, FAST);
    const own = resolved({ env: { A: 'x y' }, restartSec: '2s' });
    await m.install(own);
    const stored = (await m.storedConfig(own))!;
    assert.equal(stored.complete, true);
    assert.deepEqual(stored.config, { name: 'demo', env: { A: 'x y' }, restartSec: '2s', executable: '/usr/bin/node', arguments: ['/srv/app/main.js'], workingDirectory: '/srv/app', systemd: { type: 'notify' } });
    const again = resolveConfig(stored.config, { execPath: '/elsewhere/node', cwd: '/tmp', home: '/root' });
    assert.equal(m.render(await m.prepare(again))[0]!.content, m.render(own)[0]!.content);
    assert.deepEqual((await m.update(again)), { changed: false, restarted: false });
    const fn = machine();
    const withFn = resolved({ executable: '/usr/bin/node', templates: { systemd: () => '# managed-by: servicekit (name=demo)\n[Service]\nExecStart=/bin/true\n' } });
    await new SystemdManager(fn, {}, FAST).install(withFn);
    assert.equal((await new SystemdManager(fn, {}, FAST).storedConfig(withFn))!.complete, false);
  });

  it('update: a failure at any of its steps brings the old unit and stored configuration back, systemd reloaded and the old version restarted', async () => {
    const next = resolved({ executable: '/usr/bin/node', arguments: ['y'], env: { B: '2' } });
    const probe = machine();
    const pm = new SystemdManager(probe, {}, FAST);
    await pm.install(cfg, { start: true });
    const oldUnit = probe.files.get(UNIT);
    const oldState = probe.files.get('/var/lib/servicekit/demo.json');
    const before = probe.mutationCount;
    assert.deepEqual(await pm.update(next), { changed: true, restarted: true });
    const steps = probe.mutationCount - before;
    assert.ok(steps >= 4);
    for (let k = 1; k <= steps; k++) {
      const h = machine();
      const m = new SystemdManager(h, {}, FAST);
      await m.install(cfg, { start: true });
      h.calls = [];
      h.failAt = h.mutationCount + k;
      await assert.rejects(m.update(next), ServiceError, `step ${k}`);
      assert.equal(h.files.get(UNIT), oldUnit, `old unit back after a failure at step ${k}`);
      assert.equal(h.files.get('/var/lib/servicekit/demo.json'), oldState, `old stored configuration back after a failure at step ${k}`);
      // Undone newest first: the old files, a reload, then the old version restarted (the last command).
      const commands = h.calls.filter((c) => c.kind === 'exec' && !c.what.includes(' show ')).map((c) => c.what);
      assert.equal(commands.at(-1), 'systemctl restart demo.service', `the old version restarted last after a failure at step ${k}: ${commands.join(', ')}`);
      assert.ok(commands.slice(0, -1).includes('systemctl daemon-reload'), `systemd reloaded after a failure at step ${k}`);
    }
  });

  it('lingering: a warning when it is off; --linger runs loginctl enable-linger for the user, and a refusal is ERR_PERMISSION with nothing written', async () => {
    const user = resolved({ executable: '/usr/bin/node', userService: true });
    const u = machine();
    u.uid = 1000;
    const r = await new SystemdManager(u, { HOME: '/home/alice' }, FAST).install(user);
    assert.match(r.warnings.join('\n'), /^lingering is off for alice: demo stops when alice's last session ends/);
    const on = machine();
    on.uid = 1000;
    on.files.set('/var/lib/systemd/linger/alice', '');
    assert.deepEqual((await new SystemdManager(on, { HOME: '/home/alice' }, FAST).install(user)).warnings, []);
    const asked = machine();
    asked.uid = 1000;
    await new SystemdManager(asked, { HOME: '/home/alice' }, FAST).install({ ...user, linger: true });
    assert.ok(asked.calls.some((c) => c.what === 'loginctl enable-linger alice'));
    const no = machine();
    no.uid = 1000;
    const answer = no.answer;
    no.answer = (cmd, args) => (cmd === 'loginctl' ? { code: 1, stdout: '', stderr: 'Access denied' } : answer(cmd, args));
    await assert.rejects(new SystemdManager(no, { HOME: '/home/alice' }, FAST).install({ ...user, linger: true }), (e: Error & { code?: string }) => e.code === 'ERR_PERMISSION' && /Access denied.*loginctl enable-linger alice/.test(e.message));
    assert.equal(no.files.has('/home/alice/.config/systemd/user/demo.service'), false);
  });

  it('a user service writing to files: its rotation timer and oneshot (logrotate as the user), wanted by the service; a warning without logrotate; all of it removed at uninstall, logrotate\'s status too; refused when one of them is not ours', async () => {
    const user = resolved({ executable: '/usr/bin/node', userService: true, logOutput: true });
    // (The recording host's files are root's: the user here is root, with alice's HOME.)
    const h = machine();
    h.files.set('/var/lib/systemd/linger/root', '');
    const m = new SystemdManager(h, { HOME: '/home/alice' }, FAST);
    const dir = '/home/alice/.config/systemd/user';
    const timer = `${dir}/servicekit-logrotate@demo.timer`;
    const oneshot = `${dir}/servicekit-logrotate@demo.service`;
    const conf = '/home/alice/.local/state/servicekit/demo.logrotate';
    const status = '/home/alice/.local/state/servicekit/demo.logrotate-status';
    assert.deepEqual((await m.install(user)).warnings, ['logrotate is not installed (/usr/sbin/logrotate): the log files of demo are not rotated until it is']);
    assert.match(h.files.get(`${dir}/demo.service`)!, /^Wants=servicekit-logrotate@demo\.timer$/m);
    assert.match(h.files.get(timer)!, /^PartOf=demo\.service\n[\s\S]*^OnCalendar=hourly$/m);
    assert.doesNotMatch(h.files.get(timer)!, /\[Install\]/, 'nothing of its own to enable');
    assert.match(h.files.get(oneshot)!, new RegExp(`^ExecStart="/usr/sbin/logrotate" "--state" "${status}" "${conf}"$`, 'm'));
    assert.match(h.files.get(conf)!, /^"\/home\/alice\/\.local\/state\/demo\/demo\.out\.log" "\/home\/alice\/\.local\/state\/demo\/demo\.err\.log" \{$/m);
    h.files.set(status, 'logrotate state -- version 2\n');
    await m.uninstall(user);
    for (const f of [timer, oneshot, conf, status, `${dir}/demo.service`]) assert.equal(h.files.has(f), false, f);
    // Installed with logrotate there: no warning. Then someone else's timer in its place: nothing is touched.
    h.files.set('/usr/sbin/logrotate', '');
    assert.deepEqual((await m.install(user)).warnings, []);
    h.files.set(timer, '[Timer]\nOnCalendar=minutely\n');
    await assert.rejects(m.uninstall(user), NotOwnedError);
    assert.ok(h.files.has(`${dir}/demo.service`));
    // A system service gets the system's drop-in instead, and a user service without files none of it.
    const sys = machine();
    sys.files.set('/usr/sbin/logrotate', '');
    await new SystemdManager(sys, {}, FAST).install(resolved({ executable: '/usr/bin/node', logOutput: true }));
    assert.ok(sys.files.has('/etc/logrotate.d/servicekit-demo'));
    assert.ok(![...sys.files.keys()].some((f) => f.includes('servicekit-logrotate@')));
    const plain = new SystemdManager(machine(), { HOME: '/home/alice' }, FAST).render(resolved({ executable: '/usr/bin/node', userService: true }));
    assert.deepEqual(plain.map((f) => f.path), [`${dir}/demo.service`, '/home/alice/.local/state/servicekit/demo.json']);
  });

  it('uninstall: stop, disable, remove, reload (reset-failed meanwhile); NotInstalledError when missing', async () => {
    const h = machine();
    h.files.set(UNIT, new SystemdManager(h, {}, FAST).render(cfg)[0]!.content);
    await new SystemdManager(h, {}, FAST).uninstall(cfg);
    const calls = h.calls.map((c) => c.what);
    assert.equal(calls[0], 'systemctl disable --now --no-reload demo.service');
    assert.deepEqual([...calls.slice(1)].sort(), [UNIT, 'systemctl daemon-reload', 'systemctl reset-failed demo.service'].sort());
    assert.ok(calls.indexOf(UNIT) < calls.indexOf('systemctl daemon-reload'), 'the reload follows the removal');
    await assert.rejects(new SystemdManager(machine(), {}, FAST).uninstall(cfg), NotInstalledError);
  });

  it('uninstall removes only what servicekit installed: not a hand-written unit, an alias link, a packaged unit, a file others can write', async () => {
    const mine = new SystemdManager(machine(), {}, FAST).render(cfg)[0]!.content;
    const refused = async (h: FakeHost, why: RegExp) => {
      await assert.rejects(new SystemdManager(h, {}, FAST).uninstall(cfg), (e: unknown) => e instanceof NotOwnedError && why.test(e.message));
      assert.equal(h.mutationCount, 0, 'nothing touched');
    };
    const handWritten = machine();
    handWritten.files.set(UNIT, '[Service]\nExecStart=/usr/bin/important\n');
    await refused(handWritten, /has no "managed-by: servicekit \(name=demo\)" mark/);
    const otherName = machine();
    otherName.files.set(UNIT, mine.replace('(name=demo)', '(name=other)'));
    await refused(otherName, /mark/);
    const alias = machine();
    alias.files.set(UNIT, mine);
    alias.meta.set(UNIT, { kind: 'link', uid: 0, mode: 0o777 });
    await refused(alias, /is a link/);
    // Writable by its group alone, by others alone: each bit on its own.
    for (const mode of [0o620, 0o602]) {
      const writable = machine();
      writable.files.set(UNIT, mine);
      writable.meta.set(UNIT, { kind: 'file', uid: 0, mode });
      await refused(writable, /writable by others/);
    }
    const foreignOwner = machine();
    foreignOwner.files.set(UNIT, mine);
    foreignOwner.meta.set(UNIT, { kind: 'file', uid: 1000, mode: 0o644 });
    await refused(foreignOwner, /owned by uid 1000/);
    const packaged = new FakeHost();
    packaged.answer = () => ({ code: 0, stdout: 'LoadState=loaded\nFragmentPath=/lib/systemd/system/demo.service\n', stderr: '' });
    await refused(packaged, /\/lib\/systemd\/system\/demo\.service defines it/);
  });

  it('list: only the units servicekit installed, their states from one systemctl show', async () => {
    const h = new FakeHost();
    const mgr = new SystemdManager(h, {}, FAST);
    for (const name of ['b-app', 'a-app']) h.files.set(`/etc/systemd/system/${name}.service`, mgr.render(resolved({ name, executable: '/usr/bin/node' }))[0]!.content);
    h.files.set('/etc/systemd/system/hand.service', '[Service]\nExecStart=/bin/true\n');
    h.files.set('/etc/systemd/system/multi-user.target.wants', '');
    h.answer = (cmd, args) =>
      cmd === 'systemctl' && args[0] === 'show'
        ? { code: 0, stdout: 'LoadState=loaded\nActiveState=active\nSubState=running\nMainPID=11\n\nLoadState=loaded\nActiveState=failed\nSubState=failed\nMainPID=0\n', stderr: '' }
        : undefined;
    const all = await mgr.list(false);
    assert.deepEqual(all.map((d) => [d.name, d.state, d.pid]), [['a-app', 'running', 11], ['b-app', 'failed', undefined]]);
    assert.deepEqual(h.calls.filter((c) => c.kind === 'exec').map((c) => c.what), [
      'systemctl show -p LoadState,ActiveState,SubState,MainPID,UnitFileState,FragmentPath,Result,NRestarts,ExecMainCode,ExecMainStatus,MemoryCurrent,CPUUsageNSec,ExecMainStartTimestampMonotonic a-app.service b-app.service',
    ]);
  });

  it('status maps systemctl show', async () => {
    const h = machine();
    assert.equal((await new SystemdManager(h, {}, FAST).status(cfg)).state, 'not-installed');
    h.files.set(UNIT, 'x');
    const d = await new SystemdManager(h, {}, FAST).status(cfg);
    assert.deepEqual([d.state, d.pid, d.enabled], ['running', 77, true]);
  });
});
