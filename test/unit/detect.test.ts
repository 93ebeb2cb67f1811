import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { detectPlatform, isInteractive } from '../../src/platforms.js';
import type { Probe } from '../../src/platforms/probe.js';

function probe(p: Partial<Probe> & { files?: Record<string, string>; paths?: string[] } = {}): Probe {
  const files = p.files ?? {};
  return {
    platform: 'linux',
    exists: (f) => f in files || (p.paths ?? []).some((d) => f === d),
    read: (f) => files[f],
    run: p.run ?? (() => undefined),
    env: p.env ?? {},
    pid: 100,
    ppid: p.ppid ?? 50,
    stderrId: p.stderrId ?? (() => '1:2'),
    ...(p.platform ? { platform: p.platform } : {}),
  };
}

describe('platform detection', () => {
  it('finds systemd by /run/systemd/system', () => {
    assert.equal(detectPlatform(probe({ paths: ['/run/systemd/system', '/etc/init.d'] })), 'linux-systemd');
  });
  it('falls back to SysV when only /etc/init.d exists', () => {
    assert.equal(detectPlatform(probe({ paths: ['/etc/init.d'] })), 'unix-systemv');
  });
  it('finds OpenRC by its softlevel file before SysV', () => {
    assert.equal(detectPlatform(probe({ paths: ['/run/openrc/softlevel', '/etc/init.d'] })), 'linux-openrc');
  });
  it('finds nothing on a machine without an init system', () => {
    assert.equal(detectPlatform(probe()), undefined);
  });
  it('maps darwin and win32', () => {
    assert.equal(detectPlatform(probe({ platform: 'darwin' })), 'darwin-launchd');
    assert.equal(detectPlatform(probe({ platform: 'win32' })), 'windows-service');
  });
  it('finds SMF on Solaris / illumos by its tools, and a process svc.startd started by SMF_FMRI and SMF_METHOD', () => {
    assert.equal(detectPlatform(probe({ platform: 'sunos', paths: ['/usr/bin/svcs', '/usr/sbin/svcadm'] })), 'solaris-smf');
    assert.equal(detectPlatform(probe({ platform: 'sunos' })), undefined);
    assert.equal(isInteractive(probe({ platform: 'sunos', env: { SMF_FMRI: 'svc:/application/web:default', SMF_METHOD: 'start' } })), false);
    assert.equal(isInteractive(probe({ platform: 'sunos', env: { SMF_FMRI: 'svc:/application/web:default', SMF_METHOD: 'refresh' } })), true);
  });
});

describe('interactive detection', () => {
  it('a shell child is interactive', () => {
    assert.equal(isInteractive(probe({ files: { '/proc/50/comm': 'bash\n' } })), true);
  });
  it('a child of systemd (system or user manager) is not', () => {
    assert.equal(isInteractive(probe({ files: { '/proc/50/comm': 'systemd\n' } })), false);
  });
  it('stderr connected to the journal stream is not, even under a wrapper', () => {
    assert.equal(isInteractive(probe({ files: { '/proc/50/comm': 'sh\n' }, env: { JOURNAL_STREAM: '9:1234' }, stderrId: () => '9:1234' })), false);
  });
  it('an inherited JOURNAL_STREAM with stderr elsewhere is still interactive', () => {
    assert.equal(isInteractive(probe({ files: { '/proc/50/comm': 'bash\n' }, env: { JOURNAL_STREAM: '9:1234' }, stderrId: () => '1:2' })), true);
  });
  it('a daemon re-parented to PID 1 is not', () => {
    assert.equal(isInteractive(probe({ ppid: 1 })), false);
  });
  it("OpenRC's supervise-daemon child is not (comm is cut to 15 characters)", () => {
    assert.equal(isInteractive(probe({ files: { '/proc/50/comm': 'supervise-daemo\n' } })), false);
  });
});
