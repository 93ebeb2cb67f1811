/**
 * End to end against a real systemd 252 (this machine's own /, booted in a container):
 * a system service and a --user service under a lingering user, installed with the CLI.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CLI, Container, e2eSuiteOptions, MOUNT, waitFor } from './harness/container.js';
import type { Received } from '../fixtures/echo-service.js';
import { checkEnvAndLimits, LIMIT_FLAGS, writeEnvFile } from './limits-case.js';
import path from 'node:path';
import { REPO } from './harness/container.js';
import { buildOneBinary, KOFFI_LINUX } from './harness/sea.js';

const FIXTURE = `${MOUNT}/build/test/fixtures/echo-service.js`;

/** Arguments and an env value systemd would mangle if quoted wrongly. */
const NASTY_ARGS = [
  'two words',
  'double "quotes"',
  "single 'quotes'",
  '$HOME ${PATH} $$',
  '100% %h %n %%',
  'back\\slash \\n \\\\',
  '',
  '--looks-like-an-option',
  'new\nline\ttab',
  'ünïcödé €',
  ';&|*?~<>`',
];
const NASTY_ENV = 'value with spaces, "double", \'single\', $HOME ${X} %h %%, back\\slash, ü €';


interface Scope {
  label: string;
  name: string;
  out: string;
  as?: { user: string; uid: number };
  /** systemctl, for this scope. */
  systemctl(ct: Container, args: string[]): Promise<string>;
  unitFile: string;
}

/**
 * The two ways servicekit drives systemd, both run through the whole scope suite: sd-bus/sd-journal
 * (the default), and systemctl/journalctl (SERVICEKIT_LIBSYSTEMD=0, the fallback). A shim first on
 * PATH records every systemctl and journalctl process, so each path is proven to be the one used.
 */
const SHIM = '/var/tmp/sk-shim';
const PATHS = { bus: {}, systemctl: { SERVICEKIT_LIBSYSTEMD: '0' } } as const;
type Via = keyof typeof PATHS;
const viaEnv = (via: Via) => ({ PATH: `${SHIM}:/usr/sbin:/usr/bin:/sbin:/bin`, ...PATHS[via] });

/** `systemctl --user …` as skuser, whose manager runs at /run/user/UID. */
const userSystemctl = (uid: number, args: string[]) => ['runuser', '-u', 'skuser', '--', 'env', `XDG_RUNTIME_DIR=/run/user/${uid}`, 'systemctl', '--user', ...args];

function scopes(uid: number, via: Via): Scope[] {
  const sfx = via === 'bus' ? '' : '-ctl';
  return [
    {
      label: 'system service',
      name: `sk-e2e-system${sfx}`,
      out: `/var/tmp/sk-e2e-system${sfx}`,
      systemctl: (ct, args) => ct.ok(['systemctl', ...args]).catch((e: Error) => e.message),
      unitFile: `/etc/systemd/system/sk-e2e-system${sfx}.service`,
    },
    {
      label: 'user service (lingering user)',
      name: `sk-e2e-user${sfx}`,
      out: `/tmp/sk-e2e-user${sfx}`,
      as: { user: 'skuser', uid },
      systemctl: (ct, args) =>
        ct
          .ok(userSystemctl(uid, args))
          .catch((e: Error) => e.message),
      unitFile: `/home/skuser/.config/systemd/user/sk-e2e-user${sfx}.service`,
    },
  ];
}

describe('systemd end to end', e2eSuiteOptions(), () => {
  let ct: Container;
  let uid = 0;

  before(async () => {
    ct = await Container.up('sk-systemd');
    // Debug logging makes systemd write down every sd_notify message it gets (READY=1, STOPPING=1).
    // That is a flood, and journald rate-limits per system unit (all of user@UID.service shares one
    // budget with the user manager's debug lines): lift the limit so no service line is dropped.
    await ct.ok(['sh', '-c', 'mkdir -p /etc/systemd/journald.conf.d && printf "[Journal]\\nRateLimitBurst=0\\n" > /etc/systemd/journald.conf.d/servicekit-e2e.conf && systemctl restart systemd-journald']);
    await ct.ok(['systemd-analyze', 'log-level', 'debug']);
    await ct.ok(['useradd', '-m', 'skuser']);
    uid = Number((await ct.ok(['id', '-u', 'skuser'])).trim());
    await ct.ok(['loginctl', 'enable-linger', 'skuser']);
    await waitFor('the user manager of skuser', async () => ct.exists(`/run/user/${uid}/systemd/private`));
    await ct.ok(userSystemctl(uid, ['log-level', 'debug']));
    // The shim: logs each systemctl/journalctl process servicekit runs, then runs the real one.
    const shim = '#!/bin/sh\necho "$(basename "$0") $*" >> ' + SHIM + '/calls.log\nexec /usr/bin/$(basename "$0") "$@"\n';
    await ct.ok(['sh', '-c', `mkdir -p ${SHIM} && for c in systemctl journalctl; do printf '%s' '${shim}' > ${SHIM}/$c; chmod 755 ${SHIM}/$c; done && : > ${SHIM}/calls.log && chmod 666 ${SHIM}/calls.log`]);
  });

  after(async () => {
    await ct?.down();
  });

  it('reports the platform', async () => {
    assert.equal((await ct.ok(['node', CLI, 'platform'])).trim(), 'linux-systemd');
  });

  for (const [via, scopeIndex] of (['bus', 'systemctl'] as const).flatMap((v) => [[v, 0] as const, [v, 1] as const])) {
    describe(`${scopeIndex === 0 ? 'system service' : 'user service under a lingering user'}, through ${via === 'bus' ? 'sd-bus and sd-journal' : 'systemctl and journalctl (SERVICEKIT_LIBSYSTEMD=0)'}`, () => {
      let s: Scope;
      let firstPid = 0;
      const userFlag = () => (s.as ? ['--user'] : []);
      const status = async () => {
        const r = await ct.cli(['status', s.name, '--json', ...userFlag()], s.as, viaEnv(via));
        return { code: r.code, ...(JSON.parse(r.stdout) as { state: string; pid: number | null; enabled: boolean | null }) };
      };
      const received = async () => JSON.parse(await ct.readFile(`${s.out}/received.json`)) as Received;
      const journal = async () =>
        (await ct.ok(['journalctl', '--no-pager', '-o', 'json', `SYSLOG_IDENTIFIER=${s.name}`]))
          .trim()
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l) as { MESSAGE: string; PRIORITY: string; _PID: string });
      const managerSaw = async (pid: number, message: string) =>
        (await ct.ok(['journalctl', '--no-pager', '-o', 'cat'])).includes(`Got notification message from PID ${pid} (${message}`);

      before(async () => {
        s = scopes(uid, via)[scopeIndex]!;
        await ct.ok(['sh', '-c', `: > ${SHIM}/calls.log`]);
      });


      it('installs and starts with arguments and env exactly as given', async () => {
        const r = await ct.cli(
          [
            'install', '--name', s.name, ...userFlag(), '--type', 'notify', '--description', `servicekit e2e 100% ${s.label}`,
            '--env', `SK_OUT=${s.out}`, '--env', `SK_NAME=${s.name}`, '--env', `NASTY=${NASTY_ENV}`, '--env', 'EMPTY=',
            '--start', '--', FIXTURE, ...NASTY_ARGS,
          ],
          s.as,
          viaEnv(via),
        );
        assert.equal(r.code, 0, r.stderr);
        assert.match(r.stdout, /installed .* and started it/);
        const got = await waitFor('received.json', received);
        assert.deepEqual(got.argv, NASTY_ARGS);
        assert.equal(got.env['NASTY'], NASTY_ENV);
        assert.equal(got.env['EMPTY'], '');
        assert.equal(got.interactive, false, 'the service knows it runs under a service manager');
        firstPid = got.pid;
      });

      it('writes the unit file 0644 with the right owner', async () => {
        const [mode, owner] = (await ct.ok(['stat', '-c', '%a %U', s.unitFile])).trim().split(' ');
        assert.equal(mode, '644');
        assert.equal(owner, s.as ? s.as.user : 'root');
        const unit = await ct.readFile(s.unitFile);
        assert.match(unit, s.as ? /WantedBy=default\.target/ : /WantedBy=multi-user\.target/);
      });

      it('reports running (exit 0) with the PID', async () => {
        const st = await status();
        assert.equal(st.code, 0);
        assert.equal(st.state, 'running');
        assert.equal(st.pid, firstPid);
        assert.equal(st.enabled, true);
        const plain = await ct.cli(['status', s.name, ...userFlag()], s.as, viaEnv(via));
        assert.match(plain.stdout, new RegExp(`^${s.name}: running`));
      });

      it('systemd saw READY=1 from the service', async () => {
        await waitFor('READY=1 in the manager log', () => managerSaw(firstPid, 'READY=1'));
      });

      it('logs reach the journal with priorities err, warning, info', async () => {
        const lines = await waitFor('three log lines', async () => {
          const j = (await journal()).filter((e) => /^sk-e2e (error|warning|info) line/.test(e.MESSAGE));
          return j.length >= 3 ? j : undefined;
        });
        const prio = Object.fromEntries(lines.map((e) => [e.MESSAGE.split(' ')[1], e.PRIORITY]));
        assert.deepEqual(prio, { error: '3', warning: '4', info: '6' });
        const cliLogs = await ct.cli(['logs', s.name, ...userFlag(), '-n', '50'], s.as, viaEnv(via));
        assert.equal(cliLogs.code, 0, cliLogs.stderr);
        assert.match(cliLogs.stdout, new RegExp(`^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d[+-]\\d\\d:\\d\\d \\S+ ${s.name}\\[\\d+\\]: sk-e2e warning line`, 'm'));
        // The same lines through the other path (without the shim: it does not count here).
        // A new journal entry between the two reads would shift the window: read both again then.
        const both = async () => {
          const x = await ct.cli(['logs', s.name, ...userFlag(), '-n', '50'], s.as, { SERVICEKIT_LIBSYSTEMD: '0' });
          const y = await ct.cli(['logs', s.name, ...userFlag(), '-n', '50'], s.as);
          return x.stdout === y.stdout ? [x.stdout, y.stdout] : undefined;
        };
        const [viaJournalctl, viaSdJournal] = (await both()) ?? (await both()) ?? [];
        assert.ok(viaJournalctl && viaJournalctl.split('\n').length > 3);
        assert.equal(viaSdJournal, viaJournalctl, 'sd-journal and journalctl print the same lines');
      });

      it('is restarted by systemd after kill -9', async () => {
        await ct.ok(['kill', '-9', String(firstPid)]);
        const st = await waitFor('a new process', async () => {
          const x = await status();
          return x.state === 'running' && x.pid && x.pid !== firstPid ? x : undefined;
        });
        assert.equal((await s.systemctl(ct, ['show', '-p', 'NRestarts', '--value', `${s.name}.service`])).trim(), '1');
        const got = await waitFor('received.json from the new process', async () => {
          const r = await received();
          return r.pid === st.pid ? r : undefined;
        });
        assert.deepEqual(got.argv, NASTY_ARGS);
        firstPid = got.pid;
      });

      it('logs -f follows: a line logged after it started is printed', async () => {
        const out = `${s.out}/follow.log`;
        const vars = Object.entries(viaEnv(via)).map(([k, v]) => `${k}=${v}`).join(' ');
        const as = s.as ? `runuser -u ${s.as.user} -- env HOME=/home/${s.as.user} XDG_RUNTIME_DIR=/run/user/${s.as.uid} ` : '';
        const cmd = `env ${vars} timeout -s INT 4 node ${CLI} logs ${s.name} ${userFlag().join(' ')} -f -n 0 > ${out} 2>&1`;
        await ct.ok(['sh', '-c', `${as}sh -c '${cmd}' & sleep 1.5; ${as}logger -t ${s.name} sk-e2e followed line; wait`]);
        assert.match(await ct.readFile(out), new RegExp(`${s.name}\\[\\d+\\]: sk-e2e followed line`));
      });

      it('logs -f into a pipe whose reader has gone (| head -n 1) ends by itself, quietly, at the next line', async () => {
        const dir = `${s.out}/follow-head`;
        const vars = Object.entries(viaEnv(via)).map(([k, v]) => `${k}=${v}`).join(' ');
        const as = s.as ? `runuser -u ${s.as.user} -- env HOME=/home/${s.as.user} XDG_RUNTIME_DIR=/run/user/${s.as.uid} ` : '';
        // The command's own exit code (not head's): 124 would be the timeout's, i.e. still following.
        const cmd = `{ env ${vars} timeout 20 node ${CLI} logs ${s.name} ${userFlag().join(' ')} -f -n 0 2> ${dir}/err; echo $? > ${dir}/rc; } | head -n 1 > ${dir}/out`;
        await ct.ok(['sh', '-c', `mkdir -p ${dir} && chmod 777 ${dir}`]);
        await ct.ok(['sh', '-c', `${as}sh -c '${cmd}' & sleep 1.5; ${as}logger -t ${s.name} sk-e2e head line 1; sleep 0.5; ${as}logger -t ${s.name} sk-e2e head line 2; wait`]);
        assert.match(await ct.readFile(`${dir}/out`), new RegExp(`${s.name}\\[\\d+\\]: sk-e2e head line 1\n$`));
        assert.deepEqual([(await ct.readFile(`${dir}/rc`)).trim(), await ct.readFile(`${dir}/err`)], ['0', '']);
      });

      it('status --watch prints each change as systemd makes it: running, the crash, running again with a new PID', async () => {
        const log = `${s.out}/watch.jsonl`;
        const vars = Object.entries(viaEnv(via)).map(([k, v]) => `${k}=${v}`).join(' ');
        const cmd = `env ${vars} timeout -s INT 6 node ${CLI} status ${s.name} --watch --json ${userFlag().join(' ')} > ${log} 2>&1`;
        const as = s.as ? `runuser -u ${s.as.user} -- env HOME=/home/${s.as.user} XDG_RUNTIME_DIR=/run/user/${s.as.uid} ` : '';
        await ct.ok(['sh', '-c', `${as}sh -c '${cmd}' & sleep 1.5; kill -9 ${firstPid}; wait`]);
        const events = (await ct.readFile(log)).trim().split('\n').map((l) => JSON.parse(l) as { state: string; pid: number | null });
        assert.deepEqual([events[0]?.state, events[0]?.pid], ['running', firstPid], JSON.stringify(events));
        const again = events.findIndex((e, i) => i > 0 && e.state === 'running' && e.pid !== firstPid);
        assert.ok(again > 0, `running again with a new PID: ${JSON.stringify(events)}`);
        // Pushed by systemd (bus): the crash itself is seen, not only its outcome.
        if (via === 'bus') assert.ok(events.slice(1, again).some((e) => e.state !== 'running'), JSON.stringify(events));
        firstPid = events[again]!.pid!;
        await waitFor('received.json from the new process', async () => (await received()).pid === firstPid);
      });

      it('refuses a second install without touching the first', async () => {
        const before = await ct.readFile(s.unitFile);
        const r = await ct.cli(['install', '--name', s.name, ...userFlag(), '--', '/bin/true'], s.as, viaEnv(via));
        assert.equal(r.code, 1);
        assert.match(r.stderr, /\[ERR_ALREADY_INSTALLED\]$/m);
        assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace without --debug');
        assert.equal(await ct.readFile(s.unitFile), before);
        assert.equal((await status()).pid, firstPid);
      });

      it('stops: the stop callback runs, systemd saw STOPPING=1, status exits 3', async () => {
        const r = await ct.cli(['stop', s.name, ...userFlag()], s.as, viaEnv(via));
        assert.equal(r.code, 0, r.stderr);
        assert.ok(await ct.exists(`${s.out}/stopped-${firstPid}`), 'stop callback ran');
        await waitFor('STOPPING=1 in the manager log', () => managerSaw(firstPid, 'STOPPING=1'));
        const st = await status();
        assert.equal(st.state, 'stopped');
        assert.equal(st.code, 3);
      });

      it('starts and restarts (restart from stopped too)', async () => {
        assert.equal((await ct.cli(['start', s.name, ...userFlag()], s.as, viaEnv(via))).code, 0);
        const a = await status();
        assert.equal(a.state, 'running');
        assert.equal((await ct.cli(['restart', s.name, ...userFlag()], s.as, viaEnv(via))).code, 0);
        const b = await status();
        assert.equal(b.state, 'running');
        assert.notEqual(b.pid, a.pid);
        assert.equal((await ct.cli(['stop', s.name, ...userFlag()], s.as, viaEnv(via))).code, 0);
        assert.equal((await ct.cli(['restart', s.name, ...userFlag()], s.as, viaEnv(via))).code, 0);
        assert.equal((await status()).state, 'running');
      });

      it('uninstalls: stopped, disabled, removed; status exits 4', async () => {
        const pid = (await status()).pid;
        const r = await ct.cli(['uninstall', s.name, ...userFlag()], s.as, viaEnv(via));
        assert.equal(r.code, 0, r.stderr);
        assert.ok(await ct.exists(`${s.out}/stopped-${pid}`), 'stopped before removal');
        assert.equal(await ct.exists(s.unitFile), false);
        const wants = s.as ? `/home/${s.as.user}/.config/systemd/user/default.target.wants` : '/etc/systemd/system/multi-user.target.wants';
        assert.equal(await ct.exists(`${wants}/${s.name}.service`), false, 'enable link removed');
        const st = await status();
        assert.equal(st.state, 'not-installed');
        assert.equal(st.code, 4);
        const again = await ct.cli(['uninstall', s.name, ...userFlag()], s.as, viaEnv(via));
        assert.equal(again.code, 4);
        assert.match(again.stderr, /\[ERR_NOT_INSTALLED\]/);
      });

      it('update: new arguments and env reach the restarted service exactly, enablement kept; unchanged is a no-op; a failing new version is rolled back, the old one running', async () => {
        const name = `${s.name}-upd`;
        const out = `${s.out}-upd`;
        const base = ['--name', name, ...userFlag(), '--type', 'notify', '--env', `SK_OUT=${out}`];
        const wants = `${s.as ? `/home/${s.as.user}/.config/systemd/user/default.target.wants` : '/etc/systemd/system/multi-user.target.wants'}/${name}.service`;
        const cli = (args: string[]) => ct.cli(args, s.as, viaEnv(via));
        assert.equal((await cli(['install', ...base, '--start', '--', FIXTURE, 'v1'])).code, 0);
        // (waitFor throws when v1 never runs.)
        await waitFor('v1 running', async () => ((await ct.readFile(`${out}/received.json`).then((t) => JSON.parse(t) as Received).catch(() => undefined))?.argv[0] === 'v1' ? true : undefined));
        const up = await cli(['update', ...base, '--env', `NASTY=${NASTY_ENV}`, '--', FIXTURE, ...NASTY_ARGS]);
        assert.equal(up.code, 0, up.stderr);
        assert.match(up.stdout, /updated .* and restarted it/);
        const got = JSON.parse(await ct.readFile(`${out}/received.json`)) as Received;
        assert.deepEqual(got.argv, NASTY_ARGS);
        assert.equal(got.env['NASTY'], NASTY_ENV);
        assert.equal(await ct.exists(wants), true, 'still enabled');
        const same = await cli(['update', ...base, '--env', `NASTY=${NASTY_ENV}`, '--', FIXTURE, ...NASTY_ARGS]);
        assert.match(same.stdout, /unchanged/);
        // Only what is given changes (over the configuration stored at install): one variable added.
        const partial = await cli(['update', name, ...userFlag(), '--env', 'ADDED=only this']);
        assert.equal(partial.code, 0, partial.stderr);
        const added = JSON.parse(await ct.readFile(`${out}/received.json`)) as Received;
        assert.equal(added.env['ADDED'], 'only this');
        assert.equal(added.env['NASTY'], NASTY_ENV);
        assert.deepEqual(added.argv, NASTY_ARGS);
        const stored = s.as ? `/home/${s.as.user}/.local/state/servicekit/${name}.json` : `/var/lib/servicekit/${name}.json`;
        assert.equal((await ct.ok(['stat', '-c', '%a', stored])).trim(), '600');
        // A new version that fails at once: refused, the previous unit back and the previous process running.
        const unit = await ct.readFile(s.unitFile.replace(`${s.name}.service`, `${name}.service`));
        const bad = await cli(['update', ...base, '--restart', 'no', '--env', 'SK_START_THROW=1', '--', FIXTURE, 'broken']);
        assert.equal(bad.code, 1);
        assert.match(bad.stderr, /\[ERR_START_FAILED\]/);
        assert.equal(await ct.readFile(s.unitFile.replace(`${s.name}.service`, `${name}.service`)), unit);
        const st = JSON.parse((await cli(['status', name, '--json', ...userFlag()])).stdout) as { state: string };
        assert.equal(st.state, 'running');
        const after = JSON.parse(await ct.readFile(`${out}/received.json`)) as Received;
        assert.deepEqual(after.argv, NASTY_ARGS, 'the previous version runs again');
        assert.equal((await cli(['uninstall', name, ...userFlag()])).code, 0);
        assert.equal(await ct.exists(stored), false, 'the stored configuration goes with the service');
      });

      it('--no-enable, enable and disable: the wants link and the enabled state follow, the running state does not', async () => {
        const name = `${s.name}-boot`;
        const wants = `${s.as ? `/home/${s.as.user}/.config/systemd/user/default.target.wants` : '/etc/systemd/system/multi-user.target.wants'}/${name}.service`;
        const st = async () => JSON.parse((await ct.cli(['status', name, '--json', ...userFlag()], s.as, viaEnv(via))).stdout) as { state: string; enabled: boolean | null };
        const r = await ct.cli(['install', '--name', name, ...userFlag(), '--no-enable', '--start', '--', '/bin/sleep', '1000'], s.as, viaEnv(via));
        assert.equal(r.code, 0, r.stderr);
        assert.equal(await ct.exists(wants), false);
        assert.deepEqual(await st(), { ...(await st()), state: 'running', enabled: false });
        assert.equal((await ct.cli(['enable', name, ...userFlag()], s.as, viaEnv(via))).code, 0);
        assert.equal(await ct.exists(wants), true);
        assert.deepEqual(await st(), { ...(await st()), state: 'running', enabled: true });
        assert.equal((await ct.cli(['disable', name, ...userFlag()], s.as, viaEnv(via))).code, 0);
        assert.equal(await ct.exists(wants), false);
        assert.deepEqual(await st(), { ...(await st()), state: 'running', enabled: false });
        if (!s.as) {
          // A unit servicekit did not install: refused, untouched.
          const foreign = await ct.cli(['disable', 'systemd-journald'], s.as, viaEnv(via));
          assert.equal(foreign.code, 1);
          assert.match(foreign.stderr, /\[ERR_NOT_OWNED\]/);
        }
        assert.equal((await ct.cli(['uninstall', name, ...userFlag()], s.as, viaEnv(via))).code, 0);
      });

      it('a service that fails to start is rolled back: nothing left installed', async () => {
        const name = `${s.name}-bad`;
        const r = await ct.cli(
          ['install', '--name', name, ...userFlag(), '--type', 'notify', '--restart', 'no', '--env', `SK_OUT=${s.out}-bad`, '--env', 'SK_START_THROW=1', '--start', '--', FIXTURE],
          s.as,
          viaEnv(via),
        );
        assert.equal(r.code, 1);
        assert.match(r.stderr, /\[ERR_START_FAILED\]/);
        assert.equal(await ct.exists(s.unitFile.replace(`${s.name}.service`, `${name}.service`)), false);
        const st = await ct.cli(['status', name, ...userFlag()], s.as, viaEnv(via));
        assert.equal(st.code, 4);
      });

      it(via === 'bus' ? 'ran no systemctl or journalctl process (everything went over sd-bus and sd-journal)' : 'ran systemctl and journalctl (the fallback path)', async () => {
        const calls = (await ct.readFile(`${SHIM}/calls.log`)).trim().split('\n').filter(Boolean);
        if (via === 'bus') assert.deepEqual(calls, []);
        else {
          assert.ok(calls.some((c) => c.startsWith('systemctl ')), calls.join('\n'));
          assert.ok(calls.some((c) => c.startsWith('journalctl ')), calls.join('\n'));
        }
      });
    });
  }

  it('a custom template (--template): installed, run with its values exactly, uninstalled', async () => {
    const name = 'sk-e2e-tpl';
    const out = `/var/tmp/${name}`;
    await ct.ok(['sh', '-c', 'cat > /tmp/unit.mustache'], [
      '[Unit]', 'Description=custom {{Description}}', '# custom template', '[Service]', 'Type={{Type}}', 'ExecStart={{ExecStart}}',
      'WorkingDirectory={{WorkingDirectory}}', '{{Environment}}', 'Restart={{Restart}}', '[Install]', 'WantedBy={{WantedBy}}', '',
    ].join('\n'));
    const r = await ct.cli(['install', '--name', name, '--template', '/tmp/unit.mustache', '--type', 'notify', '--env', `SK_OUT=${out}`, '--env', `NASTY=${NASTY_ENV}`, '--start', '--', FIXTURE, ...NASTY_ARGS]);
    assert.equal(r.code, 0, r.stderr);
    const unit = await ct.readFile(`/etc/systemd/system/${name}.service`);
    assert.match(unit, /^# custom template$/m);
    assert.match(unit, /^# managed-by: servicekit \(name=sk-e2e-tpl\)$/m);
    const got = await waitFor('received.json', async () => JSON.parse(await ct.readFile(`${out}/received.json`)) as Received);
    assert.deepEqual(got.argv, NASTY_ARGS);
    assert.equal(got.env['NASTY'], NASTY_ENV);
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
    assert.doesNotMatch(unit, /second|spaces/, 'the values stay in the file');
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
    await ct.ok(['chmod', '0666', `${dir}/fleet.json`]);
    const unsafe = await applyCli([`${dir}/fleet.json`]);
    assert.equal(unsafe.code, 1);
    assert.match(unsafe.stderr, /fleet\.json must be a regular file owned by root that no one else can write/);
    await ct.ok(['chmod', '0644', `${dir}/fleet.json`]);
    for (const n of ['sk-ap-b', 'sk-ap-c']) assert.equal((await ct.cli(['uninstall', n])).code, 0);
  });

  const show = async (unit: string) =>
    Object.fromEntries(
      (await ct.ok(['systemctl', 'show', '-p', 'ActiveState,Result', unit])).trim().split('\n').map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    ) as { ActiveState: string; Result: string };

  it('SIGTERM while start() still runs: start finishes, stop runs once, the unit ends cleanly', async () => {
    const name = 'sk-e2e-slowstart';
    const out = `/var/tmp/${name}`;
    await ct.ok(['node', CLI, 'install', '--name', name, '--type', 'notify', '--env', `SK_OUT=${out}`, '--env', 'SK_START_DELAY=3000', '--', FIXTURE]);
    await ct.ok(['systemctl', 'start', '--no-block', `${name}.service`]);
    // Once start() has begun (a signal before the program's handlers exist just ends the process).
    await waitFor('start() running', async () => ct.exists(`${out}/starting.json`));
    assert.equal((await show(`${name}.service`)).ActiveState, 'activating');
    await ct.ok(['systemctl', 'stop', `${name}.service`]); // SIGTERM while start() is still running
    assert.deepEqual(await show(`${name}.service`), { ActiveState: 'inactive', Result: 'success' });
    const files = (await ct.ok(['ls', out])).trim().split('\n');
    assert.ok(files.includes('received.json'), 'start completed');
    assert.equal(files.filter((f) => f.startsWith('stopped-')).length, 1, 'stop ran once');
    await ct.ok(['node', CLI, 'uninstall', name]);
  });

  it('a stop callback that hangs is bounded by stopTimeoutSec: run() gives up, the unit fails fast', async () => {
    const name = 'sk-e2e-hang';
    await ct.ok(['node', CLI, 'install', '--name', name, '--type', 'notify', '--env', `SK_OUT=/var/tmp/${name}`, '--env', 'SK_STOP_HANG=1', '--env', 'SK_STOP_TIMEOUT=1', '--start', '--', FIXTURE]);
    const t = Date.now();
    await ct.ok(['systemctl', 'stop', `${name}.service`]);
    const took = Date.now() - t;
    assert.ok(took < 10_000, `stop took ${took} ms (the unit's own TimeoutStopSec is 30 s)`);
    assert.deepEqual(await show(`${name}.service`), { ActiveState: 'failed', Result: 'exit-code' });
    await ct.ok(['node', CLI, 'uninstall', name]);
  });

  it('one binary (a single executable application): the binary alone is the command; run() sends READY=1 through koffi loaded from the blob; exact argv', async () => {
    await buildOneBinary({ out: path.join(REPO, 'build/sea-linux'), base: process.execPath, koffi: KOFFI_LINUX });
    const bin = `${MOUNT}/build/sea-linux/app`;
    const out = '/tmp/sk-sea-out';
    const app = (action: string) => ct.exec(['env', `SK_OUT=${out}`, 'SK_NAME=sk-sea', bin, action]);
    const inst = await app('install');
    assert.equal(inst.code, 0, inst.stderr);
    const unit = await ct.readFile('/etc/systemd/system/sk-sea.service');
    assert.match(unit, new RegExp(`^ExecStart="${bin}"$`, 'm'), 'the binary alone: no script argument');
    assert.match(unit, /^Type=notify$/m);
    assert.match(unit, new RegExp(`^WorkingDirectory=${MOUNT}/build/sea-linux$`, "m"));
    // Type=notify: start returns once systemd has READY=1, which run() sent through koffi (libc sendto).
    const start = await app('start');
    assert.equal(start.code, 0, start.stderr);
    const show = Object.fromEntries((await ct.ok(['systemctl', 'show', '-p', 'ActiveState,SubState,ExecMainPID,StatusErrno', 'sk-sea'])).trim().split('\n').map((l) => l.split('=', 2) as [string, string]));
    assert.equal(show['ActiveState'], 'active');
    assert.equal(show['SubState'], 'running');
    const received = JSON.parse(await ct.readFile(`${out}/received.json`)) as { argv: string[]; execPath: string; cwd: string; interactive: boolean; pid: number };
    assert.deepEqual(received.argv, [bin, bin], 'a SEA sees itself twice (binary, argv0) and no argument');
    assert.equal(received.execPath, bin);
    assert.equal(received.cwd, `${MOUNT}/build/sea-linux`);
    assert.equal(received.interactive, false);
    assert.equal(String(received.pid), show['ExecMainPID']);
    const un = await app('uninstall');
    assert.equal(un.code, 0, un.stderr);
    assert.equal(await ct.exists('/etc/systemd/system/sk-sea.service'), false);
  });

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

  it('a unit the manager does not know: both ways of talking to systemd say so as "missing" (what install\'s start without a reload falls back on); a unit written a moment ago starts without a reload', async () => {
    const script = `
      import { BusControl, SystemctlControl } from '${MOUNT}/build/src/platforms/systemd/control.js';
      import { busAt } from '${MOUNT}/build/src/platforms/systemd/bus.js';
      import { realHost } from '${MOUNT}/build/src/sys/host.js';
      import { writeFileSync } from 'node:fs';
      const bus = new BusControl(busAt('/run/systemd/private'));
      const ctl = new SystemctlControl(realHost, false, process.env);
      const out = {};
      for (const [via, c] of [['bus', bus], ['systemctl', ctl]]) out[via] = (await c.job('start', 'sk-e2e-nowhere.service'))?.missing ?? false;
      // Asked about first (systemctl show leaves a not-found unit in the manager; the bus path asks without loading), then written, enabled and started: no reload.
      for (const [via, c] of [['bus', bus], ['systemctl', ctl]]) {
        const unit = 'sk-e2e-fresh-' + via + '.service';
        await c.show([unit]);
        writeFileSync('/etc/systemd/system/' + unit, '[Service]\\nExecStart=/bin/sleep 1000\\n[Install]\\nWantedBy=multi-user.target\\n');
        out[via + ' fresh'] = (await c.enableNow(unit)) ?? 'done';
        out[via + ' state'] = (await c.show([unit]))[0].ActiveState;
        await c.disableNow(unit);
      }
      console.log(JSON.stringify(out));
    `;
    const reloads = async () => Number((await ct.ok(['sh', '-c', "journalctl -b -o cat _PID=1 | grep -c '^Reloading' || true"])).trim());
    const before = await reloads();
    const r = await ct.exec(['node', '--input-type=module', '-e', script]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), { bus: true, systemctl: true, 'bus fresh': 'done', 'bus state': 'active', 'systemctl fresh': 'done', 'systemctl state': 'active' });
    assert.equal(await reloads(), before, 'no daemon-reload');
    await ct.ok(['sh', '-c', 'rm -f /etc/systemd/system/sk-e2e-fresh-*.service && systemctl daemon-reload']);
  });

  it('an enabled service comes back after a reboot (system and lingering user; installed with --start, enabled without a reload, and without, enabled and reloaded)', async () => {
    const [system, user] = scopes(uid, 'bus');
    for (const [s, start] of [[system!, true], [user!, false]] as const) {
      const r = await ct.cli(
        ['install', '--name', s.name, ...(s.as ? ['--user'] : []), ...(start ? ['--start'] : []), '--type', 'notify', '--env', `SK_OUT=${s.out}-boot`, '--env', `SK_NAME=${s.name}`, '--', FIXTURE, 'boot'],
        s.as,
      );
      assert.equal(r.code, 0, r.stderr);
      // What the boot's own start writes, and nothing from before it.
      await ct.ok(['rm', '-f', `${s.out}-boot/received.json`]);
    }
    await ct.reboot();
    for (const s of [system!, user!]) {
      await waitFor(`${s.name} running after reboot`, async () => {
        const r = await ct.cli(['status', s.name, ...(s.as ? ['--user'] : [])], s.as);
        return r.code === 0 && (await ct.exists(`${s.out}-boot/received.json`));
      }, 30000);
      const got = JSON.parse(await ct.readFile(`${s.out}-boot/received.json`)) as Received;
      assert.deepEqual(got.argv, ['boot']);
    }
  });
});
