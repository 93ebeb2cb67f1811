/** SysV, OpenRC and Upstart: shell quoting through a real sh, rendered scripts, status mapping, exact commands. */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { InvalidConfigError, ServiceError, StartFailedError } from '../../src/errors.js';
import { openrcState, OpenrcManager } from '../../src/platforms/openrc/manager.js';
import { renderOpenrcScript } from '../../src/platforms/openrc/render.js';
import { NL_DEFINITION, shellQuote, shellWords } from '../../src/platforms/shared/shell.js';
import { programArgv } from '../../src/platforms/shared/initscript.js';
import { renderSysvScript } from '../../src/platforms/sysv/render.js';
import { rcLinks, sysvState, SysvManager } from '../../src/platforms/sysv/manager.js';
import { parseInitctlStatus } from '../../src/platforms/upstart/parse.js';
import { renderUpstartJob } from '../../src/platforms/upstart/render.js';
import { UpstartManager } from '../../src/platforms/upstart/manager.js';
import { FAST, FakeHost, hostileStrings as generated, resolved, INIT_COMMANDS, SYSTEMCTL_COMMANDS } from './helpers.js';

const SHELL_ALPHABET = [..." \t\n'\"\\$`%;&|*?~<>!#(){}[]=,-_.:/aZ09", 'ü', '€', '日', '😀', '\r', '\x01'];

/** Hostile strings for shell quoting: the ones that end a quote or a script block, then generated ones. */
function* hostileStrings(n: number): Generator<string> {
  yield* ["'", "''", '\n', 'end script', '\nend script\n'];
  yield* generated(n, SHELL_ALPHABET, 12345, 24);
}

function throughShell(shell: string, words: string[]): string[] {
  const script = `${NL_DEFINITION}\nprintf '%s\\0' ${shellWords(words, 'w')}\n`;
  const out = execFileSync(shell, ['-c', script], { encoding: 'utf8' });
  return out.split('\0').slice(0, -1);
}

describe('shell quoting, checked by a real shell', () => {
  const words = [...hostileStrings(400)];
  for (const shell of ['/bin/sh', '/bin/bash']) {
    it(`${words.length} hostile strings reach printf unchanged through ${shell}`, () => {
      assert.deepEqual(throughShell(shell, words), words);
    });
  }
  it('never puts a value on a line of its own', () => {
    for (const w of words) assert.ok(!shellQuote(w, 'w').includes('\n'), JSON.stringify(w));
  });
  it('refuses NUL', () => {
    assert.throws(() => shellQuote('a\0b', 'arguments[0]'), InvalidConfigError);
  });
});

const FULL = {
  executable: '/usr/bin/node',
  arguments: ['a  b', "it's", 'x\ny', ''],
  env: { K: 'v "w" $x', EMPTY: '' },
  userName: 'daemon',
  dependencies: ['postgresql'],
  workingDirectory: '/srv/app dir',
};

describe('rendered scripts', () => {
  it('SysV: LSB header, start-stop-daemon with the exact words, valid sh', () => {
    const s = renderSysvScript(resolved(FULL));
    assert.match(s, /^### BEGIN INIT INFO$/m);
    assert.match(s, /^# Provides: +demo$/m);
    assert.match(s, /^# Required-Start: +\$remote_fs postgresql$/m);
    assert.match(s, /--chuid 'daemon'/);
    assert.match(s, /--chdir '\/srv\/app dir'/);
    assert.match(s, /-- 'a {2}b' 'it'\\''s' 'x'"\$__servicekit_nl"'y' ''$/m);
    assert.match(s, /export K='v "w" \$x'/);
    execFileSync('sh', ['-n', '-c', s]);
  });

  it('SysV: waits for READY=1 only for programs that call run()', () => {
    assert.match(renderSysvScript(resolved()), /--notify-await/);
    assert.doesNotMatch(renderSysvScript(resolved({ executable: '/bin/sleep' })), /--notify-await/);
  });

  it('OpenRC: supervise-daemon with respawn settings, env exported (not --env words anyone reads in ps), valid sh', () => {
    const s = renderOpenrcScript(resolved({ ...FULL, restartSec: 3 }));
    assert.match(s, /^#!\/sbin\/openrc-run$/m);
    assert.match(s, /^supervisor=supervise-daemon$/m);
    assert.match(s, /--respawn-delay 3/);
    assert.match(s, /--user 'daemon'/);
    assert.match(s, /^ {4}export K='v "w" \$x'$/m);
    assert.doesNotMatch(s, /--env/);
    assert.match(s, /^ {4}exec supervise-daemon/m);
    assert.match(s, /^ {2}need postgresql$/m);
    execFileSync('sh', ['-n', '-c', s]);
  });

  it('OpenRC: restart "no" uses start-stop-daemon and its own stop/status', () => {
    const s = renderOpenrcScript(resolved({ ...FULL, restart: 'no' }));
    assert.doesNotMatch(s, /supervisor=/);
    assert.match(s, /^stop\(\) \{$/m);
    assert.match(s, /return 32/);
    execFileSync('sh', ['-n', '-c', s]);
  });

  it('Upstart: respawn, the account dropped by start-stop-daemon (no setuid stanza), a script block no value can end', () => {
    const s = renderUpstartJob(resolved({ ...FULL, arguments: ['x\nend script\nrm -rf /'], restart: 'on-failure' }));
    assert.match(s, /^respawn$/m);
    assert.match(s, /^normal exit 0$/m);
    assert.doesNotMatch(s, /^(setuid|setgid|chroot) /m);
    assert.match(s, /^ {2}exec \/sbin\/start-stop-daemon --start --quiet .*--chuid 'daemon' .*--startas /m);
    assert.match(s, /^start on \(runlevel \[2345\] and started postgresql\)$/m);
    assert.equal(s.split('\n').filter((l) => l.trim() === 'end script').length, 2, 'only the two real block ends');
    assert.throws(() => renderUpstartJob(resolved({ dependencies: ['a b'] })), InvalidConfigError);
  });

  it('Upstart: every script block of jobs with hostile values is valid sh (as init(5) runs it, /bin/sh -e)', () => {
    const values = [...hostileStrings(40)].filter((v) => !v.includes('\0'));
    for (const [i, v] of values.entries()) {
      const job = renderUpstartJob(resolved({ executable: '/usr/bin/node', arguments: [v, 'x'], env: { V: v }, ...(i % 2 ? { userName: 'daemon', groupName: 'adm', chroot: '/srv' } : {}) }));
      const blocks = [...job.matchAll(/^((?:pre-start )?script)\n([\s\S]*?)^end script$/gm)];
      assert.equal(blocks.length, 2, job);
      for (const [, , body] of blocks) execFileSync('sh', ['-n', '-e', '-c', body!], { stdio: 'pipe' });
    }
  });

  // Upstart's own documentation of how it runs a job (init(5), Upstart 1.x): "script … end script":
  // the shell code "is run using /bin/sh" with "the -e option", so any failing command ends it;
  // "setuid USERNAME: Changes to the user USERNAME before running any job process" (pre-start
  // included); "setgid GROUPNAME" likewise; "chroot DIR: Runs the job's processes in a chroot(8)".
  // The job is run here that way, each block in its own sh -e, as root or as the setuid user.
  it('Upstart: the job run as init(5) says (sh -e, setuid for every job process): with an account, its pre-start makes the log file and the program runs as that account in the PID Upstart tracks', { skip: process.getuid?.() !== 0 && 'needs root' }, () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sk-upstart-'));
    const logs = path.join(dir, 'log');
    const job = renderUpstartJob(resolved({ name: 'sk-up', userName: 'nobody', logDirectory: logs, executable: '/bin/sh', arguments: ['-c', 'id -un; echo "pid $$"; pwd'], workingDirectory: '/tmp' }));
    const block = (name: string) => new RegExp(`^${name}\\n([\\s\\S]*?)^end script$`, 'm').exec(job)?.[1] ?? assert.fail(`no ${name} block`);
    const stanza = (name: string) => new RegExp(`^${name} (\\S+)$`, 'm').exec(job)?.[1];
    const user = stanza('setuid');
    assert.equal(stanza('chroot'), undefined, 'a chroot stanza would run pre-start inside the root directory too');
    /** One job process: `sh -e -c` as root, or as the setuid user; its PID and output. */
    const jobProcess = (code: string) => {
      const argv = user === undefined ? ['sh', '-e', '-c', `echo "shell $$"; ${code}`] : ['runuser', '-u', user, '--', 'sh', '-e', '-c', `echo "shell $$"; ${code}`];
      return spawnSync(argv[0]!, argv.slice(1), { encoding: 'utf8' });
    };
    const pre = jobProcess(block('pre-start script'));
    assert.equal(pre.status, 0, `pre-start failed as Upstart runs it: ${pre.stderr}`);
    const main = jobProcess(block('script'));
    assert.equal(main.status, 0, main.stderr);
    const shellPid = /^shell (\d+)$/m.exec(main.stdout)?.[1];
    const out = readFileSync(path.join(logs, 'sk-up.log'), 'utf8');
    assert.deepEqual(out.split('\n').slice(0, 3), ['nobody', `pid ${shellPid}`, '/tmp'], 'the program runs as the account, in the process Upstart started, in its working directory');
    assert.equal(statSync(path.join(logs, 'sk-up.log')).uid, 0 + Number(execFileSync('id', ['-u', 'nobody'], { encoding: 'utf8' }).trim()), 'the log file handed to the account');
  });
});

describe('Upstart credentials, run as init(5) runs the job', () => {
  it('pre-start copies each credential into a directory of its own, 0700 for the account, files 0400; the program (as that account) reads $CREDENTIALS_DIRECTORY/NAME; post-stop removes the copy', { skip: process.getuid?.() !== 0 && 'needs root' }, () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sk-upcred-'));
    const source = path.join(dir, 'token');
    writeFileSync(source, 's3cret\n', { mode: 0o600 });
    const job = renderUpstartJob(resolved({ name: 'sk-upcred', userName: 'nobody', logDirectory: path.join(dir, 'log'), credentials: { token: source }, executable: '/bin/sh', arguments: ['-c', 'cat "$CREDENTIALS_DIRECTORY/token"; stat -c "%U %a" "$CREDENTIALS_DIRECTORY" "$CREDENTIALS_DIRECTORY/token"'], workingDirectory: '/tmp' }));
    const block = (name: string) => new RegExp(`^${name}\\n([\\s\\S]*?)^end script$`, 'm').exec(job)?.[1] ?? assert.fail(`no ${name} block`);
    const run = (code: string) => spawnSync('sh', ['-e', '-c', code], { encoding: 'utf8' });
    try {
      assert.equal(run(block('pre-start script')).status, 0);
      assert.equal(run(block('script')).status, 0);
      assert.deepEqual(readFileSync(path.join(dir, 'log', 'sk-upcred.log'), 'utf8').split('\n').slice(0, 3), ['s3cret', 'nobody 700', 'nobody 400']);
      assert.equal(run(block('post-stop script')).status, 0);
      assert.equal(existsSync('/run/servicekit/credentials/sk-upcred'), false, 'removed at stop');
    } finally {
      rmSync('/run/servicekit/credentials/sk-upcred', { recursive: true, force: true });
    }
  });
});

describe('status mapping', () => {
  it('SysV: LSB exit codes', () => {
    assert.deepEqual([0, 1, 3, 4].map(sysvState), ['running', 'failed', 'stopped', 'unknown']);
  });
  it('OpenRC: rc-service status exit codes, crashed included', () => {
    assert.deepEqual([0, 3, 4, 8, 16, 32, 64, 1].map(openrcState), ['running', 'stopped', 'stopping', 'starting', 'stopped', 'failed', 'failed', 'unknown']);
  });
  it('Upstart: recorded initctl status lines', () => {
    assert.deepEqual(parseInitctlStatus('ssh start/running, process 812\n'), { state: 'running', pid: 812 });
    assert.deepEqual(parseInitctlStatus('tty1 stop/waiting\n'), { state: 'stopped' });
    assert.deepEqual(parseInitctlStatus('demo start/pre-start, process 99\n'), { state: 'starting', pid: 99 });
    assert.deepEqual(parseInitctlStatus('demo start/spawned, process 99\n'), { state: 'starting', pid: 99 });
    assert.deepEqual(parseInitctlStatus('demo stop/killed, process 1234\n'), { state: 'stopping', pid: 1234 });
    assert.deepEqual(parseInitctlStatus('network-interface (eth0) start/running\n'), { state: 'running' });
    assert.deepEqual(parseInitctlStatus(''), { state: 'unknown' });
  });
});

/** A fake machine where initctl answers in Upstart 1.x's output format (job status lines, "Unknown job" on stderr, exit 1). */
/**
 * A fake initctl with Upstart 1.x's job model, not the happy path (init(5), stopped(7)): `respawn`
 * starts a main process that died again at once, with a new PID, the job's goal still start; more
 * than COUNT respawns (the job's own `respawn limit COUNT INTERVAL`) and Upstart "will consider it
 * to be having deeper problems and will stop it": stop/waiting, which `initctl status` does not tell
 * from a stop someone asked for (stopped(7)'s RESULT=failed PROCESS=respawn is only in the event).
 * `crashes`: the program dies this long after each start (in status calls); undefined: it stays up.
 */
function upstartMachine(): FakeHost & { jobState: string; crashes: boolean } {
  const h = new FakeHost() as FakeHost & { jobState: string; crashes: boolean };
  h.jobState = 'stop/waiting';
  h.crashes = false;
  let pid = 4242;
  let respawns = 0;
  const limit = (name: string) => Number(/^respawn limit (\d+) /m.exec(h.files.get(`/etc/init/${name}.conf`) ?? '')?.[1] ?? Infinity);
  const respawning = (name: string) => /^respawn$/m.test(h.files.get(`/etc/init/${name}.conf`) ?? '');
  h.answer = (cmd, args) => {
    if (cmd !== 'initctl') return undefined;
    const [verb, name] = args;
    if (verb === 'reload-configuration') return { code: 0, stdout: '', stderr: '' };
    if (!h.files.has(`/etc/init/${name}.conf`)) return { code: 1, stdout: '', stderr: `initctl: Unknown job: ${name}\n` };
    if (verb === 'start' || verb === 'restart') {
      respawns = 0;
      h.jobState = `start/running, process ${pid}`;
    }
    if (verb === 'stop') h.jobState = 'stop/waiting';
    if (verb === 'status' && h.crashes && h.jobState.startsWith('start/')) {
      // The main process died since the last look: respawned with a new PID, or stopped past the limit.
      respawns += 1;
      if (!respawning(name!) || respawns > limit(name!)) h.jobState = 'stop/waiting';
      else h.jobState = `start/running, process ${(pid += 1)}`;
    }
    return { code: 0, stdout: `${name} ${h.jobState}\n`, stderr: '' };
  };
  return h;
}

describe('Upstart manager against a recorded initctl', () => {
  const cfg = resolved({ executable: '/usr/bin/node', arguments: ['x'] });

  it('"started means up": a program Upstart keeps respawning (a new PID each look, its goal still start) is a failed start, and nothing is left', async () => {
    const h = upstartMachine();
    h.crashes = true;
    await assert.rejects(new UpstartManager(h, { settleMs: 300 }).install(cfg, { start: true }), (e: unknown) => e instanceof StartFailedError && /restarted within 300 ms \(PID \d+, then \d+\)/.test(e.message));
    assert.equal(h.files.size, 0);
  });

  it('past the respawn limit Upstart stops the job: status says stopped (initctl cannot tell it from a requested stop)', async () => {
    const h = upstartMachine();
    const m = new UpstartManager(h, FAST);
    await m.install(resolved({ executable: '/usr/bin/node', systemd: { startLimitBurst: 2 } }));
    await m.start(resolved({ executable: '/usr/bin/node', systemd: { startLimitBurst: 2 } }));
    h.crashes = true;
    const seen = [];
    for (let i = 0; i < 4; i++) seen.push((await m.status(cfg)).state);
    assert.deepEqual(seen, ['running', 'running', 'stopped', 'stopped']);
  });

  it('install: write the job, reload-configuration, start; exact calls', async () => {
    const h = upstartMachine();
    await new UpstartManager(h, FAST).install(cfg, { start: true });
    assert.deepEqual(
      h.calls.map((c) => `${c.kind} ${c.what}`).filter((c) => !c.startsWith('exec initctl status')),
      ['mkdir /etc/logrotate.d', 'mkdir /var/lib/servicekit', 'mkdir /var/log/servicekit', 'write /etc/init/demo.conf', 'write /etc/logrotate.d/servicekit-demo', 'write /var/lib/servicekit/demo.json', 'exec initctl reload-configuration', 'exec initctl start demo'],
    );
    const st = await new UpstartManager(h, FAST).status(cfg);
    assert.deepEqual([st.state, st.pid], ['running', 4242]);
  });

  it('restart from stopped starts; stop of a stopped job is a no-op; uninstall stops and removes', async () => {
    const h = upstartMachine();
    const m = new UpstartManager(h, FAST);
    await m.install(cfg);
    h.calls = [];
    await m.restart(cfg);
    assert.ok(h.calls.some((c) => c.what === 'initctl start demo'));
    await m.stop(cfg);
    h.calls = [];
    await m.stop(cfg);
    assert.ok(!h.calls.some((c) => c.what === 'initctl stop demo'));
    await m.start(cfg);
    await assert.rejects(m.setEnabled(cfg, false), (e: unknown) => e instanceof ServiceError && e.code === 'ERR_UNSUPPORTED');
    await m.uninstall(cfg);
    assert.equal(h.files.size, 0);
    assert.equal((await m.status(cfg)).state, 'not-installed');
  });
});

describe('SysV and OpenRC managers: exact commands and rollback', () => {
  const cfg = resolved({ executable: '/usr/bin/node', arguments: ['x'] });

  function sysvMachine(withUpdateRcD: boolean): FakeHost {
    const h = new FakeHost();
    h.accepts.push(...INIT_COMMANDS);
    if (withUpdateRcD) h.files.set('/usr/sbin/update-rc.d', '');
    let running = false;
    h.answer = (cmd, args) => {
      if (cmd === '/etc/init.d/demo') {
        if (args[0] === 'start' || args[0] === 'restart') running = true;
        if (args[0] === 'stop') running = false;
        if (args[0] === 'status') return { code: running ? 0 : 3, stdout: '', stderr: '' };
      }
      return undefined;
    };
    return h;
  }

  it('SysV and OpenRC: enabled: false installs without links; enable / disable make and remove them', async () => {
    const off = resolved({ executable: '/usr/bin/node', enabled: false });
    const a = sysvMachine(true);
    const sysv = new SysvManager(a, FAST);
    await sysv.install(off);
    assert.ok(!a.calls.some((c) => c.what.includes('update-rc.d')));
    await sysv.setEnabled(off, true);
    await sysv.setEnabled(off, false);
    assert.deepEqual(a.calls.filter((c) => c.what.includes('update-rc.d')).map((c) => c.what), ['/usr/sbin/update-rc.d demo defaults', '/usr/sbin/update-rc.d -f demo remove']);
    const b = sysvMachine(false);
    const byHand = new SysvManager(b, FAST);
    await byHand.install(off);
    await byHand.setEnabled(off, true);
    assert.equal(b.calls.filter((c) => c.what.startsWith('ln -s ../init.d/demo')).length, 7);
    const o = new FakeHost();
    o.accepts.push(...INIT_COMMANDS);
    const openrc = new OpenrcManager(o, FAST);
    await openrc.install(off);
    assert.ok(!o.calls.some((c) => c.what.startsWith('rc-update')));
    await openrc.setEnabled(off, true);
    await openrc.setEnabled(off, false);
    assert.deepEqual(o.calls.filter((c) => c.what.startsWith('rc-update')).map((c) => c.what), ['rc-update add demo default', 'rc-update del demo default']);
  });

  it('update: unchanged is a no-op; a change is written and the running service restarted; a failing restart brings the old script back, running', async () => {
    const h = sysvMachine(true);
    const m = new SysvManager(h, FAST);
    await m.install(cfg, { start: true });
    const first = h.files.get('/etc/init.d/demo');
    assert.deepEqual(await m.update(cfg), { changed: false, restarted: false });
    const next = resolved({ executable: '/usr/bin/node', arguments: ['y'] });
    h.calls = [];
    assert.deepEqual(await m.update(next), { changed: true, restarted: true });
    assert.notEqual(h.files.get('/etc/init.d/demo'), first);
    assert.ok(h.calls.some((c) => c.what === '/etc/init.d/demo restart'));
    assert.ok(!h.calls.some((c) => c.what.includes('update-rc.d')), 'enablement untouched');
    // The new version does not come up: everything back as it was, and running.
    const updated = h.files.get('/etc/init.d/demo');
    const answer = h.answer;
    let restarts = 0;
    h.answer = (c, args) => (c === '/etc/init.d/demo' && args[0] === 'restart' && ++restarts === 1 ? { code: 1, stdout: '', stderr: 'failed' } : answer(c, args));
    await assert.rejects(m.update(resolved({ executable: '/usr/bin/node', arguments: ['z'] })), (e: unknown) => e instanceof ServiceError && e.code === 'ERR_START_FAILED');
    assert.equal(h.files.get('/etc/init.d/demo'), updated);
    assert.equal(restarts, 2, 'the old version restarted');
    assert.equal((await m.status(cfg)).state, 'running');
    // Not ours: refused.
    h.files.set('/etc/init.d/demo', '#!/bin/sh\n');
    await assert.rejects(m.update(next), (e: unknown) => e instanceof ServiceError && e.code === 'ERR_NOT_OWNED');
  });

  it('log files: a logrotate drop-in (marked, removed with the service); uninstall keeps the logs and says so, --purge removes them and their rotations only', async () => {
    const h = sysvMachine(true);
    const m = new SysvManager(h, FAST);
    await m.install(cfg);
    const drop = h.files.get('/etc/logrotate.d/servicekit-demo')!;
    assert.match(drop, /^# managed-by: servicekit \(name=demo\)\n"\/var\/log\/servicekit\/demo\.log" \{\n/);
    assert.match(drop, /^    copytruncate$/m);
    for (const f of ['demo.log', 'demo.log.1', 'demo.log.2.gz', 'demo.login', 'other.log']) h.files.set(`/var/log/servicekit/${f}`, 'x');
    const kept = await m.uninstall(cfg);
    assert.equal(h.files.has('/etc/logrotate.d/servicekit-demo'), false);
    assert.deepEqual(kept, { logs: ['/var/log/servicekit/demo.log', '/var/log/servicekit/demo.log.1', '/var/log/servicekit/demo.log.2.gz'], purged: false });
    await m.install(cfg);
    const purged = await m.uninstall(cfg, { purge: true });
    assert.equal(purged.purged, true);
    assert.deepEqual([...h.files.keys()].filter((f) => f.startsWith('/var/log/servicekit/')).sort(), ['/var/log/servicekit/demo.login', '/var/log/servicekit/other.log']);
    assert.throws(() => new SysvManager(h, FAST).render(resolved({ executable: '/usr/bin/node', logDirectory: '/var/log/a*b' })), /logrotate/);
  });

  it('update of a systemd unit that stops writing files: its logrotate drop-in goes too', async () => {
    const { SystemdManager } = await import('../../src/platforms/systemd/manager.js');
    const h = new FakeHost();
    h.accepts.push(...SYSTEMCTL_COMMANDS);
    h.answer = (cmd, args) => (cmd === 'systemctl' && args.includes('show') ? { code: 0, stdout: 'LoadState=not-found\n', stderr: '' } : undefined);
    const m = new SystemdManager(h, {}, FAST);
    await m.install(resolved({ executable: '/usr/bin/node', logOutput: true }));
    assert.ok(h.files.has('/etc/logrotate.d/servicekit-demo'));
    h.answer = (cmd, args) => (cmd === 'systemctl' && args.includes('show') ? { code: 0, stdout: 'LoadState=loaded\nActiveState=inactive\nSubState=dead\nUnitFileState=enabled\n', stderr: '' } : undefined);
    assert.deepEqual(await m.update(resolved({ executable: '/usr/bin/node' })), { changed: true, restarted: false });
    assert.equal(h.files.has('/etc/logrotate.d/servicekit-demo'), false);
    assert.ok(h.files.has('/etc/systemd/system/demo.service'));
  });

  it('SysV enables with update-rc.d, or with rc links by hand', async () => {
    const a = sysvMachine(true);
    await new SysvManager(a, FAST).install(cfg);
    assert.ok(a.calls.some((c) => c.what === '/usr/sbin/update-rc.d demo defaults'));
    const b = sysvMachine(false);
    await new SysvManager(b, FAST).install(cfg);
    for (const { link, target } of rcLinks('demo')) assert.ok(b.calls.some((c) => c.what === `ln -s ${target} ${link}`), link);
  });

  it('SysV: a failure at any step of install leaves no script behind', async () => {
    const probe = sysvMachine(true);
    await new SysvManager(probe, FAST).install(cfg, { start: true });
    for (let k = 1; k <= probe.mutationCount; k++) {
      const h = sysvMachine(true);
      h.failAt = k;
      await assert.rejects(new SysvManager(h, FAST).install(cfg, { start: true }), ServiceError);
      assert.deepEqual([...h.files.keys()], ['/usr/sbin/update-rc.d'], `step ${k}`);
    }
  });

  it('OpenRC: rc-update add on install, del on uninstall, zap when a crashed service will not stop', async () => {
    const h = new FakeHost();
    h.accepts.push(...INIT_COMMANDS);
    let crashed = false;
    h.answer = (cmd, args) => {
      if (cmd === 'rc-service' && args[1] === 'status') return { code: crashed ? 32 : 0, stdout: '', stderr: '' };
      if (cmd === 'rc-service' && args[1] === 'stop' && crashed) return { code: 1, stdout: '', stderr: '' };
      return undefined;
    };
    const m = new OpenrcManager(h, FAST);
    await m.install(cfg);
    assert.ok(h.calls.some((c) => c.what === 'rc-update add demo default'));
    crashed = true;
    assert.equal((await m.status(cfg)).state, 'failed');
    await m.uninstall(cfg);
    const cmds = h.calls.map((c) => c.what);
    assert.ok(cmds.includes('rc-service demo zap'));
    assert.ok(cmds.includes('rc-update del demo default'));
    assert.equal(h.files.size, 0);
  });

  it('refuses user services and non-root installs before writing', async () => {
    await assert.rejects(new SysvManager(sysvMachine(true), FAST).install(resolved({ userService: true })), (e: unknown) => e instanceof ServiceError && e.code === 'ERR_UNSUPPORTED');
    const h = sysvMachine(true);
    h.uid = 1000;
    await assert.rejects(new SysvManager(h, FAST).install(cfg), (e: unknown) => e instanceof ServiceError && e.code === 'ERR_PERMISSION');
    assert.equal(h.mutationCount, 0);
  });
});

describe('init scripts: the sandbox through setpriv', () => {
  it("the program's own argv is recognised behind setpriv (OpenRC's orphan check compares it with /proc/PID/cmdline)", () => {
    assert.deepEqual(programArgv(['/usr/bin/setpriv', '--no-new-privs', '--bounding-set', '-all', '/usr/bin/node', '--no-new-privs', 'x']), ['/usr/bin/node', '--no-new-privs', 'x']);
    assert.deepEqual(programArgv(['/usr/bin/setpriv', '--bounding-set', '-sys_admin,-mknod', '/bin/sleep', '5']), ['/bin/sleep', '5']);
    assert.deepEqual(programArgv(['/usr/bin/node', 'app.js']), ['/usr/bin/node', 'app.js']);
  });
});
