import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { resolveConfig, validateName, type Config } from '../../src/config.js';
import { InvalidConfigError, NameRequiredError, ServiceError } from '../../src/errors.js';
import { CTX, resolved } from './helpers.js';

describe('config', () => {
  it('defaults the executable to node + the running script, the workdir to its directory', () => {
    const c = resolved();
    assert.equal(c.executable, '/usr/bin/node');
    assert.deepEqual(c.arguments, ['/srv/app/main.js']);
    assert.equal(c.runsThisProgram, true);
    assert.equal(c.workingDirectory, '/srv/app');
    assert.equal(c.restart, 'always');
    assert.equal(c.restartSec, 1);
    assert.equal(c.stopTimeoutSec, 20);
  });

  it('in a single executable application: the binary alone (no script argument), its directory the workdir', () => {
    const ctx = { execPath: '/opt/app/app', cwd: '/', home: '/root', sea: true };
    const c = resolveConfig({ name: 'demo', arguments: ['--port', '80'] }, ctx);
    assert.deepEqual([c.executable, c.arguments, c.runsThisProgram, c.workingDirectory], ['/opt/app/app', ['--port', '80'], true, '/opt/app']);
    const win = resolveConfig({ name: 'demo' }, { execPath: 'C:\\Apps\\app.exe', cwd: 'C:\\', home: 'C:\\', sea: true, paths: 'win32' });
    assert.deepEqual([win.executable, win.arguments, win.workingDirectory], ['C:\\Apps\\app.exe', [], 'C:\\Apps']);
    assert.equal(resolveConfig({ name: 'demo', executable: '/bin/true' }, ctx).workingDirectory, '/', 'a given executable keeps the usual default');
  });

  it('puts the user arguments after the script', () => {
    assert.deepEqual(resolved({ arguments: ['a', ''] }).arguments, ['/srv/app/main.js', 'a', '']);
  });

  it('uses the given executable as is', () => {
    const c = resolved({ executable: '/bin/sleep', arguments: ['9'] });
    assert.deepEqual([c.executable, c.arguments, c.runsThisProgram, c.workingDirectory], ['/bin/sleep', ['9'], false, '/srv']);
  });

  it('accepts good names and refuses bad ones before anything else', () => {
    for (const ok of ['a', 'my-app', 'My_App.2', '9lives', 'x'.repeat(100)]) assert.equal(validateName(ok), ok);
    assert.throws(() => validateName(''), NameRequiredError);
    assert.throws(() => validateName(undefined), NameRequiredError);
    for (const bad of ['-x', '.x', 'a/b', '../etc', 'a..b', 'a b', 'x.', 'x'.repeat(101), 'app.service', 'a@b', 'ü', 'a\nb', 'a\\b']) {
      assert.throws(() => validateName(bad), InvalidConfigError, bad);
    }
  });

  it('refuses values that cannot be passed on', () => {
    const bad: Array<Partial<Config>> = [
      { arguments: ['a\0b'] },
      { arguments: ['\ud800'] },
      { arguments: ['x'.repeat(40000)] },
      { env: { 'BAD-KEY': 'x' } },
      { env: { '1X': 'x' } },
      { env: { K: 'a\0' } },
      { executable: 'relative/bin' },
      { workingDirectory: 'relative' },
      { restart: 'sometimes' as never },
      { restartSec: -1 },
      { restartSec: Number.NaN },
      { userName: 'bad name' },
      { userService: true, userName: 'bob' },
      { description: 'two\nlines' },
      { dependencies: ['../x'] },
      { successExitStatus: [256] },
      { reloadSignal: 'NOTASIGNAL' },
      { reloadSignal: 'SIGUSR1' },
      { reloadSignal: 'KILL' },
      { reloadSignal: 'SIGTERM' },
      { systemd: { type: 'forking' as never } },
      { systemd: { nope: 1 } as never },
      { nope: 1 } as never,
    ];
    for (const c of bad) {
      assert.throws(() => resolveConfig({ name: 'demo', ...c } as Config, CTX), (e: unknown) => e instanceof InvalidConfigError && e instanceof ServiceError, JSON.stringify(c));
    }
  });

  it('refuses SIGUSR1 as the reload signal of a Node program only (its inspector); nginx takes it', () => {
    const nginx = { executable: '/usr/sbin/nginx', reloadSignal: 'USR1' };
    assert.equal(resolved(nginx).reloadSignal, 'SIGUSR1');
    const nodes: [Partial<Config>, 'posix' | 'win32'][] = [
      [{ reloadSignal: 'USR1' }, 'posix'],
      [{ ...nginx, executable: '/usr/bin/node', arguments: ['app.js'] }, 'posix'],
      [{ ...nginx, executable: 'C:\\nodejs\\node.exe' }, 'win32'],
    ];
    for (const [node, paths] of nodes) {
      assert.throws(() => resolveConfig({ name: 'demo', ...node } as Config, { ...CTX, paths }), /SIGUSR1 is reserved by Node\.js for its inspector/, JSON.stringify(node));
    }
  });

  it("takes a reload signal with or without SIG (Go's form)", () => {
    assert.equal(resolved({ reloadSignal: 'HUP' }).reloadSignal, 'SIGHUP');
    assert.equal(resolved({ reloadSignal: 'usr2' }).reloadSignal, 'SIGUSR2');
  });

  it('keeps env values exactly, empty ones included', () => {
    assert.deepEqual(resolved({ env: { A: '', B: ' $x %y "z" ' } }).env, { A: '', B: ' $x %y "z" ' });
  });

  it('puts user-service log files under ~/.local/state/NAME', () => {
    assert.equal(resolved({ userService: true }).logDirectory, '/home/alice/.local/state/demo');
    assert.equal(resolved().logDirectory, '/var/log/servicekit');
  });
});
