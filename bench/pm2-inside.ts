/**
 * servicekit against pm2, inside a real-systemd container (bench/run.ts --pm2 boots it, after
 * installing pm2 from bench/pm2's lockfile): an HTTP service of 4 processes on one port restarted
 * under a client (servicekit's rolling restart of --instances 4 --listen, pm2's reload in cluster
 * mode, and a plain systemctl restart of one process without a held socket), the memory of the
 * arrangement, and the creation of 20 and 100 services (apply vs pm2 start of an ecosystem file).
 * Prints one JSON object on stdout.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { median, timeIt, type Figure } from './figure.js';

const run = promisify(execFile);
const CLI = '/opt/servicekit/dist/servicekit-cli.cjs';
const PM2 = '/opt/servicekit/bench/pm2/node_modules/pm2/bin/pm2';
const PM2_HOME = '/var/tmp/bench-pm2';
const DIR = '/var/tmp/bench-pm2-app';
const REPS = 3;
const INSTANCES = 4;
/** How long the app takes before it listens (an ordinary start-up). */
const STARTUP_MS = 500;
/** The client runs this long before and after the restart command. */
const AROUND_MS = 1000;
const PERCENTILE = 0.99;
const KIB = 1024;
const MIB = 1024 * 1024;

const APP = `const http = require('node:http');
const fromSystemd = process.env.LISTEN_PID === String(process.pid) && Number(process.env.LISTEN_FDS) >= 1;
setTimeout(() => {
  const server = http.createServer((req, res) => res.end(String(process.pid)));
  server.listen(fromSystemd ? { fd: 3 } : { port: Number(process.env.PORT) });
  const stop = () => server.close(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}, ${STARTUP_MS});
`;

const sk = (args: string[]) => run(process.execPath, [CLI, ...args]);
/** pm2 passes its command's environment to an app it starts. */
const pm2 = (args: string[], env: Record<string, string> = {}) => run(process.execPath, [PM2, ...args], { env: { ...process.env, ...env, PM2_HOME } });

interface Hammered {
  failed: number;
  ok: number;
  p99: number;
}

/** One request after the other (a new connection each) until `stop`; failures and the p99 latency of those sent while `op` ran and 1 s after. */
async function hammer(port: number, op: () => Promise<unknown>): Promise<Hammered & { opMs: number }> {
  let stop = false;
  let window: [number, number] = [Infinity, Infinity];
  const seen: { at: number; ms: number; ok: boolean }[] = [];
  const once = () =>
    new Promise<void>((resolve) => {
      const at = performance.now();
      const req = http.get({ host: '127.0.0.1', port, agent: false, timeout: 15000 }, (res) => {
        res.resume();
        res.on('end', () => (seen.push({ at, ms: performance.now() - at, ok: true }), resolve()));
      });
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', () => (seen.push({ at, ms: performance.now() - at, ok: false }), setTimeout(resolve, 10)));
    });
  const client = (async () => {
    while (!stop) await once();
  })();
  await new Promise((r) => setTimeout(r, AROUND_MS));
  const start = performance.now();
  await op();
  const opMs = performance.now() - start;
  window = [start, performance.now() + AROUND_MS];
  await new Promise((r) => setTimeout(r, AROUND_MS));
  stop = true;
  await client;
  const inWindow = seen.filter((s) => s.at >= window[0] && s.at <= window[1]);
  const lat = inWindow.filter((s) => s.ok).map((s) => s.ms).sort((a, b) => a - b);
  return { failed: inWindow.filter((s) => !s.ok).length, ok: lat.length, p99: lat[Math.min(lat.length - 1, Math.floor(lat.length * PERCENTILE))] ?? NaN, opMs };
}

async function serving(port: number): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const ok = await new Promise<boolean>((resolve) => http.get({ host: '127.0.0.1', port, agent: false }, (res) => (res.resume(), resolve(true))).on('error', () => resolve(false)));
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`nothing serves on ${port}`);
}

function rssBytes(pid: number): number {
  const m = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) * KIB : NaN;
}

const mainPids = async (units: string[]) => (await run('systemctl', ['show', '-p', 'MainPID', '--value', ...units])).stdout.split('\n').filter((l) => l.trim() !== '').map(Number);

mkdirSync(DIR, { recursive: true });
writeFileSync(`${DIR}/app.js`, APP);
const results: Record<string, Figure> = {};

// 1. Restarts under a client: 4 processes on one port.
const SK_PORT = 8100;
const PM2_PORT = 8101;
const PLAIN_PORT = 8102;
await sk(['install', '--name', 'bk-web', '--instances', String(INSTANCES), '--listen', String(SK_PORT), '--workdir', DIR, '--start', '--', process.execPath, `${DIR}/app.js`]);
await sk(['install', '--name', 'bk-plain', '--env', `PORT=${PLAIN_PORT}`, '--workdir', DIR, '--start', '--', process.execPath, `${DIR}/app.js`]);
await pm2(['start', `${DIR}/app.js`, '-i', String(INSTANCES), '--name', 'bk-pm2'], { PORT: String(PM2_PORT) });
await Promise.all([serving(SK_PORT), serving(PM2_PORT), serving(PLAIN_PORT)]);
const mine: (Hammered & { opMs: number })[] = [];
const theirs: (Hammered & { opMs: number })[] = [];
const plain: (Hammered & { opMs: number })[] = [];
for (let rep = 0; rep < REPS; rep++) {
  mine.push(await hammer(SK_PORT, () => sk(['restart', 'bk-web'])));
  theirs.push(await hammer(PM2_PORT, () => pm2(['reload', 'bk-pm2'])));
  plain.push(await hammer(PLAIN_PORT, () => run('systemctl', ['restart', 'bk-plain.service'])));
}
const med = (xs: (Hammered & { opMs: number })[], k: keyof Hammered | 'opMs') => median(xs.map((x) => x[k]));
const counts = (xs: Hammered[]) => xs.map((x) => `${x.failed}/${x.ok + x.failed}`).join(', ');
results['restart of 4 processes under a client: failed requests'] = {
  lib: med(mine, 'failed'),
  base: med(theirs, 'failed'),
  unit: 'requests',
  note: `failed/sent per run: servicekit ${counts(mine)}; pm2 ${counts(theirs)}; one process, systemctl restart, no held socket: ${counts(plain)}`,
};
results['restart of 4 processes under a client: p99 latency'] = {
  lib: med(mine, 'p99'),
  base: med(theirs, 'p99'),
  unit: 'ms',
  note: 'of the requests sent during the restart and 1 s after',
};
results['restart of 4 processes: the command'] = {
  lib: med(mine, 'opMs'),
  base: med(theirs, 'opMs'),
  unit: 'ms',
  note: 'until it returns: servicekit watches each new instance 1.5 s before stopping the next; pm2 waits for each new worker to listen',
};

// 2. Memory of the arrangement: the 4 processes (systemd is PID 1 anyway) vs pm2's daemon and its 4 workers.
const skPids = await mainPids(Array.from({ length: INSTANCES }, (_, i) => `bk-web@${i + 1}.service`));
const list = JSON.parse((await pm2(['jlist'])).stdout) as { name: string; pid: number }[];
const workerPids = list.filter((p) => p.name === 'bk-pm2' && p.pid > 0).map((p) => p.pid);
const god = Number(readFileSync(`${PM2_HOME}/pm2.pid`, 'utf8').trim());
const sum = (pids: number[]) => pids.reduce((s, p) => s + rssBytes(p), 0) / MIB;
results['memory of 4 processes serving'] = {
  lib: sum(skPids),
  base: sum([god, ...workerPids]),
  unit: 'MiB',
  note: `resident: the 4 instances (no daemon of servicekit's) vs pm2's daemon (${(rssBytes(god) / MIB).toFixed(1)} MiB) and its 4 workers`,
};
await sk(['uninstall', 'bk-web']);
await sk(['uninstall', 'bk-plain']);
await pm2(['delete', 'bk-pm2']);

// 3. Creating many services: apply (files, enable, start, one shared 1.5 s settle window) vs pm2 start of an ecosystem file (its daemon already up).
const TRIVIAL = `${DIR}/trivial.js`;
writeFileSync(TRIVIAL, 'setInterval(() => {}, 1 << 30);\n');
for (const count of [20, 100]) {
  const names = (side: string) => Array.from({ length: count }, (_, i) => `bk-${side}-${i}`);
  const lib: number[] = [];
  const base: number[] = [];
  for (let rep = 0; rep < REPS; rep++) {
    const eco = `${DIR}/ecosystem-${count}.config.js`;
    writeFileSync(eco, `module.exports = { apps: ${JSON.stringify(names('pm2').map((name) => ({ name, script: TRIVIAL })))} };\n`);
    base.push(await timeIt(() => pm2(['start', eco])));
    await pm2(['delete', 'all']);
    const manifest = `${DIR}/fleet-${count}.json`;
    writeFileSync(manifest, JSON.stringify({ services: names('sk').map((name) => ({ name, executable: process.execPath, arguments: [TRIVIAL] })) }));
    lib.push(await timeIt(() => sk(['apply', manifest])));
    await run('systemctl', ['disable', '--now', '--no-reload', ...names('sk').map((n) => `${n}.service`)]);
    for (const n of names('sk')) rmSync(`/etc/systemd/system/${n}.service`, { force: true });
    rmSync('/var/lib/servicekit', { recursive: true, force: true });
    await run('systemctl', ['daemon-reload']);
  }
  results[`create ${count} services`] = {
    lib: median(lib),
    base: median(base),
    unit: 'ms',
    note: `apply (each checked, written, enabled, started, watched 1.5 s) vs pm2 start of an ecosystem file (its daemon up; nothing watched)`,
  };
}
await pm2(['kill']);

process.stdout.write(JSON.stringify(results) + '\n');
