/**
 * The measurements, run inside a real-systemd container (bench/run.ts boots it). Each figure is the
 * median of repeated runs of the library path and of its baseline, in this same invocation.
 * Prints one JSON object on stdout.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { createService, listServices } from 'servicekit';
import { median, pair, timeIt } from './figure.js';

const ROOT = '/opt/servicekit';
const CLI = `${ROOT}/dist/servicekit-cli.cjs`;
const REPS = Number(process.env['BENCH_REPS'] ?? 7);
const sh = (cmd: string, args: string[]) => execFileSync(cmd, args, { encoding: 'utf8' });


mkdirSync('/var/tmp/bench', { recursive: true });
const TRIVIAL = '/var/tmp/bench/trivial.js';
writeFileSync(TRIVIAL, 'setInterval(() => {}, 1 << 30);\n');
const RUN_SVC = '/var/tmp/bench/run-service.mjs';
writeFileSync(
  RUN_SVC,
  `import { createService } from '${ROOT}/dist/servicekit.js';
let t; const svc = createService({ start() { t = setInterval(() => {}, 1000); }, stop() { clearInterval(t); } }, { name: process.env.SVC ?? 'bench' });
await svc.run();
`,
);
const PLAIN_SVC = '/var/tmp/bench/plain-service.mjs';
writeFileSync(PLAIN_SVC, `const t = setInterval(() => {}, 1000); process.on('SIGTERM', () => clearInterval(t));\n`);

const results: Record<string, { lib: number; base: number; unit: string; note: string }> = {};

// 1. Library load: import + createService, against a bare node (cheap, so more runs: it is noisy).
// Also timed, for the note: the same import() of an empty module (Node's ES-module loader alone).
let nodeStart = 0;
{
  const EMPTY = '/var/tmp/bench/empty.mjs';
  writeFileSync(EMPTY, '');
  const node = (code: string) => () => spawnSync(process.execPath, ['--input-type=module', '-e', code]);
  const lib = node(`const m = await import('${ROOT}/dist/servicekit.js'); m.createService(null, { name: 'x' });`);
  const empty = node(`await import('${EMPTY}');`);
  const base = () => spawnSync(process.execPath, ['-e', '0']);
  const t: Record<'lib' | 'empty' | 'base', number[]> = { lib: [], empty: [], base: [] };
  for (let i = 0; i < 31; i++) {
    t.base.push(await timeIt(base));
    t.empty.push(await timeIt(empty));
    t.lib.push(await timeIt(lib));
  }
  nodeStart = median(t.base);
  const loader = median(t.empty) - nodeStart;
  results['load'] = {
    lib: median(t.lib),
    base: nodeStart,
    unit: 'ms',
    note: `node -e "import('servicekit'); createService()" vs node -e 0 (an import() of an empty module costs ${loader.toFixed(1)} ms of it: Node's ES-module loader)`,
  };
}

const INSTALL_ROUNDS = 11;

// 2. install -> running, then cleaned up, against the same unit written by hand with raw systemctl:
// through the CLI (two Node processes), and through the API (in this process).
{
  let n = 0;
  /** Renders the unit and returns the floor's work: the systemctl calls alone. */
  const byHand = () => {
    const name = `bench-raw-${n++}`;
    const unit = sh(process.execPath, [CLI, 'render', '--name', name, '--', process.execPath, TRIVIAL]).split('\n').slice(1).join('\n');
    // The floor: the fewest systemctl calls that do the same (two daemon reloads in all:
    // enable reloads implicitly; disable is told not to, as the final reload follows the rm).
    return () => {
      writeFileSync(`/etc/systemd/system/${name}.service`, unit);
      sh('systemctl', ['enable', '--now', `${name}.service`]);
      sh('systemctl', ['disable', '--now', '--no-reload', `${name}.service`]);
      sh('rm', [`/etc/systemd/system/${name}.service`]);
      sh('systemctl', ['daemon-reload']);
    };
  };
  const cli: number[] = [];
  const cliNoSettle: number[] = [];
  const api: number[] = [];
  const apiNoSettle: number[] = [];
  const hand: number[] = [];
  // 11 rounds: a daemon-reload's time varies by tens of ms from one to the next, and both sides wait for some.
  for (let i = 0; i < INSTALL_ROUNDS; i++) {
    hand.push(await timeIt(byHand())); // the unit is rendered before, outside the timed part
    const name = `bench-lib-${i}`;
    cli.push(
      await timeIt(() => {
        sh(process.execPath, [CLI, 'install', '--name', name, '--start', '--', process.execPath, TRIVIAL]);
        sh(process.execPath, [CLI, 'uninstall', name]);
      }),
    );
    cliNoSettle.push(
      await timeIt(() => {
        sh(process.execPath, [CLI, 'install', '--name', `${name}-quick`, '--start', '--settle-ms', '0', '--', process.execPath, TRIVIAL]);
        sh(process.execPath, [CLI, 'uninstall', `${name}-quick`]);
      }),
    );
    const svc = createService(null, { name: `bench-api-${i}`, executable: process.execPath, arguments: [TRIVIAL] });
    api.push(
      await timeIt(async () => {
        await svc.install({ start: true });
        await svc.uninstall();
      }),
    );
    const quick = createService(null, { name: `bench-api-quick-${i}`, executable: process.execPath, arguments: [TRIVIAL] });
    apiNoSettle.push(
      await timeIt(async () => {
        await quick.install({ start: true, settleMs: 0 });
        await quick.uninstall();
      }),
    );
  }
  const floor = median(hand);
  results['install'] = {
    lib: median(cli),
    base: floor,
    unit: 'ms',
    note: `servicekit install --start + uninstall vs the same unit by hand (write, enable --now, disable --now, rm, daemon-reload), with two Node start-ups and the 1.5 s settle window`,
  };
  results['install (CLI, --settle-ms 0)'] = {
    lib: median(cliNoSettle),
    base: floor,
    unit: 'ms',
    note: `the same with --settle-ms 0: up once, not watched (still two Node start-ups, 2 × ${nodeStart.toFixed(0)} ms)`,
  };
  results['install (API)'] = { lib: median(api), base: floor, unit: 'ms', note: 'the same through the API in one process: service.install({ start: true }) + service.uninstall() (with the 1.5 s settle window)' };
  results['install (API, settleMs 0)'] = {
    lib: median(apiNoSettle),
    base: floor,
    unit: 'ms',
    note: 'the same with install({ start: true, settleMs: 0 }): up once, not watched (the cost of the checks without the settle window)',
  };
}

// 3. status: calls per second of service.status() vs spawning `systemctl is-active`.
{
  sh(process.execPath, [CLI, 'install', '--name', 'bench-status', '--start', '--', process.execPath, TRIVIAL]);
  const svc = createService(null, { name: 'bench-status' });
  const N = 50;
  /** N status() calls against N systemctl is-active processes, as calls per second. */
  const rate = async (service: typeof svc, note: string) => {
    const r = await pair(
      async () => {
        for (let i = 0; i < N; i++) await service.status();
      },
      () => {
        for (let i = 0; i < N; i++) spawnSync('systemctl', ['is-active', 'bench-status.service']);
      },
      5,
    );
    return { lib: (N * 1000) / r.lib, base: (N * 1000) / r.base, unit: 'calls/s', note };
  };
  results['status'] = await rate(svc, 'service.status() (sd-bus: property reads on the connection it keeps) vs systemctl is-active, 50 calls');
  const ctl = createService(null, { name: 'bench-status' }, { env: { ...process.env, SERVICEKIT_LIBSYSTEMD: '0' } });
  results['status (systemctl path)'] = await rate(ctl, 'the same with SERVICEKIT_LIBSYSTEMD=0 (one systemctl show per call): the fallback');

  // logs -n 100: sd-journal vs journalctl, the same filter and the same 100 entries.
  const logSvc = createService(null, { name: 'bench-status' });
  for (let i = 0; i < 120; i++) spawnSync('logger', ['-t', 'bench-status', `bench log line ${i}`]);
  const readLogs = async () => {
    const lines: string[] = [];
    for await (const l of logSvc.logs({ lines: 100 })) lines.push(l);
  };
  const journalctl = () => spawnSync('journalctl', ['_SYSTEMD_UNIT=bench-status.service', '+', 'UNIT=bench-status.service', '_PID=1', '+', 'SYSLOG_IDENTIFIER=bench-status', '--no-pager', '-o', 'short-iso', '-n', '100']);
  // Each side once untimed (the journal files in the page cache, sd-journal's functions bound:
  // what a first call costs, not each read), then 3 × REPS pairs: a read takes a few ms, and
  // 7 pairs left the median to the noise of single runs (2.2× to 3.8× on the same day).
  await readLogs();
  journalctl();
  const lg = await pair(readLogs, journalctl, 3 * REPS);
  results['logs -n 100'] = { lib: lg.lib, base: lg.base, unit: 'ms', note: 'service.logs({ lines: 100 }) through sd-journal vs journalctl -n 100 with the same filter' };

  // watch: from the change (kill -9 of the main process) to the first event, vs one systemctl is-active (the least a poller pays to see it).
  const watchLatency: number[] = [];
  for (let i = 0; i < 5; i++) {
    await new Promise((res) => setTimeout(res, 1500)); // running again
    const ac = new AbortController();
    const it = logSvc.watch({ signal: ac.signal })[Symbol.asyncIterator]();
    const first = await it.next();
    const pid = first.value?.pid;
    let t = 0;
    const next = it.next();
    t = performance.now();
    process.kill(pid!, 'SIGKILL');
    await next;
    watchLatency.push(performance.now() - t);
    ac.abort();
    await it.return?.();
  }
  const isActive: number[] = [];
  for (let i = 0; i < 5; i++) isActive.push(await timeIt(() => spawnSync('systemctl', ['is-active', 'bench-status.service'])));
  results['watch'] = { lib: median(watchLatency), base: median(isActive), unit: 'ms', note: 'service.watch(): kill -9 of the service to the event (PropertiesChanged, no polling) vs one systemctl is-active' };
  sh(process.execPath, [CLI, 'uninstall', 'bench-status']);
}

// 3b. list: servicekit's 50 services with their state (their marked units, then one query) vs one systemctl is-active process.
{
  const names = Array.from({ length: 50 }, (_, i) => `bench-list-${i}`);
  for (const name of names) {
    const [unit] = await createService(null, { name, executable: process.execPath, arguments: [TRIVIAL] }).render();
    writeFileSync(unit!.path, unit!.content);
  }
  sh('systemctl', ['daemon-reload']);
  const r = await pair(
    async () => {
      const all = await listServices();
      if (all.filter((x) => x.name.startsWith('bench-list-')).length !== names.length) throw new Error('list: not all 50 found');
    },
    () => spawnSync('systemctl', ['is-active', 'bench-list-0.service']),
    REPS,
  );
  results['list of 50'] = { lib: r.lib, base: r.base, unit: 'ms', note: 'listServices() of 50 installed services (their marked unit files, then their states over sd-bus) vs one systemctl is-active process' };
  for (const name of names) rmSync(`/etc/systemd/system/${name}.service`);
  sh('systemctl', ['daemon-reload']);
}

// 4. stop latency: SIGTERM to exit, run() with an instant stop vs a bare node process exiting on SIGTERM.
{
  const latency = async (file: string) => {
    const child = spawn(process.execPath, [file], { stdio: 'ignore', env: { ...process.env, SVC: 'bench-stop' } });
    await new Promise((r) => setTimeout(r, 300)); // let it start
    const exited = new Promise<void>((r) => child.on('exit', () => r()));
    const t = performance.now();
    child.kill('SIGTERM');
    await exited;
    return performance.now() - t;
  };
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < REPS; i++) {
    b.push(await latency(PLAIN_SVC));
    a.push(await latency(RUN_SVC));
  }
  results['stop'] = { lib: median(a), base: median(b), unit: 'ms', note: 'SIGTERM -> exit: run() with an instant stop vs node exiting on SIGTERM' };
}

// 5. memory and processes per service: both installed for real.
{
  const rss = (unit: string) => {
    const pid = sh('systemctl', ['show', '-p', 'MainPID', '--value', unit]).trim();
    return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;
  };
  const procs = (unit: string) => readFileSync(`/sys/fs/cgroup/unified/system.slice/${unit}/cgroup.procs`, 'utf8').trim().split('\n').filter(Boolean).length;
  sh(process.execPath, [CLI, 'install', '--name', 'bench-mem-lib', '--type', 'notify', '--env', 'SVC=bench-mem-lib', '--start', '--', RUN_SVC]);
  sh(process.execPath, [CLI, 'install', '--name', 'bench-mem-plain', '--start', '--', PLAIN_SVC]);
  await new Promise((r) => setTimeout(r, 1000));
  results['rss'] = { lib: rss('bench-mem-lib.service'), base: rss('bench-mem-plain.service'), unit: 'MiB', note: 'RSS of a running service using run() vs a plain node script doing the same work' };
  let cgroupProcs: number;
  try {
    cgroupProcs = procs('bench-mem-lib.service');
  } catch {
    cgroupProcs = Number(sh('systemctl', ['show', '-p', 'TasksCurrent', '--value', 'bench-mem-lib.service']).trim());
  }
  results['processes'] = { lib: cgroupProcs, base: 1, unit: 'processes', note: 'processes in the service cgroup (wrapper-based peers: 3)' };
  sh(process.execPath, [CLI, 'uninstall', 'bench-mem-lib']);
  sh(process.execPath, [CLI, 'uninstall', 'bench-mem-plain']);
}

// 6. logger throughput under systemd: systemLogger() (the journal stream, as stderr is connected to it) vs console.log.
{
  const N = 20000;
  const prog = (mode: string) => `import { createService } from '${ROOT}/dist/servicekit.js';
const svc = createService(null, { name: 'bench-log' }); const log = svc.systemLogger();
const t = performance.now();
for (let i = 0; i < ${N}; i++) ${mode === 'lib' ? 'log.info("message %d of the benchmark", i)' : 'console.log("message %d of the benchmark", i)'};
await new Promise((r) => process.stdout.write('', r));
(await import('node:fs')).writeFileSync('/var/tmp/bench/elapsed', String(performance.now() - t));`;
  const measure = (mode: string) => {
    writeFileSync(`/var/tmp/bench/log-${mode}.mjs`, prog(mode));
    execFileSync('systemd-run', ['--wait', '--quiet', '-p', 'LogRateLimitIntervalSec=0', process.execPath, `/var/tmp/bench/log-${mode}.mjs`]);
    return (N * 1000) / Number(readFileSync('/var/tmp/bench/elapsed', 'utf8'));
  };
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < 5; i++) {
    b.push(measure('console'));
    a.push(measure('lib'));
  }
  results['logger'] = { lib: median(a), base: median(b), unit: 'msgs/s', note: `${N} info messages: systemLogger() to journald vs console.log to the journal stream` };
}

process.stdout.write(JSON.stringify(results) + '\n');
