/**
 * End to end against a real systemd 252: sockets held by the manager (`--listen`). An HTTP service
 * that takes a second to start listening, under a client sending requests one after the other from
 * inside the container, through `restart`, `update` to a new version and a kill -9: with --listen not
 * one request fails (the socket unit holds the port; connections wait in its queue); the same
 * program installed without --listen shows refused connections under the same client (so the test
 * can fail). Also: the program that reads LISTEN_FDS itself (the three lines of docs/sockets.md), a
 * privileged port served by a service running as nobody, the socket unit's life (stop, an address
 * changed by update, uninstall), and the user manager.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CLI, Container, e2eSuiteOptions, MOUNT, waitFor } from '../harness/container.js';
import { userSystemctl, withSystemd } from './setup.js';

/** How long the program takes before it listens (an ordinary start-up: configuration, connections). */
const STARTUP_MS = 1000;

/** An HTTP server on servicekit's sockets(): its version and PID in each answer; SIGTERM closes it gracefully. */
const WITH_API = `import http from 'node:http';
import { sockets } from '${MOUNT}/dist/servicekit.js';
if (process.env.CRASH) throw new Error('this version does not start');
const [address] = JSON.parse(process.env.SERVICEKIT_LISTEN || '["8080"]');
const target = sockets()[address];
setTimeout(() => {
  const server = http.createServer((req, res) => res.end(JSON.stringify({ version: process.env.VERSION, pid: process.pid, instance: process.env.SERVICEKIT_INSTANCE })));
  server.listen(target, () => console.log('listening', JSON.stringify(target)));
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
}, ${STARTUP_MS});
`;

/** The same without servicekit: the three lines of docs/sockets.md. */
const PLAIN = `const http = require('node:http');
const fromSystemd = process.env.LISTEN_PID === String(process.pid) && Number(process.env.LISTEN_FDS) >= 1;
const target = fromSystemd ? { fd: 3 } : { port: Number(process.env.PORT) };
setTimeout(() => {
  const server = http.createServer((req, res) => res.end(JSON.stringify({ version: process.env.VERSION, pid: process.pid })));
  server.listen(target);
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
}, ${STARTUP_MS});
`;

/**
 * A client in the container: one request after the other (a new connection each) until /tmp/NAME.stop
 * exists; then prints how many succeeded and failed, the versions answered, and the first errors.
 */
const CLIENT = `const http = require('node:http');
const fs = require('node:fs');
const [port, stopFile] = [Number(process.argv[2]), process.argv[3]];
const result = { ok: 0, failed: 0, versions: {}, errors: [], pids: {} };
const once = () => new Promise((resolve) => {
  const req = http.get({ host: '127.0.0.1', port, agent: false, timeout: 15000 }, (res) => {
    let body = '';
    res.on('data', (d) => (body += d));
    res.on('end', () => { result.ok++; const { version: v, pid } = JSON.parse(body); result.versions[v] = (result.versions[v] || 0) + 1; result.pids[pid] = (result.pids[pid] || 0) + 1; resolve(); });
  });
  req.on('timeout', () => req.destroy(new Error('timeout')));
  req.on('error', (e) => { result.failed++; if (result.errors.length < 5) result.errors.push(e.code || e.message); setTimeout(resolve, 10); });
});
(async () => {
  while (!fs.existsSync(stopFile)) await once();
  console.log(JSON.stringify(result));
})();
`;

interface Hammered {
  ok: number;
  failed: number;
  versions: Record<string, number>;
  errors: string[];
  pids: Record<string, number>;
}

describe('systemd end to end: sockets held by the manager (--listen)', e2eSuiteOptions(), () => {
  let ct: Container;
  let uid = 0;
  withSystemd('sk-systemd-sock', (b) => ({ ct, uid } = b));

  const write = async (file: string, text: string) => ct.ok(['sh', '-c', `mkdir -p $(dirname ${file}) && cat > ${file}`], text);
  const get = async (port: number) => JSON.parse(await ct.ok(['node', '-e', `fetch('http://127.0.0.1:${port}/').then(async (r) => process.stdout.write(await r.text()))`])) as { version: string; pid: number };
  const refused = async (port: number) => (await ct.exec(['node', '-e', `require('node:net').connect(${port}, '127.0.0.1').on('connect', () => process.exit(0)).on('error', () => process.exit(3))`])).code === 3;

  /** Run `during` while the client sends requests to `port`; what the client saw. */
  async function hammer(name: string, port: number, during: () => Promise<void>): Promise<Hammered> {
    const stop = `/tmp/${name}.stop`;
    await write('/srv/client.js', CLIENT);
    await ct.ok(['rm', '-f', stop]);
    const client = ct.exec(['node', '/srv/client.js', String(port), stop]);
    await new Promise((r) => setTimeout(r, 300));
    await during();
    await ct.ok(['touch', stop]);
    const r = await client;
    return JSON.parse(r.stdout) as Hammered;
  }

  const mainPid = async (name: string) => Number((await ct.ok(['systemctl', 'show', '-p', 'MainPID', '--value', `${name}.service`])).trim());

  it('with --listen, restart and update to a new version fail no request and kill -9 only the one in flight (the socket is held); without it the same client sees refused connections', async () => {
    await write('/srv/web/server.mjs', WITH_API);
    const install = await ct.cli(['install', '--name', 'sk-sock', '--listen', '8080', '--env', 'VERSION=1', '--workdir', '/srv/web', '--start', '--', '/usr/bin/node', '/srv/web/server.mjs']);
    assert.equal(install.code, 0, install.stderr);
    assert.equal((await ct.ok(['systemctl', 'is-active', 'sk-sock.socket'])).trim(), 'active');
    assert.equal((await get(8080)).version, '1');
    const phases: Record<string, Hammered> = {};
    phases['restart'] = await hammer('restart', 8080, async () => {
      const first = await mainPid('sk-sock');
      assert.equal((await ct.cli(['restart', 'sk-sock'])).code, 0);
      assert.notEqual(await mainPid('sk-sock'), first, 'restarted');
      await new Promise((r) => setTimeout(r, STARTUP_MS + 500));
    });
    phases['update'] = await hammer('update', 8080, async () => {
      const update = await ct.cli(['update', 'sk-sock', '--env', 'VERSION=2']);
      assert.equal(update.code, 0, update.stderr);
      await new Promise((r) => setTimeout(r, STARTUP_MS + 500));
    });
    phases['kill'] = await hammer('kill', 8080, async () => {
      await ct.ok(['kill', '-9', String(await mainPid('sk-sock'))]);
      await new Promise((r) => setTimeout(r, 1000 + STARTUP_MS + 1000));
    });
    console.log(`with --listen: ${JSON.stringify(phases)}`);
    for (const [phase, h] of Object.entries(phases)) {
      // A kill -9 loses the request the killed process was answering (one: the client sends one at a time), never a connection.
      const lost = phase === 'kill' ? 1 : 0;
      assert.ok(h.failed <= lost, `${phase}: failed requests: ${h.errors.join(', ')}`);
      assert.ok(!h.errors.includes('ECONNREFUSED'), `${phase}: ${h.errors.join(', ')}`);
      assert.ok(h.ok > 5, `${phase}: ${h.ok} requests answered`);
    }
    assert.ok((phases['update']!.versions['2'] ?? 0) > 0 && (await get(8080)).version === '2', 'the new version answers at the end');

    // The same program, the same client, without --listen: it binds the port itself.
    await write('/srv/plain/server.js', PLAIN);
    assert.equal((await ct.cli(['install', '--name', 'sk-nosock', '--env', 'VERSION=1', '--env', 'PORT=8090', '--workdir', '/srv/plain', '--start', '--', '/usr/bin/node', '/srv/plain/server.js'])).code, 0);
    await waitFor('sk-nosock listening', async () => !(await refused(8090)));
    const bare = await hammer('bare', 8090, async () => {
      assert.equal((await ct.cli(['restart', 'sk-nosock'])).code, 0);
      await new Promise((r) => setTimeout(r, STARTUP_MS + 500));
    });
    console.log(`without --listen: ${JSON.stringify(bare)}`);
    assert.ok(bare.failed > 0, 'a restart without a held socket refuses connections');
    assert.ok(bare.errors.includes('ECONNREFUSED'), bare.errors.join(', '));
    assert.equal((await ct.cli(['uninstall', 'sk-nosock'])).code, 0);
  });

  it('a program that reads LISTEN_FDS itself (no servicekit, the three lines of docs/sockets.md) keeps serving through a restart', async () => {
    assert.equal((await ct.cli(['install', '--name', 'sk-plainsock', '--listen', '8085', '--env', 'VERSION=plain', '--workdir', '/srv/plain', '--start', '--', '/usr/bin/node', '/srv/plain/server.js'])).code, 0);
    const r = await hammer('plain', 8085, async () => {
      assert.equal((await ct.cli(['restart', 'sk-plainsock'])).code, 0);
      await new Promise((res) => setTimeout(res, STARTUP_MS + 500));
    });
    assert.equal(r.failed, 0, r.errors.join(', '));
    assert.ok(r.ok > 5);
    assert.equal((await ct.cli(['uninstall', 'sk-plainsock'])).code, 0);
  });

  it('an update that gives --listen to a running service that bound its port itself: the old process ends (it held the port), the new one serves through the socket', async () => {
    await write('/srv/plain/server.js', PLAIN);
    assert.equal((await ct.cli(['install', '--name', 'sk-later', '--env', 'VERSION=own', '--env', 'PORT=8084', '--workdir', '/srv/plain', '--start', '--', '/usr/bin/node', '/srv/plain/server.js'])).code, 0);
    await waitFor('sk-later listening', async () => !(await refused(8084)));
    const before = await mainPid('sk-later');
    const up = await ct.cli(['update', 'sk-later', '--listen', '8084', '--env', 'VERSION=held']);
    assert.equal(up.code, 0, up.stderr);
    assert.notEqual(await mainPid('sk-later'), before, 'restarted');
    assert.equal((await ct.ok(['systemctl', 'is-active', 'sk-later.socket'])).trim(), 'active');
    assert.equal((await waitFor('served through the socket', async () => get(8084).catch(() => undefined))).version, 'held');
    assert.equal((await ct.cli(['uninstall', 'sk-later'])).code, 0);
    assert.ok(await refused(8084));
  });

  it('port 80 for a service running as nobody: systemd binds it, the program serves on it', async () => {
    const r = await ct.cli(['install', '--name', 'sk-priv', '--listen', '80', '--run-as', 'nobody', '--env', 'VERSION=p', '--workdir', '/srv/web', '--start', '--', '/usr/bin/node', '/srv/web/server.mjs']);
    assert.equal(r.code, 0, r.stderr);
    const answer = await waitFor('an answer on port 80', async () => get(80).catch(() => undefined));
    assert.equal(answer.version, 'p');
    assert.match(await ct.readFile(`/proc/${answer.pid}/status`), /^Uid:\s+65534\s/m);
    assert.equal((await ct.cli(['uninstall', 'sk-priv'])).code, 0);
  });

  it('the socket unit lives with the service: stop closes it (a connection does not start the program again); an update of the address moves it; uninstall removes it', async () => {
    assert.equal((await ct.cli(['stop', 'sk-sock'])).code, 0);
    assert.ok(await refused(8080), 'stopped: the port is closed');
    assert.equal((await ct.exec(['systemctl', 'is-active', 'sk-sock.service'])).stdout.trim(), 'inactive');
    assert.equal((await ct.cli(['start', 'sk-sock'])).code, 0);
    await waitFor('serving again', async () => get(8080).catch(() => undefined));
    const moved = await ct.cli(['update', 'sk-sock', '--listen', '8081']);
    assert.equal(moved.code, 0, moved.stderr);
    assert.equal((await waitFor('serving on 8081', async () => get(8081).catch(() => undefined))).version, '2');
    assert.ok(await refused(8080), 'the old address is closed');
    assert.match(await ct.readFile('/etc/systemd/system/sk-sock.socket'), /^ListenStream=8081$/m);
    const un = await ct.cli(['uninstall', 'sk-sock']);
    assert.equal(un.code, 0, un.stderr);
    assert.equal(await ct.exists('/etc/systemd/system/sk-sock.socket'), false);
    assert.equal(await ct.exists('/etc/systemd/system/sockets.target.wants/sk-sock.socket'), false);
    assert.equal((await ct.ok(['systemctl', 'show', '-p', 'LoadState', '--value', 'sk-sock.socket'])).trim(), 'not-found');
    assert.ok(await refused(8081));
  });

  it('a failed install with --listen is undone with its socket: the port closed, the socket unit gone (enabled or not)', async () => {
    for (const enable of [[], ['--no-enable']]) {
      const r = await ct.cli(['install', '--name', 'sk-sockfail', '--listen', '8089', ...enable, '--start', '--', '/bin/sh', '-c', 'exit 3']);
      assert.equal(r.code, 1, r.stdout);
      assert.match(r.stderr, /\[ERR_START_FAILED\]/);
      assert.ok(await refused(8089), `the port is closed (${enable.join(' ') || 'enabled'})`);
      assert.notEqual((await ct.exec(['systemctl', 'is-active', 'sk-sockfail.socket'])).stdout.trim(), 'active');
      assert.equal(await ct.exists('/etc/systemd/system/sk-sockfail.socket'), false);
    }
  });

  it('install enables the socket with the service (Also=); an install over a socket unit that exists is refused, nothing written', async () => {
    assert.equal((await ct.cli(['install', '--name', 'sk-en', '--listen', '8086', '--env', 'VERSION=e', '--workdir', '/srv/web', '--', '/usr/bin/node', '/srv/web/server.mjs'])).code, 0);
    assert.equal((await ct.ok(['systemctl', 'is-enabled', 'sk-en.socket'])).trim(), 'enabled');
    assert.equal((await ct.cli(['uninstall', 'sk-en'])).code, 0);
    await write('/etc/systemd/system/sk-other.socket', '[Socket]\nListenStream=8087\n');
    await ct.ok(['systemctl', 'daemon-reload']);
    const r = await ct.cli(['install', '--name', 'sk-other', '--listen', '8087', '--', '/usr/bin/node', '/srv/web/server.mjs']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /already installed \(\/etc\/systemd\/system\/sk-other\.socket\)/);
    assert.equal(await ct.exists('/etc/systemd/system/sk-other.service'), false);
    await ct.ok(['rm', '/etc/systemd/system/sk-other.socket']);
  });

  /** Each instance's unit properties (systemctl show), in order 1..n. */
  const instanceProps = async (name: string, n: number, props: string[]) => {
    const out = await ct.ok(['systemctl', 'show', '-p', props.join(','), ...Array.from({ length: n }, (_, i) => `${name}@${i + 1}.service`)]);
    return out.split(/\n\n+/).filter((b) => b.trim()).map((b) => Object.fromEntries(b.trim().split('\n').map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)])));
  };
  const versionsOf = async (name: string, n: number) => {
    const props = await instanceProps(name, n, ['MainPID']);
    return Promise.all(props.map(async (p) => /VERSION=(\S*)/.exec((await ct.readFile(`/proc/${p['MainPID']}/environ`)).replace(/\0/g, ' '))?.[1]));
  };

  it('instances: 4 processes share the socket; a rolling update under the client fails no request, stops one instance at a time (each new one up first), and leaves all on the new version; kill -9 of one: the others serve', async () => {
    await write('/srv/web/server.mjs', WITH_API);
    const r = await ct.cli(['install', '--name', 'sk-inst', '--instances', '4', '--listen', '8070', '--env', 'VERSION=1', '--workdir', '/srv/web', '--start', '--', '/usr/bin/node', '/srv/web/server.mjs']);
    assert.equal(r.code, 0, r.stderr);
    const status = await ct.cli(['status', 'sk-inst']);
    assert.equal(status.code, 0, status.stdout);
    assert.match(status.stdout, /^sk-inst: running \(enabled, 4 instances/m);
    for (let i = 1; i <= 4; i++) assert.match(status.stdout, new RegExp(`^  sk-inst@${i}: running \\(pid \\d+`, 'm'));
    const json = JSON.parse((await ct.cli(['status', 'sk-inst', '--json'])).stdout) as { instances: { name: string; pid: number; memoryBytes: number }[] };
    assert.deepEqual(json.instances.map((x) => x.name), ['sk-inst@1', 'sk-inst@2', 'sk-inst@3', 'sk-inst@4']);
    const pidsBefore = json.instances.map((x) => x.pid);
    assert.equal(new Set(pidsBefore).size, 4);
    for (const pid of pidsBefore) assert.match(await ct.readFile(`/proc/${pid}/environ`), /\0SERVICEKIT_INSTANCE=[1-4]\0/);
    await waitFor('serving', async () => get(8070).catch(() => undefined));

    const roll = await hammer('roll', 8070, async () => {
      const up = await ct.cli(['update', 'sk-inst', '--env', 'VERSION=2']);
      assert.equal(up.code, 0, up.stderr);
    });
    console.log(`rolling update of 4 instances: ${JSON.stringify(roll)}`);
    assert.equal(roll.failed, 0, roll.errors.join(', '));
    assert.ok(roll.ok > 20 && (roll.versions['1'] ?? 0) > 0 && (roll.versions['2'] ?? 0) > 0, JSON.stringify(roll.versions));
    assert.deepEqual(await versionsOf('sk-inst', 4), ['2', '2', '2', '2']);
    // One at a time: instance i+1's old process stopped only after instance i's new one was up.
    const t = await instanceProps('sk-inst', 4, ['ActiveEnterTimestampMonotonic', 'InactiveEnterTimestampMonotonic']);
    for (let i = 0; i < 3; i++) assert.ok(Number(t[i]!['ActiveEnterTimestampMonotonic']) < Number(t[i + 1]!['InactiveEnterTimestampMonotonic']), `instance ${i + 2} stopped after ${i + 1} was up again: ${JSON.stringify(t)}`);

    const kill = await hammer('kill-one', 8070, async () => {
      const [victim] = (await instanceProps('sk-inst', 1, ['MainPID'])).map((p) => p['MainPID']!);
      await ct.ok(['kill', '-9', victim!]);
      await new Promise((res) => setTimeout(res, 1500));
    });
    assert.ok(kill.failed <= 1 && !kill.errors.includes('ECONNREFUSED'), kill.errors.join(', '));
    assert.ok(Object.keys(kill.pids).length >= 2, `the other instances answered: ${JSON.stringify(kill.pids)}`);

    // status --watch shows each instance: a kill -9 of instance 2 is pushed, then its new process.
    const log = '/tmp/sk-inst-watch.jsonl';
    const [victim] = (await instanceProps('sk-inst', 2, ['MainPID'])).map((p) => p['MainPID']!).slice(1);
    const watcher = `echo $$ > ${log}.pid; exec timeout -s INT 30 node ${CLI} status sk-inst --watch --json > ${log} 2>&1`;
    await ct.ok(['sh', '-c', `sh -c '${watcher}' & for i in $(seq 150); do [ -s ${log} ] && break; sleep 0.1; done; kill -9 ${victim}; for i in $(seq 150); do [ "$(wc -l < ${log})" -ge 3 ] && break; sleep 0.1; done; kill -INT $(cat ${log}.pid); wait`]);
    const events = (await ct.readFile(log)).trim().split('\n').map((l) => JSON.parse(l) as { state: string; instances: { name: string; pid: number | null; state: string }[] });
    const second = events.map((e) => e.instances.find((x) => x.name === 'sk-inst@2')!);
    assert.equal(String(second[0]!.pid), victim, JSON.stringify(second));
    assert.ok(second.some((x) => x.state !== 'running' || String(x.pid) !== victim), `the change of instance 2 was pushed: ${JSON.stringify(second)}`);
  });

  it('instances: a new version that does not come up stops the roll at the first instance and brings it back on the old version; the others never stopped; no request failed', async () => {
    const before = (await instanceProps('sk-inst', 4, ['MainPID'])).map((p) => p['MainPID']);
    const bad = await hammer('bad-roll', 8070, async () => {
      const up = await ct.cli(['update', 'sk-inst', '--env', 'VERSION=3', '--env', 'CRASH=1']);
      assert.equal(up.code, 1, up.stdout);
      assert.match(up.stderr, /did not start \(state: sk-inst@1\.service: .*; the roll stopped at instance 1 of 4\)/);
    });
    assert.equal(bad.failed, 0, bad.errors.join(', '));
    const after = (await instanceProps('sk-inst', 4, ['MainPID', 'ActiveState'])).map((p) => [p['MainPID'], p['ActiveState']]);
    assert.deepEqual(after.slice(1).map(([pid]) => pid), before.slice(1), 'instances 2-4 were not restarted');
    assert.ok(after.every(([, state]) => state === 'active'), JSON.stringify(after));
    assert.deepEqual(await versionsOf('sk-inst', 4), ['2', '2', '2', '2']);
    assert.doesNotMatch(await ct.readFile('/etc/systemd/system/sk-inst@.service'), /CRASH/);
    assert.match((await ct.cli(['logs', 'sk-inst', '-n', '300'])).stdout, /sk-inst@1\[\d+\]: Error: this version does not start/);
  });

  it('instances: update --instances scales (new ones started, those above stopped); stop stops all and closes the port; uninstall removes the group, the template and the socket and ends every instance', async () => {
    const up = await ct.cli(['update', 'sk-inst', '--instances', '2']);
    assert.equal(up.code, 0, up.stderr);
    assert.deepEqual((await instanceProps('sk-inst', 4, ['ActiveState'])).map((p) => p['ActiveState']), ['active', 'active', 'inactive', 'inactive']);
    assert.match((await ct.cli(['status', 'sk-inst'])).stdout, /^sk-inst: running \(enabled, 2 instances/m);
    const listed = (await ct.cli(['list'])).stdout;
    assert.match(listed, /^sk-inst: running \(enabled, 2 instances.*\n {2}sk-inst@1: running \(pid \d+.*\n {2}sk-inst@2: running \(pid \d+/m);
    const more = await ct.cli(['update', 'sk-inst', '--instances', '3']);
    assert.equal(more.code, 0, more.stderr);
    assert.deepEqual((await instanceProps('sk-inst', 3, ['ActiveState'])).map((p) => p['ActiveState']), ['active', 'active', 'active']);
    assert.match((await ct.cli(['logs', 'sk-inst', '-n', '200'])).stdout, /sk-inst@3\[\d+\]: listening/);
    assert.equal((await ct.cli(['stop', 'sk-inst'])).code, 0);
    assert.ok(await refused(8070));
    assert.deepEqual((await instanceProps('sk-inst', 3, ['ActiveState'])).map((p) => p['ActiveState']), ['inactive', 'inactive', 'inactive']);
    assert.equal((await ct.cli(['status', 'sk-inst'])).code, 3);
    assert.equal((await ct.cli(['start', 'sk-inst'])).code, 0);
    await waitFor('serving again', async () => get(8070).catch(() => undefined));
    const un = await ct.cli(['uninstall', 'sk-inst']);
    assert.equal(un.code, 0, un.stderr);
    for (const f of ['sk-inst.service', 'sk-inst@.service', 'sk-inst.socket']) assert.equal(await ct.exists(`/etc/systemd/system/${f}`), false, f);
    assert.equal((await ct.ok(['sh', '-c', 'systemctl list-units --all --plain --no-legend "sk-inst*" | wc -l'])).trim(), '0');
    assert.ok(await refused(8070));
  });

  it('instances without listen: workers, each with its number; a plain unit made instances by update, and one plain unit again by apply', async () => {
    await write('/srv/worker.sh', '#!/bin/sh\necho "worker $SERVICEKIT_INSTANCE"\nexec sleep 1000\n');
    await ct.ok(['chmod', '755', '/srv/worker.sh']);
    assert.equal((await ct.cli(['install', '--name', 'sk-work', '--start', '--', '/srv/worker.sh'])).code, 0);
    const plainPid = await mainPid('sk-work');
    const up = await ct.cli(['update', 'sk-work', '--instances', '2']);
    assert.equal(up.code, 0, up.stderr);
    assert.equal((await ct.exec(['kill', '-0', String(plainPid)])).code !== 0, true, 'the plain unit\'s process ended');
    assert.deepEqual((await instanceProps('sk-work', 2, ['ActiveState'])).map((p) => p['ActiveState']), ['active', 'active']);
    const logs = (await ct.cli(['logs', 'sk-work', '-n', '50'])).stdout;
    assert.match(logs, /worker 1/);
    assert.match(logs, /worker 2/);
    const back = await ct.cli(['update', 'sk-work', '--instances', '1']);
    assert.equal(back.code, 0, back.stderr);
    assert.deepEqual((await instanceProps('sk-work', 2, ['ActiveState'])).map((p) => p['ActiveState']), ['active', 'inactive']);
    // Without instances (an apply file that no longer lists them): one plain unit again, the template and its instance gone.
    await write('/srv/work.json', JSON.stringify({ services: [{ name: 'sk-work', executable: '/srv/worker.sh' }] }));
    const plain = await ct.cli(['apply', '/srv/work.json']);
    assert.equal(plain.code, 0, plain.stderr);
    assert.match(plain.stdout, /^updated sk-work/m);
    assert.equal(await ct.exists('/etc/systemd/system/sk-work@.service'), false);
    assert.equal((await instanceProps('sk-work', 1, ['ActiveState']))[0]!['ActiveState'], 'inactive');
    assert.ok((await mainPid('sk-work')) > 0, 'the plain unit runs the program');
    assert.match((await ct.cli(['status', 'sk-work'])).stdout, /^sk-work: running \(pid \d+/m);
    assert.equal((await ct.cli(['uninstall', 'sk-work'])).code, 0);
    assert.equal((await ct.ok(['sh', '-c', 'systemctl list-units --all --plain --no-legend "sk-work*" | wc -l'])).trim(), '0');
  });

  it('a user service of 2 instances: the user manager holds the socket through a rolling restart', async () => {
    const as = { user: 'skuser', uid };
    await ct.ok(['sh', '-c', 'chmod 755 /srv /srv/web && chmod 644 /srv/web/server.mjs']);
    const r = await ct.cli(['install', '--name', 'sk-usock', '--user', '--instances', '2', '--listen', '8088', '--env', 'VERSION=u', '--workdir', '/srv/web', '--start', '--', '/usr/bin/node', '/srv/web/server.mjs'], as);
    assert.equal(r.code, 0, r.stderr);
    assert.equal((await ct.ok(userSystemctl(uid, ['is-active', 'sk-usock.socket', 'sk-usock@1.service', 'sk-usock@2.service']))).trim(), 'active\nactive\nactive');
    assert.match((await ct.cli(['status', 'sk-usock', '--user'], as)).stdout, /^sk-usock: running \(enabled, 2 instances/m);
    const h = await hammer('user', 8088, async () => {
      assert.equal((await ct.cli(['restart', 'sk-usock', '--user'], as)).code, 0);
      await new Promise((res) => setTimeout(res, STARTUP_MS + 500));
    });
    assert.equal(h.failed, 0, h.errors.join(', '));
    assert.equal((await ct.cli(['uninstall', 'sk-usock', '--user'], as)).code, 0);
    assert.ok(await refused(8088));
  });
});
