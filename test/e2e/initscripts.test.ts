/**
 * End to end against real SysV init (sysvinit-core + sysv-rc) and real OpenRC, each booted in a
 * container from a debootstrapped Debian 12 root file system, with rsyslog.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CLI, Container, e2eSuiteOptions, MOUNT, rootfs, waitFor } from './harness/container.js';
import type { Received } from '../fixtures/echo-service.js';
import { HOSTILE_ARGS, HOSTILE_ENV, hostileEnvFlags, hostileEnvOf } from '../hostile.js';
import { checkEnvAndLimits, ENV_FILE, LIMIT_FLAGS, writeEnvFile } from './limits-case.js';
import { assertUsage, withoutUsage, type UsageJson } from './usage.js';

const FIXTURE = `${MOUNT}/build/test/fixtures/echo-service.js`;


const SYSTEMS = [
  // ready: how install is told that the program sends READY=1 (start-stop-daemon --notify-await);
  // OpenRC's supervise-daemon (restart always) has no readiness protocol and refuses --type.
  { label: 'SysV init', platform: 'unix-systemv', ct: 'sk-sysv', key: 'sysv' as const, respawns: false, ready: ['--type', 'notify'] },
  { label: 'OpenRC', platform: 'linux-openrc', ct: 'sk-openrc', key: 'openrc' as const, respawns: true, ready: [] },
];

describe('SysV and OpenRC end to end', e2eSuiteOptions(), () => {
  let roots: { sysv: string; openrc: string };
  before(async () => {
    roots = await rootfs();
  });

  for (const sys of SYSTEMS) {
    describe(sys.label, () => {
      let ct: Container;
      const name = `sk-e2e-${sys.key}`;
      const out = `/var/tmp/${name}`;
      let pid = 0;
      const cli = (args: string[]) => ct.cli(args);
      const status = async () => {
        const r = await cli(['status', name, '--json']);
        return { code: r.code, ...(JSON.parse(r.stdout) as { state: string; pid: number | null; platform: string } & UsageJson) };
      };
      const received = async () => JSON.parse(await ct.readFile(`${out}/received.json`)) as Received;
      const status2 = async (n: string) => (JSON.parse((await cli(['status', n, '--json'])).stdout) as { state: string }).state;

      before(async () => {
        ct = await Container.up(sys.ct, roots[sys.key], ['--bind-ro=/usr/bin/node']);
        // Record each syslog message with its severity, to check the priorities.
        await ct.ok(['sh', '-c', `printf '%s\\n' '$template SkFmt,"%syslogseverity-text% %syslogtag%%msg%\\n"' 'daemon.* /var/log/sk-priorities.log;SkFmt' > /etc/rsyslog.d/sk-e2e.conf`]);
        await ct.ok(sys.key === 'openrc' ? ['rc-service', 'rsyslog', 'restart'] : ['/etc/init.d/rsyslog', 'restart']);
      });
      after(async () => {
        await ct?.down();
      });

      it(`detects ${sys.platform}`, async () => {
        assert.equal((await ct.ok(['node', CLI, 'platform'])).trim(), sys.platform);
      });

      it('installs and starts with arguments and env exactly as given', async () => {
        const r = await cli([
          'install', '--name', name, ...sys.ready, '--description', `servicekit e2e ${sys.label}`,
          '--env', `SK_OUT=${out}`, '--env', `SK_NAME=${name}`, ...hostileEnvFlags(),
          '--start', '--', FIXTURE, ...HOSTILE_ARGS,
        ]);
        assert.equal(r.code, 0, r.stderr);
        // This root file system has no logrotate: the drop-in is written all the same, and install says so.
        assert.equal(await ct.exists('/usr/sbin/logrotate'), false);
        assert.match(r.stderr, new RegExp(`^servicekit: warning: logrotate is not installed \\(/usr/sbin/logrotate\\): the log files of ${name} are not rotated until it is$`, 'm'));
        const got = await waitFor('received.json', received);
        assert.deepEqual(got.argv, HOSTILE_ARGS);
        assert.deepEqual(hostileEnvOf(got.env), HOSTILE_ENV);
        assert.equal(got.interactive, false, 'the service knows it runs under a service manager');
        pid = got.pid;
      });

      it('writes the script 0755 root-owned', async () => {
        assert.equal((await ct.ok(['stat', '-c', '%a %U', `/etc/init.d/${name}`])).trim(), '755 root');
        assert.equal((await ct.ok(['stat', '-c', '%a', `/var/log/servicekit/${name}.log`])).trim(), '640');
      });

      it('reports running (exit 0) with the PID, its memory, CPU time and uptime', async () => {
        const st = await status();
        assert.deepEqual([st.code, st.state, st.platform], [0, 'running', sys.platform]);
        assert.equal(st.pid, pid, "the program's PID, not its supervisor's");
        await assertUsage(ct, pid, st, (await ct.cli(['status', name])).stdout);
      });

      it('logs to syslog under the service name with priorities err, warning, info', async () => {
        const want = ['err', 'warning', 'info'].map((sev, i) => `${sev} ${name}[${pid}]: sk-e2e ${['error', 'warning', 'info'][i]} line ${pid}`);
        await waitFor('the three lines in syslog', async () => {
          const text = await ct.readFile('/var/log/sk-priorities.log');
          return want.every((w) => text.includes(w));
        });
        assert.match(await ct.readFile('/var/log/syslog'), new RegExp(`${name}\\[${pid}\\]: sk-e2e warning line`));
        const logs = await cli(['logs', name, '-n', '20']);
        assert.equal(logs.code, 0, logs.stderr);
        assert.match(logs.stdout, /sk-e2e info line/);
      });

      if (sys.respawns) {
        it('is respawned by supervise-daemon after kill -9', async () => {
          await ct.ok(['kill', '-9', String(pid)]);
          const got = await waitFor('a new process', async () => {
            const r = await received().catch(() => undefined);
            return r && r.pid !== pid ? r : undefined;
          });
          assert.deepEqual(got.argv, HOSTILE_ARGS);
          pid = got.pid;
          assert.equal((await status()).state, 'running');
        });
      }

      it('refuses a second install without touching the first', async () => {
        const before = await ct.readFile(`/etc/init.d/${name}`);
        const r = await cli(['install', '--name', name, '--', '/bin/true']);
        assert.equal(r.code, 1);
        assert.match(r.stderr, /\[ERR_ALREADY_INSTALLED\]/);
        assert.equal(await ct.readFile(`/etc/init.d/${name}`), before);
      });

      it('stops: the stop callback runs, status exits 3', async () => {
        const r = await cli(['stop', name]);
        assert.equal(r.code, 0, r.stderr);
        await waitFor('stop marker', () => ct.exists(`${out}/stopped-${pid}`));
        const st = await status();
        assert.deepEqual([st.state, st.code], ['stopped', 3]);
      });

      it('starts and restarts (restart from stopped too)', async () => {
        assert.equal((await cli(['start', name])).code, 0);
        assert.equal((await status()).state, 'running');
        const a = (await received()).pid;
        const r = await cli(['restart', name]);
        assert.equal(r.code, 0, r.stderr);
        const b = await waitFor('a new process', async () => {
          const x = await received();
          return x.pid !== a ? x.pid : undefined;
        });
        assert.ok(await ct.exists(`${out}/stopped-${a}`), 'restart stopped the old process cleanly');
        assert.equal((await cli(['stop', name])).code, 0);
        assert.ok(await ct.exists(`${out}/stopped-${b}`));
        assert.equal((await cli(['restart', name])).code, 0);
        assert.equal((await status()).state, 'running');
      });

      it('is started at boot (reboot the container)', async () => {
        await ct.reboot();
        await waitFor('running after reboot', async () => (await status()).state === 'running', 30000);
        pid = (await received()).pid;
      });

      it('uninstalls: stopped, boot links removed, the logrotate drop-in removed, the logs kept and named; status exits 4', async () => {
        assert.ok(await ct.exists(`/etc/logrotate.d/servicekit-${name}`));
        const r = await cli(['uninstall', name]);
        assert.equal(r.code, 0, r.stderr);
        assert.match(r.stdout, new RegExp(`its logs are kept: /var/log/servicekit/${name}\\.log`));
        assert.equal(await ct.exists(`/etc/logrotate.d/servicekit-${name}`), false);
        await waitFor('stop marker', () => ct.exists(`${out}/stopped-${pid}`));
        assert.equal(await ct.exists(`/etc/init.d/${name}`), false);
        const links = await ct.sh(`ls /etc/rc*.d/ /etc/runlevels/*/ 2>/dev/null | grep -c '${name}' || true`);
        assert.equal(links.stdout.trim(), '0', 'no rc links or runlevel entries left');
        const st = await status();
        assert.deepEqual([st.state, st.code], ['not-installed', 4]);
        assert.equal((await cli(['uninstall', name])).code, 4);
      });

      it('--no-enable, enable and disable: the boot links follow, the service is neither started nor stopped by them; a reboot honours it', async () => {
        const boot = `${name}-boot`;
        const links = async () => Number((await ct.sh(`ls /etc/rc2.d/ /etc/runlevels/default/ 2>/dev/null | grep -c '${boot}' || true`)).stdout.trim());
        // The usage figures change from one reading to the next: compared without them.
        const st = async () => withoutUsage(JSON.parse((await cli(['status', boot, '--json'])).stdout) as { state: string; enabled: boolean | null });
        const r = await cli(['install', '--name', boot, '--no-enable', '--start', '--', '/bin/sleep', '1000']);
        assert.equal(r.code, 0, r.stderr);
        assert.equal(await links(), 0, 'not linked into the boot runlevel');
        assert.deepEqual(await st(), { ...(await st()), state: 'running', enabled: false });
        assert.equal((await cli(['enable', boot])).code, 0);
        assert.equal(await links(), 1);
        assert.deepEqual(await st(), { ...(await st()), state: 'running', enabled: true });
        assert.equal((await cli(['disable', boot])).code, 0);
        assert.equal(await links(), 0);
        assert.deepEqual(await st(), { ...(await st()), state: 'running', enabled: false });
        // Not servicekit's: refused, untouched.
        const foreign = await cli(['disable', 'rsyslog']);
        assert.equal(foreign.code, 1);
        assert.match(foreign.stderr, /\[ERR_NOT_OWNED\]/);
        assert.equal((await cli(['uninstall', boot])).code, 0);
      });

      it('update through the CLI: new arguments reach the restarted service, the boot links stay; unchanged is a no-op; update NAME --env changes only that; a crashing version is rolled back, the old one running', async () => {
        const upd = `${name}-upd`;
        const uout = `${out}-upd`;
        const base = ['--name', upd, ...sys.ready, '--env', `SK_OUT=${uout}`];
        const argv = async () => (JSON.parse(await ct.readFile(`${uout}/received.json`)) as Received).argv;
        assert.equal((await cli(['install', ...base, '--start', '--', FIXTURE, 'v1'])).code, 0);
        await waitFor('v1', async () => (await argv().catch(() => []))[0] === 'v1');
        const up = await cli(['update', ...base, '--', FIXTURE, ...HOSTILE_ARGS]);
        assert.equal(up.code, 0, up.stderr);
        assert.match(up.stdout, /updated .* and restarted it/);
        assert.deepEqual(await argv(), HOSTILE_ARGS);
        assert.equal((JSON.parse((await cli(['status', upd, '--json'])).stdout) as { enabled: boolean }).enabled, true);
        assert.match((await cli(['update', ...base, '--', FIXTURE, ...HOSTILE_ARGS])).stdout, /unchanged/);
        // Only what is given changes: a variable added by name; the arguments, the type and SK_OUT kept.
        const partial = await cli(['update', upd, '--env', 'ADDED=yes y']);
        assert.equal(partial.code, 0, partial.stderr);
        const got = await waitFor('restarted with ADDED', async () => {
          const r = JSON.parse(await ct.readFile(`${uout}/received.json`)) as Received;
          return r.env['ADDED'] === 'yes y' ? r : undefined;
        });
        assert.deepEqual(got.argv, HOSTILE_ARGS);
        const script = await ct.readFile(`/etc/init.d/${upd}`);
        const bad = await cli(['update', ...base, '--restart', 'no', '--env', 'SK_START_THROW=1', '--', FIXTURE, 'broken']);
        assert.equal(bad.code, 1);
        assert.match(bad.stderr, /\[ERR_START_FAILED\]/);
        assert.equal(await ct.readFile(`/etc/init.d/${upd}`), script);
        await waitFor('the old version running again', async () => (await status2(upd)) === 'running' && JSON.stringify(await argv()) === JSON.stringify(HOSTILE_ARGS));
        assert.equal((await cli(['uninstall', upd])).code, 0);
      });

      it('a service that fails to start is rolled back: nothing left installed', async () => {
        const bad = `${name}-bad`;
        const r = await cli(['install', '--name', bad, '--type', 'notify', '--restart', 'no', '--env', `SK_OUT=${out}-bad`, '--env', 'SK_START_THROW=1', '--start', '--', FIXTURE]);
        assert.equal(r.code, 1);
        assert.match(r.stderr, /\[ERR_START_FAILED\]/);
        assert.equal(await ct.exists(`/etc/init.d/${bad}`), false);
        const links = await ct.sh(`ls /etc/rc*.d/ /etc/runlevels/*/ 2>/dev/null | grep -c '${bad}' || true`);
        assert.equal(links.stdout.trim(), '0');
        assert.equal((await cli(['status', bad])).code, 4);
      });

      it('an environment file and limits through the CLI: the file read as systemd reads it, values exact; ulimits, group and stop signal applied; the script 0700', async () => {
        const lim = `${name}-lim`;
        const lout = `${out}-lim`;
        await writeEnvFile(ct);
        const r = await cli(['install', '--name', lim, ...sys.ready, '--env', `SK_OUT=${lout}`, '--env', `SK_NAME=${lim}`, ...LIMIT_FLAGS, '--start', '--', FIXTURE]);
        assert.equal(r.code, 0, r.stderr);
        const got = await waitFor('received.json', async () => JSON.parse(await ct.readFile(`${lout}/received.json`)) as Received);
        await checkEnvAndLimits(ct, got);
        assert.equal((await ct.ok(['stat', '-c', '%a %U', `/etc/init.d/${lim}`])).trim(), '700 root', 'values from the file are root\'s to read');
        // Stopped with SIGINT, which run() handles like SIGTERM: the stop callback runs.
        assert.equal((await cli(['stop', lim])).code, 0);
        await waitFor('the stop callback', async () => ct.exists(`${lout}/stopped-${got.pid}`));
        // An env file another account can write is refused, nothing written: writable by its group
        // alone, by others alone (each bit on its own, so neither check can hide behind the other).
        for (const mode of ['0620', '0602']) {
          await ct.ok(['chmod', mode, ENV_FILE]);
          const refused = await cli(['install', '--name', `${lim}2`, '--env-file', ENV_FILE, '--', FIXTURE]);
          assert.equal(refused.code, 1, mode);
          assert.match(refused.stderr, /no one else can write .*\[ERR_INVALID_CONFIG\]/, mode);
          assert.equal(await ct.exists(`/etc/init.d/${lim}2`), false, mode);
        }
        assert.equal((await cli(['uninstall', lim])).code, 0);
      });

      it('apply FILE with an environment file: created and started; a second apply changes nothing; a changed file is an update whose diff is not shown (it holds the file\'s values)', async () => {
        const ap = `${name}-ap`;
        await writeEnvFile(ct);
        const manifest = (args: string[]) => JSON.stringify({ services: [{ name: ap, executable: '/usr/bin/node', arguments: [FIXTURE, ...args], environmentFile: ENV_FILE, env: { SK_OUT: `${out}-ap` }, restart: sys.respawns ? 'always' : 'no' }] });
        await ct.ok(['sh', '-c', 'umask 022 && cat > /etc/sk-fleet.json'], manifest(['v1']));
        const first = await cli(['apply', '/etc/sk-fleet.json']);
        assert.equal(first.code, 0, first.stderr);
        assert.equal(first.stdout, `created ${ap}\nchanged: 1 created; 0 unchanged\n`);
        assert.equal((await status2(ap)), 'running');
        assert.equal((await cli(['apply', '/etc/sk-fleet.json'])).stdout, `unchanged ${ap}\nnothing to change (1 unchanged)\n`);
        await ct.ok(['sh', '-c', 'umask 022 && cat > /etc/sk-fleet.json'], manifest(['v2']));
        const dry = await cli(['apply', '/etc/sk-fleet.json', '--dry-run']);
        assert.equal(dry.stdout, `update ${ap}\n  /etc/init.d/${ap}: readable by its owner only, not shown\n  /var/lib/servicekit/${ap}.json: readable by its owner only, not shown\nwould change: 1 update; 0 unchanged\n`);
        assert.doesNotMatch(dry.stdout, /second/);
        assert.equal((await cli(['apply', '/etc/sk-fleet.json'])).code, 0);
        const got = await waitFor('v2 running', async () => {
          const r = JSON.parse(await ct.readFile(`${out}-ap/received.json`)) as Received;
          return r.argv[0] === 'v2' ? r : undefined;
        });
        assert.equal(got.env['DUP'], 'second');
        assert.equal((await cli(['uninstall', ap])).code, 0);
      });

      it('hardening through setpriv: strict sets NoNewPrivs and empties a root service\'s capability bounding set, standard drops the dangerous capabilities; the program gets its arguments still (read from /proc/PID/status)', async () => {
        // CAP_SYS_ADMIN is bit 21, CAP_NET_BIND_SERVICE bit 10 (capability.h).
        const bit = (hex: string, n: number) => (BigInt(`0x${hex}`) >> BigInt(n)) & 1n;
        const cases = [
          { level: 'strict', who: [] as string[], nnp: '1', bnd: (h: string) => h === '0000000000000000' },
          { level: 'standard', who: [], nnp: '0', bnd: (h: string) => bit(h, 21) === 0n && bit(h, 10) === 1n },
          { level: 'strict', who: ['--run-as', 'nobody'], nnp: '1', bnd: () => true },
        ];
        for (const c of cases) {
          const hn = `${name}-h-${c.level}`;
          const hout = `${out}-h-${c.level}`;
          await ct.ok(['sh', '-c', `mkdir -p ${hout} && chown ${c.who.length ? 'nobody' : 'root'} ${hout}`]);
          const r = await cli(['install', '--name', hn, '--hardening', c.level, ...c.who, '--env', `SK_OUT=${hout}`, '--env', `SK_NAME=${hn}`, '--start', '--', FIXTURE, 'a b', '--c']);
          assert.equal(r.code, 0, `${c.level}: ${r.stderr}`);
          const got = await waitFor('received.json', async () => JSON.parse(await ct.readFile(`${hout}/received.json`)) as Received);
          assert.deepEqual(got.argv, ['a b', '--c']);
          const st = await ct.readFile(`/proc/${got.pid}/status`);
          assert.equal(/^NoNewPrivs:\t(\d)$/m.exec(st)?.[1], c.nnp, `${c.level} ${c.who.join(' ')}: ${st}`);
          assert.ok(c.bnd(/^CapBnd:\t([0-9a-f]+)$/m.exec(st)?.[1] ?? ''), `${c.level}: ${st}`);
          assert.equal((await cli(['uninstall', hn])).code, 0);
        }
      });

      it('credentials: a private copy at each start (0700, the account\'s), read by name from $CREDENTIALS_DIRECTORY, not in the environment; another account cannot read it; gone at stop and uninstall; a source another account can write is refused', async () => {
        const cn = `${name}-cred`;
        const src = `/etc/${cn}/token`;
        const res = `/srv/${cn}`;
        await ct.ok(['sh', '-c', `umask 077 && mkdir -p /etc/${cn} && printf s3cret > ${src} && mkdir -p ${res} && chown nobody ${res}`]);
        const reader = `const fs = require('fs'); const dir = process.env.CREDENTIALS_DIRECTORY;
fs.writeFileSync('${res}/out.json', JSON.stringify({ dir, pid: process.pid, token: fs.readFileSync(dir + '/token', 'utf8'), inEnv: Object.values(process.env).some((v) => v.includes('s3cret')) }));
setInterval(() => {}, 1000);`;
        const r = await cli(['install', '--name', cn, '--run-as', 'nobody', '--credential', `token=${src}`, '--start', '--', '/usr/bin/node', '-e', reader]);
        assert.equal(r.code, 0, r.stderr);
        const got = await waitFor('out.json', async () => JSON.parse(await ct.readFile(`${res}/out.json`)) as { dir: string; pid: number; token: string; inEnv: boolean });
        assert.deepEqual([got.dir, got.token, got.inEnv], [`/run/servicekit/credentials/${cn}`, 's3cret', false]);
        assert.ok(!(await ct.readFile(`/proc/${got.pid}/environ`)).includes('s3cret'), '/proc/PID/environ does not hold it');
        assert.equal((await ct.ok(['stat', '-c', '%a %U', got.dir, `${got.dir}/token`])).trim(), '700 nobody\n400 nobody');
        const peek = await ct.exec(['setpriv', '--reuid', 'daemon', '--regid', 'daemon', '--clear-groups', 'cat', `${got.dir}/token`]);
        assert.notEqual(peek.code, 0, 'another account cannot read it');
        assert.match(peek.stderr, /Permission denied/);
        assert.equal((await cli(['stop', cn])).code, 0);
        assert.equal(await ct.exists(got.dir), false, 'the copy goes with the stop');
        assert.equal((await cli(['start', cn])).code, 0);
        await waitFor('the copy again', async () => ((await ct.exists(`${got.dir}/token`)) ? true : undefined));
        assert.equal((await cli(['uninstall', cn])).code, 0);
        assert.equal(await ct.exists(got.dir), false, 'no copy left after uninstall');
        await ct.ok(['chmod', '0602', src]);
        const unsafe = await cli(['install', '--name', cn, '--credential', `token=${src}`, '--', '/bin/sleep', '1000']);
        assert.equal(unsafe.code, 1);
        assert.match(unsafe.stderr, /credentials\.token.*no one else can write.*\[ERR_INVALID_CONFIG\]/);
      });

      it('a custom template (--template): installed, run with its values exactly, uninstalled', async () => {
        const tpl = `${name}-tpl`;
        const tout = `${out}-tpl`;
        await ct.ok(['sh', '-c', `cat > /tmp/${tpl}.mustache`], TEMPLATES[sys.key]);
        const r = await cli(['install', '--name', tpl, '--template', `/tmp/${tpl}.mustache`, '--restart', 'no', '--env', `SK_OUT=${tout}`, ...hostileEnvFlags(), '--start', '--', FIXTURE, ...HOSTILE_ARGS]);
        assert.equal(r.code, 0, r.stderr);
        const script = await ct.readFile(`/etc/init.d/${tpl}`);
        assert.match(script, /^# custom template$/m);
        assert.match(script, /^# managed-by: servicekit \(name=.*-tpl\)$/m);
        const got = await waitFor('received.json', async () => JSON.parse(await ct.readFile(`${tout}/received.json`)) as Received);
        assert.deepEqual(got.argv, HOSTILE_ARGS);
        assert.deepEqual(hostileEnvOf(got.env), HOSTILE_ENV);
        assert.equal((await cli(['uninstall', tpl])).code, 0);
        assert.equal(await ct.exists(`/etc/init.d/${tpl}`), false);
      });
    });
  }
});

/** Minimal custom init scripts, as a user would write them, from the template variables. */
const TEMPLATES = {
  sysv: `#!/bin/sh
### BEGIN INIT INFO
# Provides:          {{Name}}
# Required-Start:    $remote_fs
# Required-Stop:     $remote_fs
# Default-Start:     2 3 4 5
# Default-Stop:      0 1 6
# Description:       {{Description}}
### END INIT INFO
# custom template
case "$1" in
  start)
    mkdir -p /run/servicekit
    (
      {{Env}}
      exec /sbin/start-stop-daemon --start --quiet --background --make-pidfile --pidfile {{PidFile}} --chdir {{WorkingDirectory}} --startas {{Executable}} -- {{Arguments}}
    ) ;;
  stop) /sbin/start-stop-daemon --stop --quiet --oknodo --retry TERM/10/KILL/5 --pidfile {{PidFile}} --remove-pidfile ;;
  status) /sbin/start-stop-daemon --status --pidfile {{PidFile}} ;;
  restart) "$0" stop; "$0" start ;;
esac
`,
  openrc: `#!/sbin/openrc-run
# custom template
# {{Description}}
pidfile={{PidFile}}
start() {
  mkdir -p /run/servicekit
  (
    {{Env}}
    exec /sbin/start-stop-daemon --start --quiet --background --make-pidfile --pidfile {{PidFile}} --chdir {{WorkingDirectory}} --startas {{Executable}} -- {{Arguments}}
  )
}
stop() {
  /sbin/start-stop-daemon --stop --quiet --oknodo --retry TERM/10/KILL/5 --pidfile {{PidFile}} --remove-pidfile
}
`,
};
