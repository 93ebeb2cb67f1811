/** launchd: plists parsed back by an independent parser (Python's plistlib), and the exact launchctl calls. */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync, writeSync } from 'node:fs';
import os from 'node:os';
import { gunzipSync } from 'node:zlib';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { Config } from '../../src/config.js';
import { InvalidConfigError, NotInstalledError, NotOwnedError, ServiceError, StartFailedError } from '../../src/errors.js';
import { LaunchdManager } from '../../src/platforms/launchd/manager.js';
import { parsePrint, stateFromPrint } from '../../src/platforms/launchd/parse.js';
import { renderPlist } from '../../src/platforms/launchd/render.js';
import { ROTATE_SCRIPT } from '../../src/platforms/launchd/rotation.js';
import { ROTATE_KEEP } from '../../src/platforms/shared/logrotate.js';
import { FAST, FakeHost, hostileStrings, resolved } from './helpers.js';

/** Parse plists with Python's plistlib: an implementation independent of the one that wrote them. */
function plistlib(docs: string[]): unknown[] {
  const py = 'import json,plistlib,sys\nprint(json.dumps([plistlib.loads(d.encode()) for d in json.load(sys.stdin)]))';
  return JSON.parse(execFileSync('python3', ['-c', py], { input: JSON.stringify(docs), encoding: 'utf8' })) as unknown[];
}

const PRINTABLE = [..." \t\n'\"\\$`%;&|*?~<>!#(){}[]=,-_.:/aZ09&", 'ü', '€', '日', '😀', ']]>', '<!--', '&amp;'];
const printable = (n: number) => hostileStrings(n, PRINTABLE, 777, 20);

describe('launchd plists, parsed back by plistlib', () => {
  it('renders 60 configs whose every value comes back exactly', () => {
    const strings = [...printable(240)];
    const configs: Array<Partial<Config>> = [];
    for (let i = 0; i < 60; i++) {
      const pick = (k: number) => strings[(i * 4 + k) % strings.length]!;
      configs.push({
        executable: '/usr/local/bin/node',
        arguments: [pick(0), pick(1), pick(2)],
        env: { A: pick(3), B_2: pick(1) },
        restart: (['always', 'on-failure', 'no'] as const)[i % 3]!,
        restartSec: i % 7,
        userService: i % 2 === 0,
        ...(i % 2 === 1 ? { userName: '_www' } : {}),
        launchd: { runAtLoad: i % 4 !== 0, sessionCreate: i % 5 === 0 },
      });
    }
    const rendered = configs.map((c) => resolved(c));
    const parsed = plistlib(rendered.map(renderPlist)) as Array<Record<string, unknown>>;
    parsed.forEach((p, i) => {
      const c = rendered[i]!;
      assert.equal(p['Label'], 'demo');
      assert.deepEqual(p['ProgramArguments'], [c.executable, ...c.arguments]);
      assert.deepEqual(p['EnvironmentVariables'], c.env);
      assert.equal(p['WorkingDirectory'], c.workingDirectory);
      assert.equal(p['RunAtLoad'], c.launchd.runAtLoad);
      assert.deepEqual(p['KeepAlive'], c.restart === 'always' ? true : c.restart === 'on-failure' ? { SuccessfulExit: false } : false);
      assert.equal(p['ThrottleInterval'], Math.max(1, c.restartSec));
      assert.equal(p['ExitTimeOut'], 30);
      assert.equal(p['StandardOutPath'], `${c.logDirectory}/demo.out.log`);
      assert.equal(p['StandardErrorPath'], `${c.logDirectory}/demo.err.log`);
      assert.equal(p['UserName'], c.userName);
      assert.equal(p['SessionCreate'], c.launchd.sessionCreate ? true : undefined);
    });
  });

  it('refuses what a plist cannot hold, and UserName for agents', () => {
    for (const bad of ['a\rb', 'bell\x07', 'nul\0']) {
      assert.throws(() => renderPlist(resolved({ arguments: [bad] })), (e: unknown) => e instanceof ServiceError && e.code === 'ERR_INVALID_CONFIG', JSON.stringify(bad));
    }
    assert.throws(() => renderPlist({ ...resolved(), userService: true, userName: 'bob' }), InvalidConfigError);
  });
});

// `launchctl print` output in the format of a public capture (OS X 10.10, boxen/puppet-boxen#104; the same
// fields on later versions), endpoint blocks left out. Not a recording of ours: there is no Mac here.
const PRINT_RUNNING = `system/demo = {
\tactive count = 1
\tpath = /Library/LaunchDaemons/demo.plist
\tstate = running

\tprogram = /usr/local/bin/node
\targuments = {
\t\t/usr/local/bin/node
\t\t/srv/app.js
\t}

\tworking directory = /srv

\tstdout path = /var/log/demo.out.log
\tstderr path = /var/log/demo.err.log
\tenvironment = {
\t\tXPC_SERVICE_NAME => demo
\t}

\tdomain = com.apple.xpc.launchd.domain.system
\tminimum runtime = 10
\texit timeout = 30
\truns = 1
\tpid = 4242
\timmediate reason = speculative
\tforks = 0
\texecs = 1
\ttrampolined = 1
\tlast exit code = (never exited)
}
`;
const PRINT_STOPPED = PRINT_RUNNING.replace('state = running', 'state = not running').replace('\tpid = 4242\n', '').replace('(never exited)', '0');
const PRINT_CRASHED = PRINT_STOPPED.replace('last exit code = 0', 'last exit code = 1');
const NOT_FOUND = { code: 113, stdout: '', stderr: 'Could not find service "demo" in domain for system\n' };

describe('launchctl print parsing', () => {
  it('reads state and pid from the service block only', () => {
    const p = parsePrint(PRINT_RUNNING);
    assert.equal(p['state'], 'running');
    assert.equal(p['XPC_SERVICE_NAME => demo'], undefined);
    assert.deepEqual(stateFromPrint(p), { state: 'running', pid: 4242 });
    assert.deepEqual(stateFromPrint(parsePrint(PRINT_STOPPED)), { state: 'stopped' });
    assert.deepEqual(stateFromPrint(parsePrint(PRINT_CRASHED)), { state: 'failed' });
  });
});

type JobState = 'absent' | 'running' | 'stopped' | 'exiting';

/** launchctl bootstrap's refusal while a label is still registered (or disabled), as users report it (tomcounsell/ai#2013, pirj/noclamshell#25). */
const BOOTSTRAP_EIO = { code: 5, stdout: '', stderr: 'Bootstrap failed: 5: Input/output error\nTry re-running the command as root for richer errors.\n' };
/** How many `print`s a booted-out job still answers while it drains (launchd removes the label once the process has exited). */
const DRAIN_PRINTS = 2;

/**
 * A recorded launchctl that behaves as launchd does, not as the happy path: checks each argv against
 * what launchd would accept and replays real outputs, per job (the service's, "demo", is `job`; its
 * log rotation job is another). As launchd does:
 * - `bootout` returns while the job is still exiting: the label stays registered for a while
 *   (DRAIN_PRINTS prints here), and a `bootstrap` meanwhile is refused with EIO (5) — the best-known
 *   launchctl failure (tomcounsell/ai#2013; DeterminateSystems/nix-installer#1146);
 * - a disabled label is refused by `bootstrap` (5) until `launchctl enable`; `print-disabled` lists
 *   it as `"label" => true` (the format roblav96/dotfiles' launchctl.sh parses);
 * - `runs` counts the job's starts (launchctl print's field, seen in boxen/puppet-boxen#104's
 *   capture), and with `crashLoop` launchd restarts the job between two prints.
 */
function mac(version = '14.5'): FakeHost & { job: JobState; jobs: Map<string, JobState>; disabled: Set<string>; crashLoop: boolean; refusedBootstraps: number } {
  const h = new FakeHost() as FakeHost & { job: JobState; jobs: Map<string, JobState>; disabled: Set<string>; crashLoop: boolean; refusedBootstraps: number };
  h.jobs = new Map();
  h.disabled = new Set();
  h.crashLoop = false;
  h.refusedBootstraps = 0;
  const runs = new Map<string, number>();
  const draining = new Map<string, number>();
  Object.defineProperty(h, 'job', { get: () => h.jobs.get('demo') ?? 'absent', set: (v: JobState) => h.jobs.set('demo', v) });
  // A target is DOMAIN/LABEL (modern verbs) or the label (legacy list/start); a plist path names its label.
  const label = (arg: string) => (arg.endsWith('.plist') ? path.basename(arg, '.plist') : arg.slice(arg.lastIndexOf('/') + 1));
  const state = (arg: string) => h.jobs.get(label(arg)) ?? 'absent';
  const run = (l: string) => {
    h.jobs.set(l, 'running');
    runs.set(l, (runs.get(l) ?? 0) + 1);
  };
  const printOf = (l: string): string => {
    const st = h.jobs.get(l)!;
    if (st === 'exiting') {
      const left = (draining.get(l) ?? 0) - 1;
      draining.set(l, left);
      if (left <= 0) h.jobs.set(l, 'absent');
    } else if (st === 'running' && h.crashLoop && l === 'demo') {
      runs.set(l, (runs.get(l) ?? 0) + 1); // died and was started again since the last look
    }
    const text = (st === 'running' ? PRINT_RUNNING : PRINT_STOPPED).replaceAll('demo', l);
    return text.replace('runs = 1', `runs = ${runs.get(l) ?? 0}`);
  };
  h.answer = (cmd, args) => {
    if (cmd === '/usr/bin/sw_vers') return { code: 0, stdout: `${version}\n`, stderr: '' };
    assert.equal(cmd, '/bin/launchctl');
    const [verb, ...rest] = args;
    const target = rest[rest.length - 1] ?? '';
    const ok = { code: 0, stdout: '', stderr: '' };
    switch (verb) {
      case 'print': {
        const l = label(target);
        if (state(target) === 'absent') return { ...NOT_FOUND, stderr: NOT_FOUND.stderr.replace('demo', l) };
        return { code: 0, stdout: printOf(l), stderr: '' };
      }
      case 'print-disabled':
        return { code: 0, stdout: `disabled services = {\n${[...h.disabled].map((l) => `\t"${l}" => true\n`).join('')}}\n`, stderr: '' };
      case 'list':
        return state(target) === 'absent' ? { code: 113, stdout: '', stderr: '' } : { code: 0, stdout: '{}', stderr: '' };
      case 'bootstrap':
      case 'load': {
        const l = label(target);
        if (verb === 'bootstrap' && (state(target) !== 'absent' || h.disabled.has(l))) {
          h.refusedBootstraps += 1;
          return BOOTSTRAP_EIO;
        }
        // A job with RunAtLoad runs at once; the rotation job waits for its interval.
        if (l.startsWith('servicekit-logrotate@')) h.jobs.set(l, 'stopped');
        else run(l);
        return ok;
      }
      case 'bootout':
        h.jobs.set(label(target), 'exiting');
        draining.set(label(target), DRAIN_PRINTS);
        return ok;
      case 'unload':
        h.jobs.set(label(target), 'absent');
        return ok;
      case 'kickstart':
      case 'start':
        run(label(target));
        return ok;
      case 'enable':
        h.disabled.delete(label(target));
        return ok;
      case 'disable':
        h.disabled.add(label(target));
        return ok;
      case 'stop':
        return ok;
      default:
        throw new Error(`unexpected launchctl ${verb} ${rest.join(' ')}`);
    }
  };
  return h;
}

describe('launchd manager against a recorded launchctl', () => {
  const daemon = resolved({ executable: '/usr/bin/node', arguments: ['x'] });
  const agent = resolved({ executable: '/usr/bin/node', userService: true });
  const calls = (h: FakeHost) => h.calls.map((c) => `${c.kind} ${c.what}`);

  it('restart waits for launchd to let go of the label after bootout, instead of a bootstrap it would refuse (EIO)', async () => {
    const h = mac();
    const m = new LaunchdManager(h, {}, FAST);
    await m.install(daemon, { start: true });
    h.calls = [];
    await m.restart(daemon);
    assert.equal(h.refusedBootstraps, 0, 'no bootstrap while the label was still registered');
    const seq = calls(h);
    const out = seq.indexOf('exec /bin/launchctl bootout system/demo');
    const boot = seq.indexOf('exec /bin/launchctl bootstrap system /Library/LaunchDaemons/demo.plist');
    assert.ok(out >= 0 && boot > out && seq.slice(out, boot).filter((c) => c === 'exec /bin/launchctl print system/demo').length >= DRAIN_PRINTS, seq.join('\n'));
    assert.equal(h.job, 'running');
  });

  it('a bootstrap launchd refuses for a moment (EIO while the label drains) is tried again', async () => {
    const h = mac();
    const m = new LaunchdManager(h, {}, FAST);
    await m.install(daemon, { start: true });
    await m.stop(daemon);
    // launchd still holds the label although print no longer shows it: the next two bootstraps are refused.
    let refuse = 2;
    const answer = h.answer;
    h.answer = (cmd, args) => (args[0] === 'bootstrap' && refuse-- > 0 ? (h.refusedBootstraps++, BOOTSTRAP_EIO) : answer(cmd, args));
    await m.start(daemon);
    assert.equal(h.refusedBootstraps, 2);
    assert.equal(h.job, 'running');
  });

  it('a disabled job is not unloaded by restart (launchd would refuse to load it again): a clear error, the job still loaded', async () => {
    const h = mac();
    const m = new LaunchdManager(h, {}, FAST);
    await m.install(daemon, { start: true });
    await m.setEnabled(daemon, false);
    await assert.rejects(m.restart(daemon), (e: unknown) => e instanceof StartFailedError && /disabled; launchd loads no disabled job: servicekit enable demo first/.test(e.message));
    assert.equal(h.job, 'running', 'still loaded and running');
    assert.ok(!calls(h).includes('exec /bin/launchctl bootout system/demo'));
    await m.setEnabled(daemon, true);
    await m.restart(daemon);
    assert.equal(h.job, 'running');
  });

  it('a job launchd keeps restarting within the settle window is a failed start (runs counted)', async () => {
    const h = mac();
    const m = new LaunchdManager(h, {}, { settleMs: 300 });
    await m.install(daemon, { start: true });
    h.crashLoop = true;
    await assert.rejects(m.restart(daemon), (e: unknown) => e instanceof StartFailedError && /restarted within 300 ms/.test(e.message));
    h.crashLoop = false;
    await m.restart(daemon);
  });

  it('installs a daemon: write 0644, enable, bootstrap; exact argv', async () => {
    const h = mac();
    await new LaunchdManager(h, { HOME: '/Users/alice' }, FAST).install(daemon, { start: true });
    assert.deepEqual(calls(h), [
      'exec /usr/bin/sw_vers -productVersion',
      'exec /bin/launchctl print system/demo',
      'mkdir /Library/LaunchDaemons',
      'mkdir /var/lib/servicekit',
      'mkdir /var/log/servicekit',
      'write /Library/LaunchDaemons/demo.plist',
      'write /Library/LaunchDaemons/servicekit-logrotate@demo.plist',
      'write /var/lib/servicekit/demo.json',
      'exec /bin/launchctl enable system/demo',
      'exec /bin/launchctl bootstrap system /Library/LaunchDaemons/demo.plist',
      'exec /bin/launchctl bootstrap system /Library/LaunchDaemons/servicekit-logrotate@demo.plist',
      'exec /bin/launchctl print system/demo',
      'exec /bin/launchctl kickstart system/demo',
      'exec /bin/launchctl print system/demo',
    ]);
  });

  it("credentials: copied at install into the service's own directory (the account's, 0700; each file 0400), named in the plist as CREDENTIALS_DIRECTORY; a rotated secret is an update (copied anew, restarted), shown as a secret in the plan; uninstall removes the copies", async () => {
    const h = mac();
    const launchctl = h.answer;
    h.answer = (cmd, args) => (cmd === 'id' ? { code: 0, stdout: 'uid=70(www) gid=71(www) groups=71(www)\n', stderr: '' } : launchctl(cmd, args));
    h.files.set('/etc/app/token', 's3cret\n');
    const cfg = resolved({ executable: '/usr/bin/node', arguments: ['x'], userName: 'www', credentials: { token: '/etc/app/token' } });
    const m = new LaunchdManager(h, {}, FAST);
    await m.install(cfg, { start: true });
    const dir = '/var/lib/servicekit/credentials/demo';
    assert.equal(h.files.get(`${dir}/token`), 's3cret\n');
    assert.equal(h.modes.get(`${dir}/token`), 0o400);
    assert.equal(h.owners.get(`${dir}/token`), '70:71');
    assert.equal(h.owners.get(dir), '70:71', 'the directory is handed to the account last');
    const calls = h.calls.map((c) => `${c.kind} ${c.what}`);
    assert.ok(calls.indexOf(`chown ${dir}`) > calls.indexOf(`write ${dir}/token`));
    assert.match(h.files.get('/Library/LaunchDaemons/demo.plist')!, /<key>CREDENTIALS_DIRECTORY<\/key>\s*<string>\/var\/lib\/servicekit\/credentials\/demo<\/string>/);
    assert.deepEqual(await m.update(cfg), { changed: false, restarted: false });
    h.files.set('/etc/app/token', 'rotated\n');
    assert.deepEqual((await m.plan(cfg)).changes, [{ path: dir, secret: true }]);
    assert.deepEqual(await m.update(cfg), { changed: true, restarted: true });
    assert.equal(h.files.get(`${dir}/token`), 'rotated\n');
    await m.uninstall(cfg);
    assert.deepEqual([...h.files.keys()].filter((f) => f.startsWith(dir)), []);
  });

  it('installs an agent in gui/UID from ~/Library/LaunchAgents', async () => {
    const h = mac();
    h.uid = 501;
    await new LaunchdManager(h, { HOME: '/Users/alice' }, FAST).install(agent);
    assert.ok(h.files.has('/Users/alice/Library/LaunchAgents/demo.plist'));
    assert.ok(calls(h).includes('exec /bin/launchctl bootstrap gui/501 /Users/alice/Library/LaunchAgents/demo.plist'));
  });

  it('status: not installed, running with pid, stopped after stop (bootout), running again after restart', async () => {
    const h = mac();
    const m = new LaunchdManager(h, {}, FAST);
    assert.equal((await m.status(daemon)).state, 'not-installed');
    await m.install(daemon);
    const st = await m.status(daemon);
    assert.deepEqual([st.state, st.pid], ['running', 4242]);
    await m.stop(daemon);
    assert.ok(calls(h).includes('exec /bin/launchctl bootout system/demo'));
    assert.equal((await m.status(daemon)).state, 'stopped');
    h.calls = [];
    await m.restart(daemon); // from stopped: bootstrap again, then kickstart
    assert.deepEqual(calls(h).filter((c) => !c.includes(' print ')), [
      'exec /bin/launchctl print-disabled system',
      'exec /bin/launchctl bootstrap system /Library/LaunchDaemons/demo.plist',
      'exec /bin/launchctl kickstart system/demo',
    ]);
    h.calls = [];
    await m.restart(daemon); // running: unloaded and loaded again, so that it runs the plist as it is now
    assert.deepEqual(calls(h).filter((c) => !c.includes(' print ')), [
      'exec /bin/launchctl print-disabled system',
      'exec /bin/launchctl bootout system/demo',
      'exec /bin/launchctl bootstrap system /Library/LaunchDaemons/demo.plist',
      'exec /bin/launchctl kickstart system/demo',
    ]);
    await m.uninstall(daemon);
    assert.equal(h.files.size, 0);
    await assert.rejects(m.uninstall(daemon), NotInstalledError);
  });

  it('a failure at any install step leaves no plist and nothing loaded', async () => {
    const probe = mac();
    await new LaunchdManager(probe, {}, FAST).install(daemon, { start: true });
    for (let k = 1; k <= probe.mutationCount; k++) {
      const h = mac();
      h.failAt = k;
      await assert.rejects(new LaunchdManager(h, {}, FAST).install(daemon, { start: true }), ServiceError, `step ${k}`);
      assert.equal(h.files.size, 0, `plist left at step ${k}`);
      assert.deepEqual([...h.jobs].filter(([, st]) => st !== 'absent'), [], `job left loaded at step ${k}`);
    }
  });

  it('log rotation: a job of its own, loaded with the service, unloaded and removed with it; another account\'s file in its place is refused', async () => {
    const h = mac();
    const m = new LaunchdManager(h, {}, FAST);
    await m.install(daemon);
    const file = '/Library/LaunchDaemons/servicekit-logrotate@demo.plist';
    const [job] = plistlib([h.files.get(file)!]) as Array<Record<string, unknown>>;
    assert.equal(job!['Label'], 'servicekit-logrotate@demo');
    assert.equal(job!['StartInterval'], 3600);
    assert.deepEqual((job!['ProgramArguments'] as string[]).slice(3), ['servicekit-logrotate', '5', '20480', '/var/log/servicekit/demo.out.log', '/var/log/servicekit/demo.err.log']);
    assert.equal(h.jobs.get('servicekit-logrotate@demo'), 'stopped');
    // Not listed as a service (no service name holds "@").
    assert.deepEqual((await m.list(false)).map((s) => s.name), ['demo']);
    h.calls = [];
    await m.uninstall(daemon);
    assert.ok(calls(h).includes('exec /bin/launchctl bootout system/servicekit-logrotate@demo'));
    assert.equal(h.jobs.get('servicekit-logrotate@demo'), 'absent');
    assert.equal(h.files.has(file), false);
    await m.install(daemon);
    h.files.set(file, h.files.get(file)!.replace(/<!-- managed-by[^>]*-->/, ''));
    await assert.rejects(m.uninstall(daemon), NotOwnedError);
    assert.equal(h.job, 'running', 'nothing touched');
  });

  it('enable / disable: launchctl enable|disable of the job (it stays loaded); enabled: false is refused at install', async () => {
    const h = mac();
    const m = new LaunchdManager(h, {}, FAST);
    await m.install(daemon);
    h.calls = [];
    await m.setEnabled(daemon, false);
    await m.setEnabled(daemon, true);
    assert.deepEqual(calls(h).filter((c) => !c.includes(' print ')), ['exec /bin/launchctl disable system/demo', 'exec /bin/launchctl enable system/demo']);
    assert.equal(m.support.why['enabled=false'] !== undefined, true);
  });

  it('update: the plist rewritten, the running job unloaded and loaded again; unchanged is a no-op; a failure at any step brings the old plist back, loaded', async () => {
    const h = mac();
    const m = new LaunchdManager(h, {}, FAST);
    await m.install(daemon);
    const old = h.files.get('/Library/LaunchDaemons/demo.plist')!;
    const next = resolved({ executable: '/usr/bin/node', arguments: ['y', 'two words'] });
    h.calls = [];
    assert.deepEqual(await m.update(next), { changed: true, restarted: true });
    assert.match(h.files.get('/Library/LaunchDaemons/demo.plist')!, /<string>two words<\/string>/);
    assert.deepEqual(calls(h).filter((c) => !c.includes(' print ')), [
      'mkdir /var/lib/servicekit',
      'write /Library/LaunchDaemons/demo.plist',
      'write /var/lib/servicekit/demo.json',
      'exec /bin/launchctl bootout system/servicekit-logrotate@demo',
      'exec /bin/launchctl bootstrap system /Library/LaunchDaemons/servicekit-logrotate@demo.plist',
      'exec /bin/launchctl print-disabled system',
      'exec /bin/launchctl bootout system/demo',
      'exec /bin/launchctl bootstrap system /Library/LaunchDaemons/demo.plist',
      'exec /bin/launchctl kickstart system/demo',
    ]);
    assert.deepEqual(await m.update(next), { changed: false, restarted: false });
    const probe = mac();
    const pm = new LaunchdManager(probe, {}, FAST);
    await pm.install(daemon);
    const before = probe.mutationCount;
    await pm.update(next);
    for (let k = before + 1; k <= probe.mutationCount; k++) {
      const f = mac();
      const fm = new LaunchdManager(f, {}, FAST);
      await fm.install(daemon);
      f.failAt = k;
      await assert.rejects(fm.update(next), ServiceError, `step ${k}`);
      assert.equal(f.files.get('/Library/LaunchDaemons/demo.plist'), old, `old plist back after a failure at step ${k}`);
      f.failAt = undefined;
      assert.equal(f.job, 'running', `loaded and running after a failure at step ${k}`);
      assert.equal(f.jobs.get('servicekit-logrotate@demo'), 'stopped', `the rotation job loaded after a failure at step ${k}`);
    }
  });

  it('uninstall by name finds the logs where the service was installed to write them (its stored configuration): kept and named, or purged', async () => {
    for (const purge of [false, true]) {
      const h = mac();
      const m = new LaunchdManager(h, {}, FAST);
      await m.install(resolved({ executable: '/usr/bin/node', logDirectory: '/var/log/demo-logs' }));
      for (const f of ['demo.out.log', 'demo.out.log.1.gz', 'demo.err.log', 'other.log']) h.files.set(`/var/log/demo-logs/${f}`, 'x');
      const r = await m.uninstall(resolved({ name: 'demo' }), { purge });
      assert.deepEqual(r.logs, ['/var/log/demo-logs/demo.err.log', '/var/log/demo-logs/demo.out.log', '/var/log/demo-logs/demo.out.log.1.gz']);
      assert.equal(h.files.has('/var/log/demo-logs/demo.out.log.1.gz'), !purge);
      assert.ok(h.files.has('/var/log/demo-logs/other.log'), 'not the service\'s');
    }
  });

  it('uses load -w / unload -w on macOS before 10.10', async () => {
    const h = mac('10.9.5');
    const m = new LaunchdManager(h, {}, FAST);
    await m.install(daemon);
    await m.uninstall(daemon);
    const c = calls(h);
    assert.ok(c.includes('exec /bin/launchctl load -w /Library/LaunchDaemons/demo.plist'));
    assert.ok(c.includes('exec /bin/launchctl unload -w /Library/LaunchDaemons/demo.plist'));
    assert.ok(!c.some((x) => / (bootstrap|bootout|print|enable) /.test(x)));
  });
});

/** The rotation script, run for real by the POSIX shells here (macOS's /bin/sh is bash in POSIX mode), on files a writer holds open for appending as launchd does. */
describe('launchd log rotation script, run by real shells', () => {
  const shells = [['dash'], ['bash', '--posix']].filter(([sh]) => spawnSync(sh!, ['-c', 'true']).status === 0);
  for (const shell of shells) {
    it(`${shell.join(' ')}: a file past the size is copied, gzipped and emptied in place; older copies shift and only ${ROTATE_KEEP} stay; a small file and a link are left`, () => {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'sk-rotate-'));
      try {
        const log = path.join(dir, 'demo.out.log');
        const small = path.join(dir, 'demo.err.log');
        const link = path.join(dir, 'link.log');
        writeFileSync(small, 'small\n');
        const target = path.join(dir, 'target');
        writeFileSync(target, 'x'.repeat(4096));
        symlinkSync(target, link);
        const fd = openSync(log, 'a'); // O_APPEND, as launchd opens StandardOutPath
        const rotate = () => execFileSync(shell[0]!, [...shell.slice(1), '-c', ROTATE_SCRIPT, 'servicekit-logrotate', String(ROTATE_KEEP), '1', log, small, link]);
        for (let round = 1; round <= ROTATE_KEEP + 2; round++) {
          writeSync(fd, `round ${round}\n`.padEnd(1024, '.') + '\n');
          rotate();
          assert.equal(statSync(log).size, 0, 'emptied in place');
          assert.match(gunzipSync(readFileSync(`${log}.1.gz`)).toString(), new RegExp(`^round ${round}\n`));
        }
        writeSync(fd, 'after\n');
        closeSync(fd);
        // The writer's next line lands at the start of the emptied file, not after a hole.
        assert.equal(readFileSync(log, 'utf8'), 'after\n');
        const copies = readdirSync(dir).filter((f) => f.startsWith('demo.out.log.')).sort();
        assert.deepEqual(copies, Array.from({ length: ROTATE_KEEP }, (_, i) => `demo.out.log.${i + 1}.gz`));
        assert.match(gunzipSync(readFileSync(`${log}.${ROTATE_KEEP}.gz`)).toString(), new RegExp(`^round 3\n`), 'the oldest kept');
        assert.equal(readFileSync(small, 'utf8'), 'small\n');
        assert.equal(readFileSync(target, 'utf8').length, 4096, 'a link is not followed');
        assert.ok(!readdirSync(dir).some((f) => f.startsWith('link.log.') || f.startsWith('demo.err.log.')));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});
