/** The journal's entries as servicekit prints them, and the bus paths of units (pure parts of sd-bus/sd-journal use). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { unitPath } from '../../src/platforms/systemd/bus.js';
import { entryFrom, entryFromJson, formatEntry, isoLocal } from '../../src/platforms/systemd/journal-format.js';

describe('journal entries', () => {
  // A line of `journalctl -o json --all` as journalctl 252 writes it (fields trimmed).
  const line = JSON.stringify({
    __REALTIME_TIMESTAMP: '1764189065123456',
    _HOSTNAME: 'sk-systemd',
    SYSLOG_IDENTIFIER: 'echo-service',
    _COMM: 'node',
    _PID: '4242',
    MESSAGE: 'sk-e2e info line 4242',
  });

  it('reads journalctl -o json and formats it as short-iso does', () => {
    const e = entryFromJson(line)!;
    assert.deepEqual(e, { realtimeUsec: 1764189065123456n, hostname: 'sk-systemd', identifier: 'echo-service', pid: '4242', message: 'sk-e2e info line 4242' });
    assert.equal(formatEntry(e), `${isoLocal(1764189065123456n)} sk-systemd echo-service[4242]: sk-e2e info line 4242`);
  });

  it('falls back to _COMM and SYSLOG_PID; decodes byte arrays; indents continuation lines', () => {
    const e = entryFromJson(JSON.stringify({ __REALTIME_TIMESTAMP: '1', _COMM: 'node', SYSLOG_PID: '7', MESSAGE: [104, 105, 10, 116, 104, 101, 114, 101] }))!;
    assert.deepEqual([e.identifier, e.pid, e.message], ['node', '7', 'hi\nthere']);
    const [a, b] = formatEntry(e).split('\n');
    assert.ok(a!.endsWith('node[7]: hi'));
    assert.equal(b, ' '.repeat(a!.length - 'hi'.length) + 'there');
    assert.equal(entryFromJson('not json'), undefined);
    assert.equal(entryFromJson('{"MESSAGE":"no timestamp"}'), undefined);
    assert.equal(formatEntry(entryFrom(0n, {})).endsWith(': '), true);
  });

  it('writes local time with its offset (+HH:MM)', () => {
    assert.match(isoLocal(1764189065123456n), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/);
    const d = new Date(1764189065123);
    assert.equal(isoLocal(1764189065123456n).slice(11, 13), String(d.getHours()).padStart(2, '0'));
  });
});

describe('unit object paths', () => {
  it('escapes as sd_bus_path_encode does (every byte but letters and digits as _xx)', () => {
    // As systemctl show -p ObjectPath prints them (systemd 252).
    assert.equal(unitPath('sk-sea.service'), '/org/freedesktop/systemd1/unit/sk_2dsea_2eservice');
    assert.equal(unitPath('a_b@c.service'), '/org/freedesktop/systemd1/unit/a_5fb_40c_2eservice');
    assert.equal(unitPath('ü.service'), '/org/freedesktop/systemd1/unit/_c3_bc_2eservice');
  });
});
