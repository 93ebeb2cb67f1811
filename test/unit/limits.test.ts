/**
 * Limits and stop behaviour: checked values, and what each manager writes for them (systemd
 * directives, ulimit in the init scripts' start subshell, Upstart stanzas, launchd resource limits,
 * SMF's credential and stop method). The e2e suites check the real effect under systemd, SysV and OpenRC.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { renderPlist } from '../../src/platforms/launchd/render.js';
import { renderOpenrcScript } from '../../src/platforms/openrc/render.js';
import { renderManifest } from '../../src/platforms/smf/render.js';
import { renderUnit } from '../../src/platforms/systemd/render.js';
import { renderSysvScript } from '../../src/platforms/sysv/render.js';
import { renderUpstartJob } from '../../src/platforms/upstart/render.js';
import { resolved } from './helpers.js';

const ALL = { groupName: 'adm', killSignal: 'INT', limits: { memoryMax: '512M', cpuQuota: 150, openFiles: 4096, processes: 'infinity' as const } };
const NO_CGROUPS = { groupName: 'adm', killSignal: 'SIGINT', limits: { openFiles: 4096, processes: 64 } };

describe('limits and stop behaviour', () => {
  it('checks the values, naming the field', () => {
    const bad: [object, RegExp][] = [
      [{ limits: { memoryMax: '12X' } }, /limits\.memoryMax: must be a number of bytes or a size/],
      [{ limits: { memoryMax: 1000 } }, /limits\.memoryMax: must be between/],
      [{ limits: { cpuQuota: 0 } }, /limits\.cpuQuota: must be between/],
      [{ limits: { openFiles: 0 } }, /limits\.openFiles/],
      [{ limits: { processes: 1.5 } }, /limits\.processes: must be an integer/],
      [{ limits: { swap: 1 } }, /limits/],
      [{ killSignal: 'SIGSTOP' }, /killSignal: SIGSTOP pauses/],
      [{ killSignal: 'NOPE' }, /killSignal: must be a signal name/],
      [{ groupName: 'a b' }, /groupName: "a b" is not a valid group name/],
      [{ groupName: 'adm', userService: true }, /groupName: a user service runs with its user's groups/],
      [{ limits: { openFiles: 10 }, systemd: { limitNOFILE: 10 } }, /limits\.openFiles: is also set as systemd\.limitNOFILE/],
    ];
    for (const [c, re] of bad) assert.throws(() => resolved(c), (e: Error & { code?: string }) => e.code === 'ERR_INVALID_CONFIG' && re.test(e.message), re.source);
    assert.equal(resolved({ limits: { memoryMax: '2G' } }).limits.memoryMax, 2 * 1024 ** 3);
    assert.equal(resolved({ systemd: { limitNOFILE: -1 } }).limits.openFiles, 'infinity');
    assert.equal(resolved({ killSignal: 'int' }).killSignal, 'SIGINT');
  });

  it('systemd: MemoryMax=, CPUQuota=, LimitNOFILE=, LimitNPROC=, Group=, KillSignal=; none of them by default', () => {
    const u = renderUnit(resolved(ALL));
    for (const l of ['MemoryMax=536870912', 'CPUQuota=150%', 'LimitNOFILE=4096', 'LimitNPROC=infinity', 'Group=adm', 'KillSignal=SIGINT']) assert.match(u, new RegExp(`^${l}$`, 'm'));
    assert.doesNotMatch(renderUnit(resolved()), /^(MemoryMax|CPUQuota|LimitNOFILE|LimitNPROC|Group|KillSignal)=/m);
  });

  it('SysV and OpenRC: ulimit in the start subshell (dash has -p, bash -u), the group and the stop signal to the daemon tools; valid sh', () => {
    for (const s of [renderSysvScript(resolved(NO_CGROUPS)), renderOpenrcScript(resolved(NO_CGROUPS)), renderOpenrcScript(resolved({ ...NO_CGROUPS, restart: 'no' }))]) {
      assert.match(s, /^ {4}ulimit -n 4096 \|\| exit 1$/m);
      assert.match(s, /^ {4}if ulimit -u >\/dev\/null 2>&1; then ulimit -u 64; else ulimit -p 64; fi \|\| exit 1$/m);
      assert.match(s, /--group 'adm'/);
      assert.match(s, /INT\/30\/KILL\/5/);
      assert.doesNotMatch(s, /TERM\//);
      execFileSync('sh', ['-n', '-c', s]);
    }
    assert.match(renderSysvScript(resolved({ limits: { openFiles: 'infinity' } })), /ulimit -n "\$\(cat \/proc\/sys\/fs\/nr_open\)"/);
  });

  it('Upstart: limit nofile/nproc, the group through start-stop-daemon, kill signal', () => {
    const j = renderUpstartJob(resolved(NO_CGROUPS));
    for (const l of ['limit nofile 4096 4096', 'limit nproc 64 64', 'kill signal INT']) assert.match(j, new RegExp(`^${l}$`, 'm'));
    assert.match(j, /^ {2}exec \/sbin\/start-stop-daemon .* --group 'adm' /m);
  });

  it('launchd: Soft/HardResourceLimits and GroupName; "infinity" refused (launchd takes numbers)', () => {
    const p = renderPlist(resolved({ groupName: 'staff', limits: { openFiles: 4096, processes: 64 } }));
    assert.match(p, /<key>GroupName<\/key>\s*<string>staff<\/string>/);
    assert.match(p, /<key>SoftResourceLimits<\/key>\s*<dict>\s*<key>NumberOfFiles<\/key>\s*<integer>4096<\/integer>\s*<key>NumberOfProcesses<\/key>\s*<integer>64<\/integer>/);
    assert.match(p, /<key>HardResourceLimits<\/key>/);
    assert.throws(() => renderPlist(resolved({ limits: { openFiles: 'infinity' } })), /limits\.openFiles: launchd takes a number/);
  });

  it('SMF: the group in the method credential, the stop method sends the kill signal', () => {
    const m = renderManifest(resolved({ groupName: 'staff', killSignal: 'SIGINT' }));
    assert.match(m, /<method_credential user="root" group="staff"\/>/);
    assert.match(m, /name="stop" exec=":kill -INT"/);
    assert.match(renderManifest(resolved()), /name="stop" exec=":kill"/);
  });
});
