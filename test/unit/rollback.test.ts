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
});
