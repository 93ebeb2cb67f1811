/**
 * listen and sockets(): the addresses checked, the socket unit and launchd's Sockets rendered, and
 * the program's side: systemd's descriptors (sd_listen_fds' rules), launchd's (recorded answers of
 * launch_activate_socket), binding itself elsewhere; and a real descriptor passed to a real process.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { InvalidArgumentError, InvalidConfigError } from '../../src/errors.js';
import { bindTarget, checkListen, LISTEN_VAR } from '../../src/listen.js';
import { launchdJob } from '../../src/platforms/launchd/render.js';
import { renderFiles } from '../../src/platforms/systemd/render.js';
import { launchdSockets } from '../../src/platforms/launchd/sockets.js';
import { systemdSockets, type ListenSystem } from '../../src/platforms/systemd/listen-fds.js';
import { sockets } from '../../src/run/sockets.js';
import { resolved } from './helpers.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

describe('listen: the addresses', () => {
  it('takes a port, IPv4:PORT, [IPv6]:PORT and a socket path; one address alone is a list', () => {
    assert.deepEqual(checkListen('listen', ['8080', '127.0.0.1:80', '[::1]:443', '[::]:8443', '/run/app.sock']), ['8080', '127.0.0.1:80', '[::1]:443', '[::]:8443', '/run/app.sock']);
    assert.deepEqual(checkListen('listen', '9000'), ['9000']);
  });

  for (const bad of ['0', '65536', 'localhost:80', 'example.com:80', '::1:80', '[::1]', '1.2.3:80', '8080 ', 'run/app.sock', '/run/a b.sock', '/run/a\nb', `/${'x'.repeat(107)}`, '/run/dir/', '', 8080]) {
    it(`refuses ${JSON.stringify(bad)}, naming the field`, () => {
      assert.throws(() => checkListen('listen', [bad]), (e: unknown) => e instanceof InvalidConfigError && e.field === 'listen[0]');
    });
  }

  it('refuses an address twice, and SERVICEKIT_LISTEN given as a variable beside it', () => {
    assert.throws(() => checkListen('listen', ['80', '80']), /listed twice/);
    assert.throws(() => resolved({ listen: ['80'], env: { [LISTEN_VAR]: 'x' } }), /is set from listen/);
  });

  it('reach the program in order as SERVICEKIT_LISTEN (a JSON array), on every platform (it is in env)', () => {
    assert.equal(resolved({ listen: ['8080', '/run/a.sock'] }).env[LISTEN_VAR], '["8080","/run/a.sock"]');
    assert.equal(resolved({}).env[LISTEN_VAR], undefined);
  });
});

describe('listen under systemd: NAME.socket beside NAME.service', () => {
  const files = renderFiles(resolved({ name: 'web', listen: ['8080', '127.0.0.1:9090', '[::1]:9091', '/run/web%1.sock'], userService: false }), {});
  const [service, socket] = files;

  it('the socket unit: each address a ListenStream= line in order, specifiers escaped, the mark, enabled by sockets.target', () => {
    assert.equal(socket?.path, '/etc/systemd/system/web.socket');
    const lines = socket!.content.split('\n');
    assert.deepEqual(lines.filter((l) => l.startsWith('ListenStream=')), ['ListenStream=8080', 'ListenStream=127.0.0.1:9090', 'ListenStream=[::1]:9091', 'ListenStream=/run/web%%1.sock']);
    assert.ok(lines.includes('FileDescriptorName=web'));
    assert.ok(lines.includes('RemoveOnStop=yes'), 'a socket file is removed when the socket stops');
    assert.ok(lines.includes('WantedBy=sockets.target'));
    assert.match(socket!.content, /managed-by: servicekit \(name=web\)/);
  });

  it('the service requires it, starts after it, and enables it with itself (Also=)', () => {
    const lines = service!.content.split('\n');
    for (const l of ['Requires=web.socket', 'After=web.socket', 'Also=web.socket']) assert.ok(lines.includes(l), l);
    assert.ok(lines.includes('Environment="SERVICEKIT_LISTEN=[\\"8080\\",\\"127.0.0.1:9090\\",\\"[::1]:9091\\",\\"/run/web%%1.sock\\"]"'), service!.content);
  });

  it('no listen: no socket unit, no line about one', () => {
    const plain = renderFiles(resolved({ name: 'web', userService: false }), {});
    assert.equal(plain.length, 1);
    assert.doesNotMatch(plain[0]!.content, /socket/);
  });
});

describe('listen under launchd: the job\'s Sockets, named by address', () => {
  it('a port alone is IPv4v6; a host its family; a path a Unix socket', () => {
    const job = launchdJob(resolved({ name: 'web', listen: ['8080', '127.0.0.1:9090', '[::1]:9091', '/var/run/web.sock'] }));
    assert.deepEqual(job['Sockets'], {
      '8080': { SockType: 'stream', SockPassive: true, SockFamily: 'IPv4v6', SockServiceName: '8080' },
      '127.0.0.1:9090': { SockType: 'stream', SockPassive: true, SockFamily: 'IPv4', SockServiceName: '9090', SockNodeName: '127.0.0.1' },
      '[::1]:9091': { SockType: 'stream', SockPassive: true, SockFamily: 'IPv6', SockServiceName: '9091', SockNodeName: '::1' },
      '/var/run/web.sock': { SockType: 'stream', SockPassive: true, SockFamily: 'Unix', SockPathName: '/var/run/web.sock' },
    });
  });
});

/** A process as systemd starts it: the descriptors made close-on-exec are recorded. */
function started(env: NodeJS.ProcessEnv): ListenSystem & { cloexec: number[] } {
  const cloexec: number[] = [];
  return { env, pid: 4242, closeOnExec: (fd) => cloexec.push(fd), cloexec };
}

describe('sockets(): what the program gets', () => {
  it("systemd's descriptors for this PID, by address in order; its variables gone, each descriptor close-on-exec", () => {
    const env = { LISTEN_PID: '4242', LISTEN_FDS: '2', LISTEN_FDNAMES: 'web:web', KEEP: '1' };
    const sys = started(env);
    assert.deepEqual(systemdSockets(['8080', '/run/a.sock'], sys), { '8080': { fd: 3 }, '/run/a.sock': { fd: 4 } });
    assert.deepEqual(sys.cloexec, [3, 4]);
    assert.deepEqual(Object.keys(env), ['KEEP']);
  });

  it("another process's descriptors are not taken (LISTEN_PID not ours), the variables still removed; the addresses are then bound", () => {
    const env: NodeJS.ProcessEnv = { LISTEN_PID: '1', LISTEN_FDS: '1' };
    const sys = started(env);
    assert.equal(systemdSockets(['8080'], sys), undefined);
    assert.deepEqual(sys.cloexec, []);
    assert.deepEqual(env, {});
    assert.deepEqual(['127.0.0.1:8080', '[::1]:8081', '9000', '/run/a.sock'].map(bindTarget), [{ port: 8080, host: '127.0.0.1' }, { port: 8081, host: '::1' }, { port: 9000 }, { path: '/run/a.sock' }]);
  });

  it("a socket unit that is not servicekit's: its descriptors by systemd's names; a count that does not match the addresses is an error", () => {
    assert.deepEqual(systemdSockets([], started({ LISTEN_PID: '4242', LISTEN_FDS: '2', LISTEN_FDNAMES: 'http:admin' })), { http: { fd: 3 }, admin: { fd: 4 } });
    assert.throws(() => systemdSockets(['80', '81'], started({ LISTEN_PID: '4242', LISTEN_FDS: '1' })), InvalidArgumentError);
  });

  it("launchd (recorded answers of launch_activate_socket): the job's first descriptor per name; a name it lacks (ENOENT) bound by itself; not launchd's job (ESRCH): none", () => {
    const answers: Record<string, number[]> = { '8080': [5, 6], '/var/run/web.sock': [7], '9000': [] };
    assert.deepEqual(launchdSockets(['8080', '/var/run/web.sock', '9000'], (n) => answers[n]), { '8080': { fd: 5 }, '/var/run/web.sock': { fd: 7 }, '9000': { port: 9000 } });
    assert.equal(launchdSockets(['8080'], () => undefined), undefined);
  });

  it('in a terminal: the addresses the program gives (checked); none given, none', () => {
    assert.deepEqual(sockets(['8080', '127.0.0.1:8081']), { '8080': { port: 8080 }, '127.0.0.1:8081': { port: 8081, host: '127.0.0.1' } });
    assert.deepEqual(sockets(), sockets(['8080', '127.0.0.1:8081']), 'the same answer on every call');
    assert.throws(() => checkListen('addresses', ['http']), InvalidConfigError);
  });

  it('a real descriptor 3, passed as systemd passes it (LISTEN_PID of the exec\'d process): the program serves on it, made close-on-exec, the variables gone', async () => {
    const server = net.createServer().listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const { port } = server.address() as net.AddressInfo;
    const program = [
      `import { sockets } from ${JSON.stringify(path.join(ROOT, 'dist', 'servicekit.js'))};`,
      "import net from 'node:net'; import { readFileSync } from 'node:fs';",
      // O_CLOEXEC in the flags /proc shows (Node 20 itself marks an inherited descriptor 3 so at start-up, seen here; sockets() does not rely on it).
      "const flags = () => parseInt(/^flags:\\s+(\\d+)/m.exec(readFileSync('/proc/self/fdinfo/3', 'utf8'))[1], 8);",
      'const all = sockets();',
      'const cloexec = (flags() & 0o2000000) !== 0;',
      "const env = ['LISTEN_PID', 'LISTEN_FDS', 'LISTEN_FDNAMES'].filter((k) => k in process.env);",
      "net.createServer((c) => c.end(JSON.stringify({ all, cloexec, env }))).listen(all['127.0.0.1:1'], () => console.log('up'));",
    ].join('\n');
    const child = spawn('sh', ['-c', 'LISTEN_PID=$$ LISTEN_FDS=1 exec node --input-type=module -e "$0"', program], {
      stdio: ['ignore', 'pipe', 'inherit', (server as unknown as { _handle: { fd: number } })._handle.fd],
      env: { ...process.env, [LISTEN_VAR]: '["127.0.0.1:1"]' },
    });
    try {
      await new Promise((resolve, reject) => {
        child.stdout!.once('data', resolve);
        child.once('exit', (code) => reject(new Error(`exited ${code}`)));
      });
      server.close();
      const reply = await new Promise<string>((resolve, reject) => {
        let text = '';
        net.connect(port, '127.0.0.1').on('data', (d) => (text += d)).on('end', () => resolve(text)).on('error', reject);
      });
      assert.deepEqual(JSON.parse(reply), { all: { "127.0.0.1:1": { fd: 3 } }, cloexec: true, env: [] });
    } finally {
      child.kill();
      server.close();
    }
  });
});
