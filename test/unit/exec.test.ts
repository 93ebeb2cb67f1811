/** Running commands (src/sys/exec.ts): a stream of lines that an AbortSignal ends. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { spawnSync } from 'node:child_process';
import { exec, streamLines } from '../../src/sys/exec.js';

describe('streamLines', { skip: process.platform === 'win32' }, () => {
  it('an aborted signal ends the lines at once, the command killed, with no error even with check', async () => {
    const ac = new AbortController();
    const got: string[] = [];
    const started = performance.now();
    // A command that prints a line, then would print nothing more for a minute (a follow with nothing new).
    for await (const line of streamLines('sh', ['-c', 'echo first; exec sleep 60'], { check: true, signal: ac.signal })) {
      got.push(line);
      setTimeout(() => ac.abort(), 50);
    }
    assert.deepEqual(got, ['first']);
    assert.ok(performance.now() - started < 5000, 'ended by the abort, not by the command');
  });

  it('a signal aborted before it starts runs nothing', async () => {
    const got: string[] = [];
    for await (const line of streamLines('sh', ['-c', 'echo never'], { signal: AbortSignal.abort() })) got.push(line);
    assert.deepEqual(got, []);
  });
});

describe('exec with a signal', { skip: process.platform === 'win32' }, () => {
  it('an abort ends the command and what it started (its process group), lets its output go, and rejects at once', async () => {
    const ac = new AbortController();
    const marker = `sleep 60.${process.pid}`;
    // A start script whose child keeps the output pipes open (as start-stop-daemon --notify-await does).
    const running = exec('sh', ['-c', `${marker} & ${marker}`], { signal: ac.signal });
    setTimeout(() => ac.abort(new Error('SIGINT')), 100);
    const t0 = performance.now();
    await assert.rejects(running, (e: Error & { code?: string }) => e.code === 'ERR_COMMAND_FAILED' && /aborted/.test(e.message));
    assert.ok(performance.now() - t0 < 1000);
    await new Promise((r) => setTimeout(r, 100));
    const left = spawnSync('pgrep', ['-f', marker], { encoding: 'utf8' }).stdout.trim();
    assert.equal(left, '', 'nothing of the group left');
  });
});
