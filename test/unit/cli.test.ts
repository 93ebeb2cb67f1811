import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { parseCli } from '../../src/cli/args.js';
import { parseEnv } from '../../src/options/general.js';
import { endCommand, main, uninterrupted } from '../../src/cli/main.js';
import { realCommandHost, resolveCommand, type CommandHost } from '../../src/cli/command.js';
import { InvalidArgumentError } from '../../src/errors.js';
import { textSink } from './helpers.js';

async function cli(argv: string[]) {
  const out = textSink();
  const err = textSink();
  const code = await main(argv, out, err);
  return { code, out: out.text, err: err.text };
}

describe('CLI parsing', () => {
  it('takes everything after -- as the program and its arguments, untouched', () => {
    const p = parseCli(['install', '--name', 'x', '--env', 'A=1', '--env', 'B=', '--start', '--', 'node', '--inspect', '', '-x']);
    assert.equal(p.verb, 'install');
    assert.deepEqual(p.positionals, ['node', '--inspect', '', '-x']);
    assert.deepEqual(p.values.env, ['A=1', 'B=']);
  });

  it('refuses options that do not apply to a verb, unknown verbs and missing names', () => {
    assert.throws(() => parseCli(['status', 'x', '--start']), InvalidArgumentError);
    assert.throws(() => parseCli(['frobnicate']), InvalidArgumentError);
    assert.throws(() => parseCli(['install', '--', 'node']), InvalidArgumentError);
    assert.throws(() => parseCli(['install', '--name', 'x']), InvalidArgumentError);
    assert.throws(() => parseCli(['stop']), InvalidArgumentError);
    assert.throws(() => parseCli(['stop', 'a', 'b']), InvalidArgumentError);
    assert.throws(() => parseCli(['install', '--name', 'x', '--bogus', '--', 'node']), InvalidArgumentError);
  });

  it('adopt NAME [options] [--yes] -- COMMAND: the whole configuration, as install; without a COMMAND or a name, refused', () => {
    const p = parseCli(['adopt', 'web', '--yes', '--env', 'A=1', '--', '/usr/bin/node', 'a b']);
    assert.deepEqual([p.verb, p.values.name, p.values.yes, p.positionals], ['adopt', 'web', true, ['/usr/bin/node', 'a b']]);
    assert.throws(() => parseCli(['adopt', 'web']), /adopt needs the whole configuration/);
    assert.throws(() => parseCli(['adopt']), /adopt needs the service/);
    assert.throws(() => parseCli(['update', 'web', '--yes']), /--yes does not apply to update/);
  });

  it('takes the Windows install options; the password only from a named variable', async () => {
    const p = parseCli(['install', '--name', 'x', '--start-type', 'manual', '--delayed-start', '--password-env', 'PW', '--', 'node']);
    assert.deepEqual([p.values['start-type'], p.values['delayed-start'], p.values['password-env']], ['manual', true, 'PW']);
    assert.throws(() => parseCli(['stop', 'x', '--start-type', 'manual']), InvalidArgumentError);
    delete process.env['SK_UNSET_PW'];
    const r = await cli(['render', '--name', 'x', '--run-as', '.\\svc', '--password-env', 'SK_UNSET_PW', '--', '/bin/sh']);
    assert.equal(r.code, 2);
    assert.match(r.err, /SK_UNSET_PW: not set/);
  });

  it('a password where none is used is refused: without --run-as (usage), and off Windows (config)', async () => {
    process.env['SK_SET_PW'] = 'hunter2';
    try {
      const noAccount = await cli(['render', '--name', 'x', '--password-env', 'SK_SET_PW', '--', '/bin/sh']);
      assert.equal(noAccount.code, 2);
      assert.match(noAccount.err, /give --run-as too/);
      const r = await cli(['render', '--system', 'linux-systemd', '--name', 'x', '--run-as', 'nobody', '--password-env', 'SK_SET_PW', '--', '/bin/sh']);
      assert.equal(r.code, 1);
      assert.match(r.err, /windows\.password is not supported on linux-systemd.*\[ERR_UNSUPPORTED\]/);
      assert.ok(![noAccount, r].some((x) => `${x.out}${x.err}`.includes('hunter2')), 'the password is never printed');
    } finally {
      delete process.env['SK_SET_PW'];
    }
  });

  it('parses --env K=V exactly and copies --env K from the environment', () => {
    assert.deepEqual(parseEnv(['A=x=y', 'B=', 'C'], { C: 'from env' }), { A: 'x=y', B: '', C: 'from env' });
    assert.throws(() => parseEnv(['=x'], {}), InvalidArgumentError);
    assert.throws(() => parseEnv(['MISSING'], {}), InvalidArgumentError);
  });

  it('resolves scripts to this node and commands on PATH to absolute paths', () => {
    const posix = (env: NodeJS.ProcessEnv, cwd: string): CommandHost => ({ ...realCommandHost(), env, cwd });
    assert.deepEqual(resolveCommand('app.mjs', ['a'], posix({ PATH: '' }, '/srv')), { executable: process.execPath, arguments: ['/srv/app.mjs', 'a'] });
    assert.deepEqual(resolveCommand('sh', ['-c', 'x'], posix({ PATH: '/nonexistent:/bin' }, '/')), { executable: '/bin/sh', arguments: ['-c', 'x'] });
    assert.throws(() => resolveCommand('no-such-command-xyz', [], posix({ PATH: '/bin' }, '/')), InvalidArgumentError);
    // A file that is not executable is not a command.
    assert.throws(() => resolveCommand('passwd', [], posix({ PATH: '/etc' }, '/')), InvalidArgumentError);
  });

  it("follows Windows' rules on Windows: ';' in PATH (any case), PATHEXT, drive letters and backslashes", () => {
    const files = new Set(['C:\\Windows\\system32\\cmd.exe', 'C:\\Program Files\\nodejs\\node.exe', 'C:\\tools\\run.bat', 'D:\\app\\main.js']);
    const win = (env: NodeJS.ProcessEnv, cwd = 'D:\\app'): CommandHost => ({
      os: 'win32', env, cwd, execPath: 'C:\\Program Files\\nodejs\\node.exe', isExecutable: (f) => files.has(f),
    });
    const PATH = 'C:\\Windows\\system32;C:\\Program Files\\nodejs;C:\\tools';
    assert.deepEqual(resolveCommand('cmd.exe', ['/c', 'echo'], win({ Path: PATH })), { executable: 'C:\\Windows\\system32\\cmd.exe', arguments: ['/c', 'echo'] });
    assert.deepEqual(resolveCommand('cmd', [], win({ PATH })).executable, 'C:\\Windows\\system32\\cmd.exe');
    assert.deepEqual(resolveCommand('node', ['x'], win({ PATH })), { executable: 'C:\\Program Files\\nodejs\\node.exe', arguments: ['x'] });
    assert.equal(resolveCommand('run', [], win({ PATH })).executable, 'C:\\tools\\run.bat');
    assert.throws(() => resolveCommand('run', [], win({ PATH, PATHEXT: '.EXE' })), InvalidArgumentError);
    assert.deepEqual(resolveCommand('main.js', ['a'], win({ PATH })), { executable: 'C:\\Program Files\\nodejs\\node.exe', arguments: ['D:\\app\\main.js', 'a'] });
    assert.deepEqual(resolveCommand('.\\main.js', [], win({ PATH })).arguments, ['D:\\app\\main.js']);
    assert.deepEqual(resolveCommand('C:/tools/run.bat', [], win({ PATH: '' })).executable, 'C:\\tools\\run.bat');
    assert.throws(() => resolveCommand('nothere', [], win({ PATH })), InvalidArgumentError);
  });
});

describe('CLI render for any platform, from any OS', () => {
  const run = cli;

  it('renders a Windows service with Windows paths, and a launchd plist, on Linux', async () => {
    const win = await run(['render', '--system', 'windows-service', '--name', 'app', '--workdir', 'C:\\app', '--', 'C:\\Program Files\\nodejs\\node.exe', 'C:\\app\\main.js', 'a b']);
    assert.equal(win.code, 0, win.err);
    assert.match(win.out, /^ {2}BinaryPathName {3}"C:\\Program Files\\nodejs\\node\.exe" --require "C:\\Program Files\\nodejs\\node_modules\\servicekit\\dist\\windows-preload\.cjs" C:\\app\\main\.js "a b"$/m);
    assert.match(win.out, /__servicekit_cwd=C:\\\\app/);
    const mac = await run(['render', '--system', 'darwin-launchd', '--name', 'app', '--workdir', '/Users/a', '--', '/usr/local/bin/node', '/Users/a/main.js']);
    assert.equal(mac.code, 0, mac.err);
    assert.match(mac.out, /^# \/Library\/LaunchDaemons\/app\.plist \(mode 644\)$/m);
    assert.match(mac.out, /<string>\/Users\/a\/main\.js<\/string>/);
  });

  it("--user renders only where install would accept it; a relative or POSIX path for Windows and an unknown platform are refused", async () => {
    const user = await run(['render', '--system', 'windows-service', '--user', '--name', 'app', '--workdir', 'C:\\app', '--', 'C:\\app\\app.exe']);
    assert.equal(user.code, 1);
    assert.match(user.err, /userService is not supported on windows-service.*\[ERR_UNSUPPORTED\]/);
    const posix = await run(['render', '--system', 'windows-service', '--name', 'app', '--', '/usr/bin/node']);
    assert.equal(posix.code, 1);
    assert.match(posix.err, /\[ERR_INVALID_CONFIG\]/);
    const unknown = await run(['render', '--system', 'aix-ssrc', '--name', 'app', '--', '/bin/true']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.err, /unknown platform "aix-ssrc"/);
    const smfUser = await run(['render', '--system', 'solaris-smf', '--user', '--name', 'app', '--', '/bin/true']);
    assert.equal(smfUser.code, 1);
    assert.match(smfUser.err, /userService is not supported on solaris-smf.*\[ERR_UNSUPPORTED\]/);
  });

  it('renders a Solaris SMF manifest from Linux, with --smf-prefix; other platforms refuse the prefix', async () => {
    const smf = await run(['render', '--system', 'solaris-smf', '--name', 'app', '--smf-prefix', 'site/web', '--workdir', '/opt/app', '--', '/opt/node/bin/node', '/opt/app/main.js', '50%']);
    assert.equal(smf.code, 0, smf.err);
    assert.match(smf.out, /^# \/var\/svc\/manifest\/site\/app\.xml \(mode 644\)$/m);
    assert.match(smf.out, /<service name="site\/web\/app" type="service" version="1">/);
    assert.match(smf.out, /exec="'\/opt\/node\/bin\/node' '\/opt\/app\/main\.js' '50%%'"/);
    const sd = await run(['render', '--system', 'linux-systemd', '--name', 'app', '--smf-prefix', 'site', '--', '/bin/true']);
    assert.equal(sd.code, 1);
    assert.match(sd.err, /smf\.prefix is not supported on linux-systemd/);
  });
});

describe('CLI main', () => {
  it('render prints the unit without touching anything', async () => {
    const r = await cli(['render', '--system', 'linux-systemd', '--name', 'demo', '--env', 'K=a b', '--restart', 'on-failure', '--', '/bin/sh', '-c', 'echo "$HOME"']);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^# \/etc\/systemd\/system\/demo\.service \(mode 644\)$/m);
    assert.match(r.out, /^ExecStart="\/bin\/sh" "-c" "echo \\"\$\$HOME\\""$/m);
    assert.match(r.out, /^Environment="K=a b"$/m);
    assert.match(r.out, /^Restart=on-failure$/m);
  });

  it('render takes the limits, group, kill signal, stop timeout and environment files; apply takes one file', async () => {
    const r = await cli([
      'render', '--system', 'linux-systemd', '--name', 'demo', '--memory-max', '512M', '--cpu-quota', '50%', '--limit-nofile', 'infinity', '--limit-nproc', '64',
      '--group', 'adm', '--run-as', 'daemon', '--kill-signal', 'INT', '--stop-timeout', '5', '--', '/bin/true',
    ]);
    assert.equal(r.code, 0, r.err);
    for (const l of ['MemoryMax=536870912', 'CPUQuota=50%', 'LimitNOFILE=infinity', 'LimitNPROC=64', 'Group=adm', 'KillSignal=SIGINT', 'TimeoutStopSec=15000ms']) assert.match(r.out, new RegExp(`^${l}$`, 'm'));
    const refused = await cli(['render', '--system', 'unix-systemv', '--name', 'demo', '--memory-max', '1G', '--', '/bin/true']);
    assert.equal(refused.code, 1);
    assert.match(refused.err, /limits\.memoryMax is not supported on unix-systemv: a memory limit is a cgroup control .*\[ERR_UNSUPPORTED\]/);
    assert.equal((await cli(['render', '--system', 'linux-systemd', '--name', 'demo', '--limit-nofile', 'lots', '--', '/bin/true'])).code, 2);
    const partial = parseCli(['update', 'web', '--env', 'A=1']);
    assert.deepEqual([partial.values.name, partial.positionals], ['web', []]);
    const whole = parseCli(['update', 'web', '--', 'node', 'app.js']);
    assert.deepEqual([whole.values.name, whole.positionals], ['web', ['node', 'app.js']]);
    assert.deepEqual(parseCli(['update', '--name', 'web', '--', 'node']).positionals, ['node']);
    assert.throws(() => parseCli(['update', '--env', 'A=1']), /update needs the service/);
    assert.equal(parseCli(['apply', 'fleet.json', '--prune', '--dry-run', '--json']).verb, 'apply');
    assert.throws(() => parseCli(['apply']), /apply takes one manifest file/);
    assert.throws(() => parseCli(['apply', 'a.json', '--start']), /--start does not apply to apply/);
  });

  it('sets every option, those of programs that are not Node included: reload signal, exit statuses, PID file, chroot, watchdog, start limits', async () => {
    const r = await cli([
      'render', '--system', 'linux-systemd', '--name', 'web', '--reload-signal', 'USR1', '--success-exit-status', '3', '--success-exit-status', 'SIGUSR2',
      '--pid-file', '/run/web.pid', '--chroot', '/srv/root', '--type', 'notify', '--watchdog', '10s', '--start-limit-interval', '60', '--start-limit-burst', '3', '--', '/usr/sbin/nginx',
    ]);
    assert.equal(r.code, 0, r.err);
    for (const l of ['ExecReload=/bin/kill -s USR1 $MAINPID', 'SuccessExitStatus=3 SIGUSR2', 'PIDFile=/run/web.pid', 'RootDirectory=/srv/root', 'WatchdogSec=10000ms', 'StartLimitIntervalSec=60000ms', 'StartLimitBurst=3']) {
      assert.match(r.out, new RegExp(`^${l.replace(/[$]/g, '\\$')}$`, 'm'), l);
    }
    const win = await cli(['render', '--system', 'windows-service', '--name', 'web', '--on-failure', 'reboot', '--on-failure-delay', '5', '--on-failure-reset', '60', '--interactive', '--workdir', 'C:\\app', '--', 'C:\\app\\web.exe']);
    assert.equal(win.code, 0, win.err);
    assert.equal((await cli(['render', '--system', 'linux-systemd', '--name', 'web', '--start-limit-burst', 'many', '--', '/bin/true'])).code, 2);
    // update keeps the enablement (enable/disable change it): --no-enable would be dropped there, so it is refused.
    assert.throws(() => parseCli(['update', 'web', '--no-enable']), /--no-enable does not apply to update/);
  });

  it('prints one line with a code for errors, exit 2 for usage errors, no stack trace', async () => {
    const r = await cli(['render', '--system', 'linux-systemd', '--name', '../etc', '--', '/bin/true']);
    assert.equal(r.code, 1);
    assert.match(r.err, /^servicekit: .*\[ERR_INVALID_CONFIG\]\n$/);
    const u = await cli(['status']);
    assert.equal(u.code, 2);
    assert.match(u.err, /\[ERR_INVALID_ARGUMENT\]\n$/);
  });

  it('shows the stack with --debug', async () => {
    const r = await cli(['render', '--debug', '--system', 'linux-systemd', '--name', 'a b', '--', '/bin/true']);
    assert.equal(r.code, 1);
    assert.match(r.err, /\n\s+at /);
  });

  it('refuses an argument that systemd cannot represent, before writing anything', async () => {
    const r = await cli(['render', '--system', 'linux-systemd', '--name', 'x', '--', '/bin/echo', 'a\0b']);
    assert.equal(r.code, 1);
    assert.match(r.err, /NUL.*\[ERR_INVALID_CONFIG\]/);
  });

  it('prints help and version', async () => {
    assert.match((await cli(['--help'])).out, /servicekit install --name NAME/);
    assert.match((await cli(['--version'])).out, /^\d+\.\d+\.\d+\n$/);
  });
});

describe('a signal during install or uninstall', () => {
  it('stops what it came in time to stop (exit 128 + its number); what had finished ends as it did (exit 0)', async () => {
    const hup = (code: number) =>
      uninterrupted(async (signal) => {
        process.emit('SIGHUP', 'SIGHUP');
        assert.equal(signal.aborted, true);
        return code;
      });
    assert.equal(await hup(0), 0, 'done before the signal could stop it');
    assert.equal(await hup(1), 129, 'interrupted');
    await assert.rejects(
      uninterrupted(async () => {
        process.emit('SIGTERM', 'SIGTERM');
        throw new Error('rolled back');
      }),
      (e: Error & { code?: number }) => e.code === 143,
    );
    assert.equal(await uninterrupted(async () => 0), 0);
  });

  it('a signal once it is done, while the command ends, does not kill it with 128 + N', () => {
    const main = JSON.stringify(fileURLToPath(new URL('../../src/cli/main.js', import.meta.url)));
    const code = `
      const { uninterrupted } = await import(${main});
      process.exitCode = await uninterrupted(async () => 0);
      process.kill(process.pid, 'SIGHUP');
      setTimeout(() => process.stdout.write('ended'), 100);`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8' });
    assert.deepEqual([r.status, r.signal, r.stdout], [0, null, 'ended'], r.stderr);
  });

  it('nor while Node tears the process down (its signal watchers closed, the default action back)', { skip: process.platform === 'win32' }, () => {
    const main = JSON.stringify(fileURLToPath(new URL('../../src/cli/main.js', import.meta.url)));
    const code = `
      const { uninterrupted, endCommand } = await import(${main});
      process.exitCode = await uninterrupted(async () => 0);
      await endCommand();
      // What Node's teardown does before the process exits: it closes every signal watcher, which
      // sets each signal's default action (terminate) back.
      for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.removeAllListeners(s);
      process.kill(process.pid, 'SIGHUP');
      process.kill(process.pid, 'SIGTERM');
      setTimeout(() => process.stdout.write('ended'), 100);`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8' });
    assert.deepEqual([r.status, r.signal, r.stdout], [0, null, 'ended'], r.stderr);
  });
});


describe('the command as shipped (dist/servicekit-cli.cjs)', { skip: process.platform === 'win32' }, () => {
  const cli = fileURLToPath(new URL('../../../dist/servicekit-cli.cjs', import.meta.url));

  it('writing into a pipe whose reader has gone (`servicekit --help | true`) ends quietly, without a stack trace', () => {
    // `true` exits at once without reading: the command's first write fails with EPIPE. The command's
    // own exit statuses (bash's PIPESTATUS), not the pipe's (which is true's).
    const r = spawnSync('bash', ['-c', `"$0" "$1" --help | true; a=\${PIPESTATUS[0]}; "$0" "$1" render --system linux-systemd --name x -- /bin/true | true; echo "$a \${PIPESTATUS[0]}"`, process.execPath, cli], { encoding: 'utf8' });
    assert.equal(r.stdout, '0 0\n');
    assert.equal(r.stderr, '');
  });
});
