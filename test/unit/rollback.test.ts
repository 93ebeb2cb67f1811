import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CommandFailedError, InterruptedError } from '../../src/errors.js';
import { withRollback } from '../../src/sys/rollback.js';

describe('withRollback', () => {
  it('undoes the steps done, newest first; an undo given up front also when its own step fails', async () => {
    const log: string[] = [];
    const failing = new CommandFailedError('systemctl', ['enable', '--now'], 1, 'start failed');
    await assert.rejects(
      withRollback(async (step) => {
        await step('a', async () => async () => void log.push('undo a'));
        await step('b', async () => undefined);
        await step(
          'c',
          async () => {
            throw failing;
          },
          async () => void log.push('undo c'),
        );
      }),
      (e) => e === failing,
    );
    assert.deepEqual(log, ['undo c', 'undo a']);
  });

  it('an abort stops before the next step runs: its undo is not registered, the steps done are undone', async () => {
    const log: string[] = [];
    const ctl = new AbortController();
    await assert.rejects(
      withRollback(
        async (step) => {
          await step('a', async () => {
            ctl.abort(new Error('stop'));
            return async () => void log.push('undo a');
          });
          await step('b', async () => void log.push('ran b'), async () => void log.push('undo b'));
        },
        { signal: ctl.signal },
      ),
      InterruptedError,
    );
    assert.deepEqual(log, ['undo a']);
  });

  it('an abort while a step with an up-front undo waits (a start job that never ends): its undo ends the wait at once, then everything is undone', async () => {
    const log: string[] = [];
    const ctl = new AbortController();
    let cancelJob!: () => void;
    const t0 = Date.now();
    setTimeout(() => ctl.abort(new Error('SIGINT')), 20);
    await assert.rejects(
      withRollback(
        async (step) => {
          await step('write', async () => async () => void log.push('undo write'));
          await step(
            'start',
            // Waits until stopped, as a start job of a program that never reports ready.
            () => new Promise<void>((_, reject) => (cancelJob = () => reject(new Error('job canceled')))),
            async () => {
              log.push('stop');
              cancelJob();
            },
          );
          log.push('after start');
        },
        { signal: ctl.signal },
      ),
      (e) => e instanceof InterruptedError && /interrupted \(SIGINT\) during "start"/.test(e.message),
    );
    assert.ok(Date.now() - t0 < 1000, `took ${Date.now() - t0} ms`);
    // The undo ran at once (ending the wait), and again in the rollback after the step let go.
    assert.deepEqual(log, ['stop', 'stop', 'undo write']);
  });

  it('a step its undo does not end is given a second, then left: the caller is told to end it (onAbandon), and the rollback goes on', async () => {
    const log: string[] = [];
    const ctl = new AbortController();
    setTimeout(() => ctl.abort(new Error('SIGTERM')), 20);
    const t0 = Date.now();
    await assert.rejects(
      withRollback(
        async (step) => {
          await step('start', () => new Promise<void>(() => undefined), async () => void log.push('stop'));
        },
        { signal: ctl.signal, onAbandon: () => log.push('abandoned') },
      ),
      InterruptedError,
    );
    const took = Date.now() - t0;
    assert.ok(took >= 900 && took < 2000, `took ${took} ms`);
    assert.deepEqual(log, ['stop', 'abandoned', 'stop']);
  });
});
