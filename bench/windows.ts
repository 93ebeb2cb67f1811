/**
 * npm run bench:windows: the Windows figures, under Wine 8's real SCM with the Windows node.exe
 * (the end-to-end suite's harness), each against a baseline in the same run: the processes of a
 * service for each way servicekit runs a program, their memory, and install --start + uninstall
 * through the command against the SCM's own sc.exe doing the same. With --readme it rewrites the
 * Windows table of docs/benchmarks.md.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO } from '../test/e2e/harness/container.js';
import { wineUp, winPath, type Wine } from '../test/e2e/harness/wine.js';
import type { Figure } from './figure.js';


const RUNS = 5;
const CLI = path.join(REPO, 'dist/servicekit-cli.cjs');
const PLAIN = winPath(path.join(REPO, 'build/test/fixtures/plain-echo.js'));
const ECHO = winPath(path.join(REPO, 'build/test/fixtures/echo-service.js'));

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** The Wine processes (Unix PIDs) whose command line holds `text`, not zombies. */
function processesWith(text: string): number[] {
  return execFileSync('ps', ['-eo', 'pid=,stat=,args='], { encoding: 'utf8' })
    .split('\n')
    .filter((l) => l.includes(text) && !/^\s*\d+\s+Z/.test(l))
    .map((l) => Number(l.trim().split(/\s+/)[0]));
}

/** Resident memory of a process, in MiB. */
function rssMiB(pid: number): number {
  const kb = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Number(kb) / 1024;
}

async function timed(fn: () => Promise<void>): Promise<number> {
  const t = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t) / 1e6;
}

async function ok(what: Promise<{ code: number | null; output: string }>): Promise<void> {
  const r = await what;
  if (r.code !== 0) throw new Error(r.output);
}

/** The mingw-w64 program the suite runs through the host. */
function hostedExe(dir: string): string {
  const exe = path.join(dir, 'hosted.exe');
  execFileSync('x86_64-w64-mingw32-gcc', ['-municode', '-O2', '-o', exe, path.join(REPO, 'test/e2e/harness/hosted.c')]);
  return exe;
}

async function measure(wine: Wine, dir: string): Promise<Record<string, Figure>> {
  const sk = (args: string[]) => wine.node(CLI, args);
  const exe = hostedExe(dir);
  const out = winPath(path.join(dir, 'out'));
  mkdirSync(path.join(dir, 'out'), { recursive: true });

  // Processes and memory: each service up, then its processes counted and read from /proc.
  await ok(sk(['install', '--name', 'SkBenchNode', '--env', `SK_OUT=${out}`, '--start', '--', PLAIN]));
  await ok(sk(['install', '--name', 'SkBenchHost', '--env', `SK_OUT=${out}`, '--start', '--', winPath(exe)]));
  const nodeProcs = processesWith(`windows-preload.cjs ${PLAIN}`);
  const hostProcs = [...processesWith('servicekit-cli.cjs host SkBenchHost'), ...processesWith(winPath(exe))];
  const preloaded = rssMiB(nodeProcs[0]!);
  const host = rssMiB(processesWith('servicekit-cli.cjs host SkBenchHost')[0]!);
  // Baselines: the same script run by node.exe alone, and node.exe idle.
  const idleFile = path.join(dir, 'idle.cjs');
  writeFileSync(idleFile, 'setInterval(() => undefined, 1000);\n');
  const bare = wine.node(path.join(REPO, 'build/test/fixtures/plain-echo.js'), [], 60_000, { SK_OUT: out });
  const idle = wine.node(idleFile, [], 60_000);
  await new Promise((r) => setTimeout(r, 3000));
  const plainRss = rssMiB(processesWith(`node.exe ${PLAIN}`)[0]!);
  const idleRss = rssMiB(processesWith(winPath(idleFile))[0]!);
  for (const pid of [...processesWith(`node.exe ${PLAIN}`), ...processesWith(winPath(idleFile))]) process.kill(pid, 'SIGKILL');
  await Promise.allSettled([bare, idle]);
  await ok(sk(['uninstall', 'SkBenchNode', '--purge']));
  await ok(sk(['uninstall', 'SkBenchHost', '--purge']));

  // install --start + uninstall of a program that calls run(): servicekit's command vs sc.exe.
  const node = `"${winPath(wine.nodeExe)}" ${ECHO}`;
  const ours: number[] = [];
  const theirs: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    ours.push(await timed(async () => {
      await ok(sk(['install', '--name', 'SkBenchCli', '--env', `SK_OUT=${out}`, '--start', '--', ECHO]));
      await ok(sk(['uninstall', 'SkBenchCli', '--purge']));
    }));
    theirs.push(await timed(async () => {
      await ok(wine.exec('sc', ['create', 'SkBenchSc', 'binPath=', node]));
      await ok(wine.exec('sc', ['start', 'SkBenchSc']));
      await ok(wine.exec('sc', ['stop', 'SkBenchSc']));
      await ok(wine.exec('sc', ['delete', 'SkBenchSc']));
    }));
  }
  return {
    'processes (a Node script)': { lib: nodeProcs.length, base: 1, unit: 'processes', note: "the script's node.exe with servicekit's preload vs the script alone" },
    'processes (another program)': { lib: hostProcs.length, base: 1, unit: 'processes', note: "servicekit's host + the program vs the program alone (node-windows + WinSW: 3)" },
    'rss (a Node script)': { lib: preloaded, base: plainRss, unit: 'MiB', note: 'the preloaded service (dispatcher thread, koffi) vs the same script run by node.exe' },
    'rss (the host)': { lib: host, base: idleRss, unit: 'MiB', note: 'the host (the CLI file, koffi, the job) vs node.exe idle' },
    'install + uninstall (CLI)': { lib: median(ours), base: median(theirs), unit: 'ms', note: 'servicekit install --start + uninstall of a program that calls run() vs sc create, start, stop, delete; each a new process under Wine' },
  };
}

function table(r: Record<string, Figure>): string {
  const fmt = (x: number) => (x >= 100 ? x.toFixed(0) : x.toFixed(2));
  const rows = Object.entries(r).map(([k, f]) => `| ${k} | ${fmt(f.lib)} ${f.unit} | ${fmt(f.base)} ${f.unit} | ${(f.lib / f.base).toFixed(2)} | ${f.note} |`);
  return ['| figure | servicekit | baseline | ratio | what |', '| --- | --- | --- | --- | --- |', ...rows].join('\n');
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'sk-bench-win-'));
const wine = await wineUp();
try {
  const t = table(await measure(wine, dir));
  console.log(t);
  if (process.argv.includes('--readme')) {
    const file = path.join(REPO, 'docs', 'benchmarks.md');
    const doc = readFileSync(file, 'utf8');
    const section = `<!-- bench-windows:start -->\nMeasured ${new Date().toISOString().slice(0, 10)} under ${execFileSync('wine', ['--version'], { encoding: 'utf8' }).trim()} with the Windows node.exe, on ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown CPU'} (medians of ${RUNS}; ratio = servicekit / baseline):\n\n${t}\n<!-- bench-windows:end -->`;
    writeFileSync(file, doc.replace(/<!-- bench-windows:start -->[\s\S]*<!-- bench-windows:end -->/, section));
    console.log('docs/benchmarks.md updated');
  }
} finally {
  await wine.down();
  rmSync(dir, { recursive: true, force: true });
}
