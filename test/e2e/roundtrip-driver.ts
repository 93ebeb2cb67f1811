/**
 * Runs inside a test container: installs one real service per case (through the public API),
 * reads back what the service received, updates every other one to the next case's values (POSIX)
 * and reads again, and uninstalls it. Half the variables go through an environment file (POSIX). Cases arrive as JSON on stdin (or in the
 * file argv[2]); a summary goes to stdout (or to the file argv[3]: under Wine, stdio must not be a
 * pipe). Cases marked `refuse` must be refused before anything is written.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createService, listServices, platform, ServiceError } from 'servicekit';
import { formatEnvFile } from '../../src/platforms/shared/env-file.js';

interface Case {
  argv: string[];
  env: Record<string, string>;
  refuse?: boolean;
}

const [inFile, outFile] = process.argv.slice(2);
/**
 * launch (Windows): how the program runs — 'run' (echo-service, which calls run(); the default),
 * 'plain' (`fixture` is a Node program that knows nothing of servicekit: the preload runs it),
 * 'host' (`fixture` is a Windows program, run by servicekit's host).
 */
const input = JSON.parse(readFileSync(inFile ?? 0, 'utf8')) as { cases: Case[]; userService: boolean; out: string; fixture?: string; workers?: number; launch?: 'run' | 'plain' | 'host' };
const LAUNCH = input.launch ?? 'run';
const FIXTURE = input.fixture ?? '/opt/servicekit/build/test/fixtures/echo-service.js';
const summary = { tried: 0, passed: 0, refused: 0, simulated: 0, failures: [] as unknown[] };

const POSIX = process.platform !== 'win32';
/** The managers that wait for READY=1 with the restart policy these services have (the default). */
const WAITS_FOR_READY = POSIX && platform() !== 'linux-openrc';

/**
 * The service's config for a case. On POSIX every other variable goes through an environment file
 * (systemd's syntax, written by formatEnvFile) instead of inline: both must arrive exactly.
 */
function configOf(name: string, out: string, c: Case, envFile: string) {
  const entries = Object.entries(c.env);
  const viaFile = POSIX ? Object.fromEntries(entries.filter((_, j) => j % 2 === 1)) : {};
  const inline = Object.fromEntries(entries.filter(([k]) => !(k in viaFile)));
  if (Object.keys(viaFile).length) writeFileSync(envFile, formatEnvFile(viaFile), { mode: 0o600 });
  return {
    name,
    executable: LAUNCH === 'host' ? FIXTURE : process.execPath,
    arguments: LAUNCH === 'host' ? c.argv : [FIXTURE, ...c.argv],
    env: { ...inline, SK_OUT: out, SK_NAME: name },
    ...(Object.keys(viaFile).length ? { environmentFile: envFile } : {}),
    userService: input.userService,
    // The program calls run(), so systemd (and start-stop-daemon) wait for its READY=1. The Windows
    // SCM (it learns RUNNING from run() itself) and OpenRC's supervise-daemon (no readiness protocol)
    // refuse the option.
    ...(WAITS_FOR_READY && LAUNCH === 'run' ? { systemd: { type: 'notify' as const } } : {}),
  };
}

interface Got {
  argv: string[];
  env: Record<string, string>;
  pid: number;
  cwd: string;
}

/** What the service received, once it is a process other than `oldPid` (an update restarts it). */
async function received(out: string, oldPid?: number, most = 300): Promise<Got> {
  for (let tries = 0; ; tries++) {
    try {
      const got = JSON.parse(readFileSync(`${out}/received.json`, 'utf8')) as Got;
      if (got.pid !== oldPid) return got;
    } catch (e) {
      if (tries >= most) throw e;
    }
    if (tries >= most) throw new Error(`still the process ${oldPid} after the update`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Does the service hold exactly what the case gave? (a failure record if not) */
function compare(i: number, stage: string, c: Case, got: Got): unknown {
  const argvOk = JSON.stringify(got.argv) === JSON.stringify(c.argv);
  const envOk = Object.entries(c.env).every(([k, v]) => got.env[k] === v);
  return argvOk && envOk ? undefined : { case: i, stage, want: c, got: { argv: got.argv, env: Object.fromEntries(Object.keys(c.env).map((k) => [k, got.env[k]])) } };
}

/** The settle window of the round trip's installs and updates, in ms. */
const SETTLE_MS = 300;

/** Attempts at starting reg.exe under Wine (see serviceKeyValues). */
const REG_SPAWN_TRIES = 3;

/** Windows: one case in SIMULATE_EVERY also goes through the start real Windows makes (asWindowsStartsIt). */
const SIMULATE_EVERY = 4;

/**
 * Real Windows starts a service with the strings of its key's "Environment" value (REG_MULTI_SZ)
 * over the account's environment, in C:\Windows\System32, with the key's ImagePath as its command
 * line. Wine's SCM ignores that value (servicekit's import then reads the key itself), so that
 * path never runs under the SCM here. Simulated from what install wrote to the registry, read raw
 * and decoded here: the program must find the case's values exactly, the working directory the
 * SCM path found, and no variable of servicekit's.
 */
async function asWindowsStartsIt(i: number, name: string, out: string, c: Case, viaScm: Got): Promise<unknown> {
  const value = serviceKeyValues(name, `${out}.reg`);
  const entries = value('Environment').split('\0').filter((e) => e !== '');
  const imagePath = value('ImagePath').replace(/\0+$/, '');
  const exe = /^"([^"]+)" /.exec(imagePath);
  if (!exe) return { case: i, stage: 'as Windows starts it', imagePath };
  const env: Record<string, string> = { ...process.env } as Record<string, string>;
  for (const e of entries) env[e.slice(0, e.indexOf('='))] = e.slice(e.indexOf('=') + 1);
  const child = spawn(exe[1]!, [imagePath.slice(exe[0].length)], { env, cwd: `${process.env['SystemRoot'] ?? 'C:\\windows'}\\system32`, windowsVerbatimArguments: true, stdio: 'ignore' });
  try {
    const got = await received(out, viaScm.pid);
    const failed = compare(i, 'as Windows starts it', c, got);
    const leaked = Object.keys(got.env).filter((k) => k.toLowerCase().startsWith('__servicekit'));
    if (failed !== undefined) return failed;
    if (got.cwd.toLowerCase() !== viaScm.cwd.toLowerCase() || leaked.length > 0) return { case: i, stage: 'as Windows starts it', cwd: got.cwd, want: viaScm.cwd, leaked };
    return undefined;
  } finally {
    child.kill();
  }
}

/**
 * The values of a service's registry key as Windows' own reg.exe exports them (to `file`): typed
 * values as hex(N) bytes, decoded here as UTF-16. Not servicekit's registry reader: the test reads
 * what is stored independently of the code that wrote it.
 */
function serviceKeyValues(name: string, file: string): (value: string) => string {
  // Wine at times fails to create the process at all (spawnSync reports errno UNKNOWN) while other
  // services start beside it: that spawn is tried again; reg.exe's own failure is not.
  for (let attempt = 1; ; attempt++) {
    try {
      execFileSync('reg', ['export', `HKLM\\SYSTEM\\CurrentControlSet\\Services\\${name}`, file, '/y'], { stdio: 'ignore' });
      break;
    } catch (e) {
      if ((e as { code?: string }).code !== 'UNKNOWN' || attempt === REG_SPAWN_TRIES) throw e;
    }
  }
  const text = readFileSync(file).toString('utf16le').replace(/^\uFEFF/, '').replace(/\\\r?\n\s*/g, '');
  rmSync(file, { force: true });
  return (value) => {
    const hex = new RegExp(`^"${value}"=hex\\(\\d+\\):([0-9a-f,]*)`, 'm').exec(text)?.[1];
    if (hex !== undefined) return Buffer.from(hex.split(',').filter(Boolean).map((b) => parseInt(b, 16))).toString('utf16le');
    const plain = new RegExp(`^"${value}"="((?:[^"\\\\]|\\\\.)*)"`, 'm').exec(text)?.[1];
    // reg.exe escapes a string's backslashes, double quotes and newlines (as \\n).
    return plain?.replace(/\\(.)/g, (_, ch: string) => (ch === 'n' ? '\n' : ch)) ?? '';
  };
}

/** Update after install (POSIX, every other case, to keep CI's time): case i is updated to the next case that must not be refused. */
function nextCase(i: number): Case | undefined {
  if (!POSIX || i % 2 === 1) return undefined;
  for (let j = 1; j < input.cases.length; j++) {
    const c = input.cases[(i + j) % input.cases.length]!;
    if (!c.refuse) return c;
  }
  return undefined;
}

/**
 * Nothing of a refused service is left, asked the way a user would: the manager does not know it
 * (status), and servicekit lists no service of that name (list finds its files by their mark, in the
 * unit directory or the SCM, so a file written before the refusal would show there too).
 */
async function leftNothing(name: string): Promise<boolean> {
  const scope = input.userService ? { userService: true } : {};
  const state = (await createService(null, { name, ...scope }).statusDetail()).state;
  const listed = (await listServices(scope)).some((d) => d.name === name);
  return state === 'not-installed' && !listed;
}

async function runCase(i: number, c: Case): Promise<void> {
  summary.tried += 1;
  const name = `sk-rt-${i}`;
  const out = `${input.out}/${i}`;
  const envFile = `${input.out}/${i}.env`;
  const svc = createService(null, configOf(name, out, c, envFile));
  try {
    // A short settle window: the round trip is about values (the window itself is tried in security.test.ts).
    await svc.install({ start: true, settleMs: SETTLE_MS });
  } catch (e) {
    const refusedCleanly = c.refuse && e instanceof ServiceError && e.code === 'ERR_INVALID_CONFIG' && (await leftNothing(name));
    if (refusedCleanly) summary.refused += 1;
    else summary.failures.push({ case: i, stage: 'install', code: (e as ServiceError).code, message: (e as Error).message });
    return;
  }
  if (c.refuse) {
    summary.failures.push({ case: i, stage: 'install', message: 'accepted a value it should have refused' });
    await svc.uninstall().catch(() => undefined);
    return;
  }
  try {
    const got = await received(out);
    // (Only a program that calls run() can be started outside the SCM as Windows starts it: the preload and the host act only under the SCM.)
    const simulated = !POSIX && LAUNCH === 'run' && i % SIMULATE_EVERY === 0;
    const failed = compare(i, 'compare', c, got) ?? (simulated ? await asWindowsStartsIt(i, name, out, c, got) : undefined);
    if (simulated && failed === undefined) summary.simulated += 1;
    const next = nextCase(i);
    if (failed !== undefined || next === undefined) {
      if (failed === undefined) summary.passed += 1;
      else summary.failures.push(failed);
      return;
    }
    // The same service updated to another case's values: the restarted program holds those exactly.
    rmSync(envFile, { force: true });
    const r = await createService(null, configOf(name, out, next, envFile)).update({ settleMs: SETTLE_MS });
    const failedUpdate = r.changed && r.restarted ? compare(i, 'update', next, await received(out, got.pid)) : { case: i, stage: 'update', result: r };
    if (failedUpdate === undefined) summary.passed += 1;
    else summary.failures.push(failedUpdate);
  } catch (e) {
    summary.failures.push({ case: i, stage: 'read', message: (e as Error).message });
  } finally {
    await svc.uninstall().catch((e: Error) => summary.failures.push({ case: i, stage: 'uninstall', message: e.message }));
    rmSync(out, { recursive: true, force: true });
    rmSync(envFile, { force: true });
  }
}
mkdirSync(input.out, { recursive: true, mode: 0o755 });
// RT_WORKERS > 1 runs cases concurrently (finds races between concurrent installs).
const WORKERS = input.workers ?? Number(process.env['RT_WORKERS'] ?? 1);
let next = 0;
await Promise.all(
  Array.from({ length: WORKERS }, async () => {
    while (next < input.cases.length) {
      const i = next++;
      await runCase(i, input.cases[i]!);
    }
  }),
);
if (outFile) writeFileSync(outFile, JSON.stringify(summary));
else process.stdout.write(JSON.stringify(summary) + '\n');
