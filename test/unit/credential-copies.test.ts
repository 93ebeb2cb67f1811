/**
 * The credential copies launchd and SMF services get (shared/credential-copies.ts), on this
 * machine's real file system: modes and owners as the kernel reports them, read by the service's
 * account and by no other (setpriv as each account), a link in the directory's place refused.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { PermissionError } from '../../src/errors.js';
import { copiesStale, readCopies, removeCopies, sourcesOf, writeCopies } from '../../src/platforms/shared/credential-copies.js';
import { realHost } from '../../src/sys/host.js';

const NOBODY = 65534;
const DAEMON = 1;
const root = process.geteuid?.() === 0;

describe('credential copies (launchd, SMF) on a real file system', { skip: root ? undefined : 'needs root (chown)' }, () => {
  const base = mkdtempSync(path.join(os.tmpdir(), 'sk-creds-'));
  // As /var/lib/servicekit is: root's, others may traverse it.
  chmodSync(base, 0o755);
  after(() => rmSync(base, { recursive: true, force: true }));
  const asAccount = (uid: number, file: string) => spawnSync('setpriv', [`--reuid=${uid}`, `--regid=${uid}`, '--clear-groups', 'cat', file], { encoding: 'utf8' });

  it("made afresh for the account: directory 0700 and files 0400, the account's; it reads them, another account cannot; stale when a source changes; removed", async () => {
    const src = path.join(base, 'token.src');
    writeFileSync(src, Buffer.from([0, 1, 2, 255, 10]), { mode: 0o600 });
    const c = { directory: path.join(base, 'state', 'credentials', 'web'), files: { token: src }, owner: { uid: NOBODY, gid: NOBODY } };
    await writeCopies(realHost, c, await sourcesOf(realHost, c));
    const d = statSync(c.directory);
    const f = statSync(path.join(c.directory, 'token'));
    assert.deepEqual([d.mode & 0o777, d.uid, d.gid, f.mode & 0o777, f.uid, f.gid], [0o700, NOBODY, NOBODY, 0o400, NOBODY, NOBODY]);
    assert.equal(statSync(path.dirname(c.directory)).mode & 0o777, 0o755, 'the parent stays root-owned and traversable');
    assert.deepEqual(readFileSync(path.join(c.directory, 'token')), Buffer.from([0, 1, 2, 255, 10]), 'the bytes exactly');
    assert.equal(asAccount(NOBODY, path.join(c.directory, 'token')).status, 0, 'the service account reads it');
    assert.notEqual(asAccount(DAEMON, path.join(c.directory, 'token')).status, 0, 'another account cannot');
    assert.equal(await copiesStale(realHost, c, c.directory), false);
    writeFileSync(src, 'rotated');
    assert.equal(await copiesStale(realHost, c, c.directory), true);
    assert.equal(await copiesStale(realHost, undefined, c.directory), true, 'credentials dropped: the copies go');
    await removeCopies(realHost, c.directory);
    assert.equal((await readCopies(realHost, c.directory)).size, 0);
  });

  it('a link in the directory\'s place is refused, never followed; a link the account planted inside is removed, its target untouched', async () => {
    const target = path.join(base, 'elsewhere');
    writeFileSync(target, 'keep');
    const dir = path.join(base, 'linked');
    symlinkSync(base, dir);
    await assert.rejects(readCopies(realHost, dir), PermissionError);
    await assert.rejects(removeCopies(realHost, dir), PermissionError);
    const c = { directory: path.join(base, 'planted'), files: {}, owner: { uid: NOBODY, gid: NOBODY } };
    await writeCopies(realHost, c, new Map());
    symlinkSync(target, path.join(c.directory, 'token'));
    await removeCopies(realHost, c.directory);
    assert.equal(readFileSync(target, 'utf8'), 'keep');
  });
});
