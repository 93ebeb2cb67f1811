/**
 * End to end against a real systemd 252: a system service and a --user service under a lingering
 * user, each through both ways servicekit talks to systemd (sd-bus/sd-journal, and
 * systemctl/journalctl), from install to uninstall: each group is one service's life, in order.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { CLI, Container, e2eSuiteOptions, waitFor } from '../harness/container.js';
import type { Received } from '../../fixtures/echo-service.js';
import { HOSTILE_ARGS, HOSTILE_ENV, hostileEnvFlags, hostileEnvOf } from '../../hostile.js';
import { withSystemd, FIXTURE, scopes, SHIM, viaEnv, type Scope } from './setup.js';
import { assertUsage, withoutUsage, type UsageJson } from '../usage.js';

describe('systemd end to end: the life of a service', e2eSuiteOptions(), () => {
  let ct: Container;
  let uid = 0;

  withSystemd('sk-systemd', (b) => ({ ct, uid } = b));

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
        return { code: r.code, ...(JSON.parse(r.stdout) as { state: string; pid: number | null; enabled: boolean | null } & UsageJson) };
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
            '--env', `SK_OUT=${s.out}`, '--env', `SK_NAME=${s.name}`, ...hostileEnvFlags(),
            '--start', '--', FIXTURE, ...HOSTILE_ARGS,
          ],
          s.as,
          viaEnv(via),
        );
        assert.equal(r.code, 0, r.stderr);
        assert.match(r.stdout, /installed .* and started it/);
        const got = await waitFor('received.json', received);
        assert.deepEqual(got.argv, HOSTILE_ARGS);
        assert.deepEqual(hostileEnvOf(got.env), HOSTILE_ENV);
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

      it('reports running (exit 0) with the PID, its memory, CPU time and uptime', async () => {
        const st = await status();
        assert.equal(st.code, 0);
        assert.equal(st.state, 'running');
        assert.equal(st.pid, firstPid);
        assert.equal(st.enabled, true);
        const plain = await ct.cli(['status', s.name, ...userFlag()], s.as, viaEnv(via));
        assert.match(plain.stdout, new RegExp(`^${s.name}: running`));
        // What pm2 list shows: memory, CPU time and uptime, against ps's figures for the program.
        await assertUsage(ct, firstPid, st, plain.stdout);
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
        assert.deepEqual(got.argv, HOSTILE_ARGS);
        firstPid = got.pid;
      });

      it('logs -f follows: a line logged after it started is printed', async () => {
        const out = `${s.out}/follow.log`;
        const vars = Object.entries(viaEnv(via)).map(([k, v]) => `${k}=${v}`).join(' ');
        const as = s.as ? `runuser -u ${s.as.user} -- env HOME=/home/${s.as.user} XDG_RUNTIME_DIR=/run/user/${s.as.uid} ` : '';
        const cmd = `echo $$ > ${out}.pid; exec env ${vars} timeout -s INT 20 node ${CLI} logs ${s.name} ${userFlag().join(' ')} -f -n 0 > ${out} 2>&1`;
        // No sleep as synchronisation: the line is logged again until the follower has printed it
        // (it follows from its start, so a line logged before that is not printed), then it is stopped.
        await ct.ok(['sh', '-c', `${as}sh -c '${cmd}' & for i in $(seq 100); do ${as}logger -t ${s.name} sk-e2e followed line; grep -q 'followed line' ${out} 2> /dev/null && break; sleep 0.2; done; kill -INT $(cat ${out}.pid); wait`]);
        assert.match(await ct.readFile(out), new RegExp(`${s.name}\\[\\d+\\]: sk-e2e followed line`));
      });

      it('logs -f into a pipe whose reader has gone (| head -n 1) ends by itself, quietly, at the next line', async () => {
        const dir = `${s.out}/follow-head`;
        const vars = Object.entries(viaEnv(via)).map(([k, v]) => `${k}=${v}`).join(' ');
        const as = s.as ? `runuser -u ${s.as.user} -- env HOME=/home/${s.as.user} XDG_RUNTIME_DIR=/run/user/${s.as.uid} ` : '';
        // The command's own exit code (not head's): 124 would be the timeout's, i.e. still following.
        const cmd = `{ env ${vars} timeout 20 node ${CLI} logs ${s.name} ${userFlag().join(' ')} -f -n 0 2> ${dir}/err; echo $? > ${dir}/rc; } | head -n 1 > ${dir}/out`;
        await ct.ok(['sh', '-c', `mkdir -p ${dir} && chmod 777 ${dir}`]);
        // Line 1 until head has it (and is gone), then line 2 until the command has ended: observed, not slept on.
        const until = (file: string, line: string) => `for i in $(seq 100); do ${as}logger -t ${s.name} ${line}; [ -s ${file} ] && break; sleep 0.2; done`;
        await ct.ok(['sh', '-c', `${as}sh -c '${cmd}' & ${until(`${dir}/out`, 'sk-e2e head line 1')}; ${until(`${dir}/rc`, 'sk-e2e head line 2')}; wait`]);
        assert.match(await ct.readFile(`${dir}/out`), new RegExp(`${s.name}\\[\\d+\\]: sk-e2e head line 1\n$`));
        assert.deepEqual([(await ct.readFile(`${dir}/rc`)).trim(), await ct.readFile(`${dir}/err`)], ['0', '']);
      });

      it('status --watch prints each change as systemd makes it: running, the crash, running again with a new PID', async () => {
        const log = `${s.out}/watch.jsonl`;
        const vars = Object.entries(viaEnv(via)).map(([k, v]) => `${k}=${v}`).join(' ');
        const cmd = `echo $$ > ${log}.pid; exec env ${vars} timeout -s INT 30 node ${CLI} status ${s.name} --watch --json ${userFlag().join(' ')} > ${log} 2>&1`;
        const as = s.as ? `runuser -u ${s.as.user} -- env HOME=/home/${s.as.user} XDG_RUNTIME_DIR=/run/user/${s.as.uid} ` : '';
        // The crash once the watcher has printed its first state; stopped once it has printed a second running line.
        await ct.ok(['sh', '-c', `${as}sh -c '${cmd}' & for i in $(seq 150); do [ -s ${log} ] && break; sleep 0.1; done; kill -9 ${firstPid}; for i in $(seq 150); do [ "$(grep -c '"running"' ${log})" -ge 2 ] && break; sleep 0.1; done; kill -INT $(cat ${log}.pid); wait`]);
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
        const up = await cli(['update', ...base, ...hostileEnvFlags(), '--', FIXTURE, ...HOSTILE_ARGS]);
        assert.equal(up.code, 0, up.stderr);
        assert.match(up.stdout, /updated .* and restarted it/);
        const got = JSON.parse(await ct.readFile(`${out}/received.json`)) as Received;
        assert.deepEqual(got.argv, HOSTILE_ARGS);
        assert.deepEqual(hostileEnvOf(got.env), HOSTILE_ENV);
        assert.equal(await ct.exists(wants), true, 'still enabled');
        const same = await cli(['update', ...base, ...hostileEnvFlags(), '--', FIXTURE, ...HOSTILE_ARGS]);
        assert.match(same.stdout, /unchanged/);
        // Only what is given changes (over the configuration stored at install): one variable added.
        const partial = await cli(['update', name, ...userFlag(), '--env', 'ADDED=only this']);
        assert.equal(partial.code, 0, partial.stderr);
        const added = JSON.parse(await ct.readFile(`${out}/received.json`)) as Received;
        assert.equal(added.env['ADDED'], 'only this');
        assert.deepEqual(hostileEnvOf(added.env), HOSTILE_ENV);
        assert.deepEqual(added.argv, HOSTILE_ARGS);
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
        assert.deepEqual(after.argv, HOSTILE_ARGS, 'the previous version runs again');
        assert.equal((await cli(['uninstall', name, ...userFlag()])).code, 0);
        assert.equal(await ct.exists(stored), false, 'the stored configuration goes with the service');
      });

      it('--no-enable, enable and disable: the wants link and the enabled state follow, the running state does not', async () => {
        const name = `${s.name}-boot`;
        const wants = `${s.as ? `/home/${s.as.user}/.config/systemd/user/default.target.wants` : '/etc/systemd/system/multi-user.target.wants'}/${name}.service`;
        // The usage figures change from one reading to the next: compared without them.
        const st = async () => withoutUsage(JSON.parse((await ct.cli(['status', name, '--json', ...userFlag()], s.as, viaEnv(via))).stdout) as { state: string; enabled: boolean | null });
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
});
