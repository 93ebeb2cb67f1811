/**
 * Runs inside a test container: installs one real service per case (through the public API),
 * reads back what the service received, updates every other one to the next case's values (POSIX)
 * and reads again, and uninstalls it. Half the variables go through an environment file (POSIX). Cases arrive as JSON on stdin (or in the
 * file argv[2]); a summary goes to stdout (or to the file argv[3]: under Wine, stdio must not be a
 * pipe). Cases marked `refuse` must be refused before anything is written.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createService, listServices, platform, ServiceError } from 'servicekit';
import { formatEnvFile } from '../../src/platforms/shared/env-file.js';

interface Case {
  argv: string[];
  env: Record<string, string>;
  refuse?: boolean;
}

const [inFile, outFile] = process.argv.slice(2);
const input = JSON.parse(readFileSync(inFile ?? 0, 'utf8')) as { cases: Case[]; userService: boolean; out: string; fixture?: string; workers?: number };
const FIXTURE = input.fixture ?? '/opt/servicekit/build/test/fixtures/echo-service.js';
const summary = { tried: 0, passed: 0, refused: 0, failures: [] as unknown[] };

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
    executable: process.execPath,
    arguments: [FIXTURE, ...c.argv],
    env: { ...inline, SK_OUT: out, SK_NAME: name },
    ...(Object.keys(viaFile).length ? { environmentFile: envFile } : {}),
    userService: input.userService,
    // The program calls run(), so systemd (and start-stop-daemon) wait for its READY=1. The Windows
    // SCM (it learns RUNNING from run() itself) and OpenRC's supervise-daemon (no readiness protocol)
    // refuse the option.
    ...(WAITS_FOR_READY ? { systemd: { type: 'notify' as const } } : {}),
  };
}

interface Got {
  argv: string[];
  env: Record<string, string>;
  pid: number;
}

/** What the service received, once it is a process other than `oldPid` (an update restarts it). */
async function received(out: string, oldPid?: number): Promise<Got> {
  for (let tries = 0; ; tries++) {
    try {
      const got = JSON.parse(readFileSync(`${out}/received.json`, 'utf8')) as Got;
      if (got.pid !== oldPid) return got;
    } catch (e) {
      if (tries >= 50) throw e;
    }
    if (tries >= 50) throw new Error(`still the process ${oldPid} after the update`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Does the service hold exactly what the case gave? (a failure record if not) */
function compare(i: number, stage: string, c: Case, got: Got): unknown {
  const argvOk = JSON.stringify(got.argv) === JSON.stringify(c.argv);
  const envOk = Object.entries(c.env).every(([k, v]) => got.env[k] === v);
  return argvOk && envOk ? undefined : { case: i, stage, want: c, got: { argv: got.argv, env: Object.fromEntries(Object.keys(c.env).map((k) => [k, got.env[k]])) } };
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
    await svc.install({ start: true });
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
    const failed = compare(i, 'compare', c, got);
    const next = nextCase(i);
    if (failed !== undefined || next === undefined) {
      if (failed === undefined) summary.passed += 1;
      else summary.failures.push(failed);
      return;
    }
    // The same service updated to another case's values: the restarted program holds those exactly.
    rmSync(envFile, { force: true });
    const r = await createService(null, configOf(name, out, next, envFile)).update({ settleMs: 500 });
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
