/** Why a start under systemd's sandbox failed (src/platforms/systemd/diagnose.ts): the records and the last words read. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { endOf, levelOfUnit, sandboxHint } from '../../src/platforms/systemd/diagnose.js';

const exited = (status: number) => ({ Result: 'exit-code', ExecMainCode: '1', ExecMainStatus: String(status) });

describe('systemd: the sandbox named when a start fails', () => {
  it('names the directive and the way out, from the exit record or the program\'s own words', () => {
    assert.match(sandboxHint('standard', exited(226), []) ?? '', /226\/NAMESPACE.*--hardening none/);
    assert.match(sandboxHint('strict', { ExecMainCode: '2', ExecMainStatus: '31' }, []) ?? '', /SIGSYS.*SystemCallFilter=.*--hardening standard/);
    // Node's message, Python's, and Node's error object printed whole.
    for (const lines of [
      ["Error: EROFS: read-only file system, open '/etc/app/state'"],
      ["OSError: [Errno 30] Read-only file system: '/etc/app/state'"],
      ['  errno: -30,', "  code: 'EROFS',", "  syscall: 'open',", "  path: '/etc/app/state'", '}'],
    ]) {
      assert.match(sandboxHint('standard', exited(1), lines) ?? '', /makes \/etc\/app\/state read-only \(ProtectSystem=, ProtectHome=\): add it to readWritePaths/, lines.join('|'));
    }
    assert.match(sandboxHint('strict', exited(1), ['OSError: [Errno 97] Address family not supported by protocol']) ?? '', /RestrictAddressFamilies=/);
    assert.match(sandboxHint('strict', exited(1), ["PermissionError: [Errno 13] Permission denied: '/srv/data'"]) ?? '', /\/srv\/data refused/);
  });

  it('says nothing where nothing points at the sandbox, or there is none', () => {
    assert.equal(sandboxHint('standard', exited(1), ['Error: listen EADDRINUSE: address already in use :::8080']), undefined);
    assert.equal(sandboxHint('none', exited(226), ["EROFS: read-only file system, open '/x'"]), undefined);
  });

  it("tells systemd's record of the last end in words, and a unit's level from its lines", () => {
    assert.equal(endOf(exited(3)), 'the program exited with status 3');
    assert.equal(endOf({ Result: 'signal', ExecMainStatus: '9' }), 'the program was killed by signal 9');
    assert.match(endOf({ Result: 'start-limit-hit' }) ?? '', /start limit/);
    assert.equal(endOf({ Result: 'success' }), undefined);
    assert.equal(levelOfUnit('[Service]\nProtectSystem=strict\n'), 'strict');
    assert.equal(levelOfUnit('[Service]\nProtectSystem=full\n'), 'standard');
    assert.equal(levelOfUnit('[Service]\nExecStart=/bin/true\n'), 'none');
  });
});
