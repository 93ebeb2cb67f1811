/**
 * servicekit's side of a Windows service, without Windows: the state machine every dispatcher
 * drives (scm-service.ts), the rotating output files (output.ts) and the log reader (log-files.ts).
 * The end-to-end suite runs them under Wine's SCM.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, appendFileSync, renameSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { SC } from '../../src/platforms/windows/constants.js';
import { EXIT, ScmService, type ScmProgram } from '../../src/platforms/windows/scm-service.js';
import { RotatingFile } from '../../src/platforms/windows/output.js';
import { readLogs } from '../../src/platforms/windows/log-files.js';

function recorder() {
  const states: string[] = [];
  return {
    states,
    report: (st: { dwCurrentState: number; dwWin32ExitCode: number; dwServiceSpecificExitCode: number }) => {
      const name = ({ [SC.START_PENDING]: 'START_PENDING', [SC.RUNNING]: 'RUNNING', [SC.STOP_PENDING]: 'STOP_PENDING', [SC.STOPPED]: 'STOPPED' } as Record<number, string>)[st.dwCurrentState]!;
      const last = states.at(-1);
      const entry = st.dwWin32ExitCode ? `${name} ${st.dwServiceSpecificExitCode}` : name;
      if (last !== entry) states.push(entry);
      return true;
    },
  };
}

const program = (over: Partial<ScmProgram> = {}): ScmProgram => ({ start: async () => undefined, stop: async () => undefined, ...over });

describe('Windows service states (scm-service.ts)', () => {
  it('start, then stop: START_PENDING, RUNNING, STOP_PENDING, STOPPED', async () => {
    const r = recorder();
    const svc = new ScmService(program(), { report: r.report, stopTimeoutMs: 1000 });
    await svc.start();
    await svc.stop('stop');
    assert.deepEqual(r.states, ['START_PENDING', 'RUNNING', 'STOP_PENDING', 'STOPPED']);
    assert.equal(svc.failure, undefined);
  });

  it('a start that throws stops with its code (1, or the one it carries: the host passes the program exit code)', async () => {
    for (const [err, code] of [[new Error('x'), EXIT.startFailed], [Object.assign(new Error('exited'), { serviceExitCode: 7 }), 7]] as const) {
      const r = recorder();
      const svc = new ScmService(program({ start: async () => Promise.reject(err) }), { report: r.report, stopTimeoutMs: 1000 });
      await svc.start();
      assert.deepEqual(r.states, ['START_PENDING', `STOPPED ${code}`]);
      assert.equal(svc.failure?.phase, 'start');
    }
  });

  it('a stop asked for while starting is taken once running; a stop that hangs is bounded (3), one that throws is 2', async () => {
    const r = recorder();
    let go!: () => void;
    const svc = new ScmService(program({ start: () => new Promise<void>((res) => (go = res)) }), { report: r.report, stopTimeoutMs: 1000 });
    const started = svc.start();
    assert.equal(svc.control(SC.CONTROL_STOP), 0);
    go();
    await started;
    assert.deepEqual(r.states, ['START_PENDING', 'RUNNING', 'STOP_PENDING', 'STOPPED']);
    const hang = recorder();
    const h = new ScmService(program({ stop: () => new Promise<void>(() => undefined) }), { report: hang.report, stopTimeoutMs: 50 });
    await h.start();
    // The bound's timer is unreferenced (see the last test): something else keeps this process up meanwhile.
    const keep = setInterval(() => undefined, 1000);
    await h.stop('stop').finally(() => clearInterval(keep));
    assert.deepEqual(hang.states.at(-1), `STOPPED ${EXIT.stopTimedOut}`);
    assert.equal(h.failure?.phase, 'timeout');
    const bad = recorder();
    const b = new ScmService(program({ stop: async () => Promise.reject(new Error('no')) }), { report: bad.report, stopTimeoutMs: 1000 });
    await b.start();
    await b.stop('shutdown');
    assert.deepEqual(bad.states.at(-1), `STOPPED ${EXIT.stopFailed}`);
    assert.equal(b.failure?.phase, 'shutdown');
  });

  it('a program that ends by itself: STOPPED with its exit code (0: clean); nothing after STOPPED', async () => {
    for (const code of [0, 9]) {
      const r = recorder();
      const svc = new ScmService(program(), { report: r.report, stopTimeoutMs: 1000 });
      await svc.start();
      svc.ended(code);
      svc.ended(1);
      await svc.stop('stop');
      assert.deepEqual(r.states, ['START_PENDING', 'RUNNING', code ? `STOPPED ${code}` : 'STOPPED']);
    }
  });

  it("the machine's shutdown: PRESHUTDOWN (accepted while running) calls the shutdown stop, as SHUTDOWN does", async () => {
    for (const ctrl of [SC.CONTROL_PRESHUTDOWN, SC.CONTROL_SHUTDOWN]) {
      const kinds: string[] = [];
      let accepted = 0;
      const svc = new ScmService(program({ stop: async (kind) => void kinds.push(kind) }), {
        report: (st) => {
          if (st.dwCurrentState === SC.RUNNING) accepted = st.dwControlsAccepted;
          return true;
        },
        stopTimeoutMs: 1000,
      });
      await svc.start();
      assert.equal(accepted & SC.ACCEPT_PRESHUTDOWN, SC.ACCEPT_PRESHUTDOWN);
      assert.equal(svc.control(ctrl), 0);
      await svc.whenStopped();
      assert.deepEqual(kinds, ['shutdown']);
    }
  });

  it('answers INTERROGATE, refuses controls it does not take', () => {
    const svc = new ScmService(program(), { report: () => true, stopTimeoutMs: 1000 });
    assert.equal(svc.control(SC.CONTROL_INTERROGATE), 0);
    assert.equal(svc.control(10), 120);
  });

  it('the stop bound does not keep the process alive (a plain Node program ends when its work does)', async () => {
    const svc = new ScmService(program({ stop: () => new Promise<void>(() => undefined) }), { report: () => true, stopTimeoutMs: 60_000 });
    await svc.start();
    void svc.stop('stop');
    assert.deepEqual(process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length, 0);
    svc.dispose();
  });
});

describe('Windows output files (output.ts, log-files.ts)', () => {
  it('rotate by size at a line end: .1 … .5 kept, nothing lost, nothing doubled, no line cut in two (chunks split lines anywhere)', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'sk-rot-'));
    try {
      const f = new RotatingFile(path.join(dir, 'a.out.log'), 1000, 5);
      const lines = Array.from({ length: 800 }, (_, i) => `line ${String(i).padStart(4, '0')}\n`);
      // Written as a pipe delivers it: chunks of 7 bytes, cutting lines anywhere.
      const all = Buffer.from(lines.join(''));
      for (let i = 0; i < all.length; i += 7) f.write(all.subarray(i, i + 7));
      f.close();
      assert.deepEqual(readdirSync(dir).sort(), ['a.out.log', 'a.out.log.1', 'a.out.log.2', 'a.out.log.3', 'a.out.log.4', 'a.out.log.5']);
      const kept = ['.5', '.4', '.3', '.2', '.1', ''].map((s) => readFileSync(path.join(dir, `a.out.log${s}`), 'utf8')).join('');
      assert.ok(kept.length <= 6 * 1000);
      assert.equal(kept, lines.slice(lines.length - kept.split('\n').length + 1).join(''), 'the newest lines, in order, each once');
      for (const s of ['.1', '.2', '.3', '.4', '.5']) {
        const text = readFileSync(path.join(dir, `a.out.log${s}`), 'utf8');
        assert.ok(text.length <= 1000 + 10, `${s}: at most the size and the end of one line`);
        assert.match(text, /^(line \d{4}\n)+$/, `${s}: whole lines only`);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('logs: the last N lines of stdout then stderr; -f follows both across a rotation', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'sk-logs-'));
    const files = { out: path.join(dir, 's.out.log'), err: path.join(dir, 's.err.log') };
    try {
      writeFileSync(files.out, 'o1\no2\no3\n');
      writeFileSync(files.err, 'e1\r\ne2\r\n');
      const got: string[] = [];
      for await (const l of readLogs(files, { lines: 2 })) got.push(l);
      assert.deepEqual(got, ['o2', 'o3', 'e1', 'e2']);
      const ac = new AbortController();
      const seen: string[] = [];
      const follow = (async () => {
        for await (const l of readLogs(files, { lines: 1, follow: true, signal: ac.signal })) {
          seen.push(l);
          if (seen.length === 6) ac.abort();
        }
      })();
      await new Promise((r) => setTimeout(r, 300));
      appendFileSync(files.out, 'o4\npart');
      appendFileSync(files.err, 'e3\n');
      await new Promise((r) => setTimeout(r, 300));
      renameSync(files.out, `${files.out}.1`);
      writeFileSync(files.out, 'o5\n');
      await follow;
      assert.deepEqual(seen, ['o3', 'e2', 'o4', 'e3', 'part', 'o5']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
