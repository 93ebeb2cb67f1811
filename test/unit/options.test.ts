/**
 * No option silently dropped: every option is honoured on a platform or refused there with
 * ERR_UNSUPPORTED naming option and platform. The README's option table is this matrix; the test
 * fails when they differ (run it with SERVICEKIT_PRINT_OPTIONS=1 to print the table).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { resolveConfig, type Config } from '../../src/config.js';
import { UnsupportedError } from '../../src/errors.js';
import { PLATFORMS as RECORDS } from '../../src/platforms.js';
import type { Platform, Unsupported } from '../../src/platforms/platform.js';
import { refuseUnsupported } from '../../src/platforms/support.js';
import { CTX, FakeHost } from './helpers.js';

/** One sample per option (and per value where platforms differ on values). */
const SAMPLES: [string, Partial<Config>][] = [
  ['displayName, description', { displayName: 'D', description: 'd' }],
  ['executable, arguments', { executable: '/bin/true', arguments: ['a'] }],
  ['env', { env: { A: 'b' } }],
  ['environmentFile', { environmentFile: '/etc/app.env' }],
  ['workingDirectory', { workingDirectory: '/srv' }],
  ['userName', { userName: 'nobody' }],
  ['groupName', { groupName: 'nogroup' }],
  ['userService: true', { userService: true }],
  ['enabled: false', { enabled: false }],
  ['linger (user services)', { userService: true, linger: true }],
  ['dependencies', { dependencies: ['net'] }],
  ["dependencies as unit lines ('After=network.target')", { dependencies: ['After=network.target'] }],
  ['chroot', { chroot: '/srv' }],
  ["restart: 'always'", { restart: 'always' }],
  ["restart: 'on-failure'", { restart: 'on-failure' }],
  ["restart: 'no'", { restart: 'no' }],
  ["restart: 'on-success'", { restart: 'on-success' }],
  ["restart: 'on-abnormal', 'on-abort', 'on-watchdog'", { restart: 'on-abnormal' }],
  ['restartSec', { restartSec: 2 }],
  ['stopTimeoutSec', { stopTimeoutSec: 5 }],
  ['killSignal', { killSignal: 'SIGINT' }],
  ['limits.memoryMax, cpuQuota', { limits: { memoryMax: '512M', cpuQuota: 50 } }],
  ['limits.openFiles, processes', { limits: { openFiles: 4096, processes: 64 } }],
  ['logOutput: true', { logOutput: true }],
  ['logOutput: false', { logOutput: false }],
  ['logDirectory', { logDirectory: '/var/log/app' }],
  ['successExitStatus', { successExitStatus: [3] }],
  ['reloadSignal', { reloadSignal: 'SIGHUP' }],
  ['pidFile', { pidFile: '/run/app.pid' }],
  ['systemd.type', { systemd: { type: 'exec' } }],
  ['systemd.limitNOFILE', { systemd: { limitNOFILE: 4096 } }],
  ['systemd.startLimitIntervalSec, startLimitBurst', { systemd: { startLimitIntervalSec: 30, startLimitBurst: 5 } }],
  ['systemd.watchdogSec', { systemd: { watchdogSec: 10 } }],
  ['launchd.runAtLoad, sessionCreate, keepAlive', { launchd: { runAtLoad: false, sessionCreate: true, keepAlive: true } }],
  ['template (for the platform in use)', { template: '[Service]\nExecStart={{ExecStart}}\n' }],
  ['templates.systemd', { templates: { systemd: 'x' } }],
  ['templates.sysv', { templates: { sysv: 'x' } }],
  ['templates.openrc', { templates: { openrc: 'x' } }],
  ['templates.upstart', { templates: { upstart: 'x' } }],
  ['templates.launchd', { templates: { launchd: 'x' } }],
  ['windows.startType, delayedAutoStart, interactive', { windows: { startType: 'automatic', delayedAutoStart: true, interactive: true } }],
  ['windows.password', { userName: '.\\svc', windows: { password: 'x' } }],
  ['windows.onFailure, onFailureDelaySec, onFailureResetPeriodSec', { windows: { onFailure: 'restart', onFailureDelaySec: 5, onFailureResetPeriodSec: 60 } }],
  ['smf.prefix', { smf: { prefix: 'site' } }],
];

type Table = { id: Platform; unsupported: Unsupported };

function cell(platform: Table, sample: Partial<Config>): string {
  const cfg = resolveConfig({ name: 'opt', ...sample } as Config, CTX);
  try {
    refuseUnsupported(cfg, platform.id, platform.unsupported);
    return 'yes';
  } catch (e) {
    assert.ok(e instanceof UnsupportedError && e.message.includes(` is not supported on ${platform.id}: `), String(e));
    return 'no';
  }
}

function matrix(PLATFORMS: Table[]): string {
  const head = `| option | ${PLATFORMS.map((p) => p.id).join(' | ')} |`;
  const sep = `| --- |${PLATFORMS.map(() => ' --- |').join('')}`;
  const rows = SAMPLES.map(([label, sample]) => `| ${label} | ${PLATFORMS.map((p) => cell(p, sample)).join(' | ')} |`);
  return [head, sep, ...rows].join('\n');
}

describe('options per platform', () => {
  it('each option is honoured or refused with ERR_UNSUPPORTED naming it; the README table says which', async () => {
    const managers = await Promise.all(RECORDS.map((r) => r.manager(new FakeHost(), {})));
    const table = matrix(managers.map((m) => ({ id: m.platform, unsupported: m.unsupported })));
    if (process.env['SERVICEKIT_PRINT_OPTIONS']) console.log(table);
    const readme = readFileSync(fileURLToPath(new URL('../../../README.md', import.meta.url)), 'utf8');
    const inReadme = /<!-- options:start -->\n([\s\S]*?)\n<!-- options:end -->/.exec(readme)?.[1];
    assert.equal(inReadme, table);
  });
});
