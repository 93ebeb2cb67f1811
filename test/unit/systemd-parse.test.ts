import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { enabledFromShow, parseShow, pidFromShow, stateFromShow } from '../../src/platforms/systemd/parse.js';

// Recorded from systemd 252 (`systemctl show -p LoadState,ActiveState,SubState,MainPID,UnitFileState,...`).
const RUNNING = 'LoadState=loaded\nActiveState=active\nSubState=running\nMainPID=129\nUnitFileState=enabled\nFragmentPath=/etc/systemd/system/x.service\nResult=success\nNRestarts=0\n';
const NOT_FOUND = 'LoadState=not-found\nActiveState=inactive\nSubState=dead\nMainPID=0\nUnitFileState=\nFragmentPath=\nResult=success\nNRestarts=0\n';

describe('systemctl show parsing', () => {
  it('parses KEY=VALUE lines, values may hold "="', () => {
    assert.deepEqual(parseShow('A=1\nB=x=y\n\nC=\n'), { A: '1', B: 'x=y', C: '' });
  });

  it('maps states', () => {
    const st = (a: string, extra = {}) => stateFromShow({ LoadState: 'loaded', ActiveState: a, ...extra });
    assert.equal(stateFromShow(parseShow(RUNNING)), 'running');
    assert.equal(stateFromShow(parseShow(NOT_FOUND)), 'not-installed');
    assert.equal(st('inactive'), 'stopped');
    assert.equal(st('failed'), 'failed');
    assert.equal(st('activating'), 'starting');
    assert.equal(st('deactivating'), 'stopping');
    assert.equal(st('reloading'), 'running');
    assert.equal(st('maintenance'), 'unknown');
  });

  it('reads the PID and the enabled state', () => {
    assert.equal(pidFromShow(parseShow(RUNNING)), 129);
    assert.equal(pidFromShow(parseShow(NOT_FOUND)), undefined);
    assert.equal(enabledFromShow(parseShow(RUNNING)), true);
    assert.equal(enabledFromShow({ UnitFileState: 'disabled' }), false);
    assert.equal(enabledFromShow(parseShow(NOT_FOUND)), undefined);
  });
});
