/**
 * Runs inside a test container: installs one real service per case (through the public API),
 * reads back what the service received, and uninstalls it. Cases arrive as JSON on stdin (or in the
 * file argv[2]); a summary goes to stdout (or to the file argv[3]: under Wine, stdio must not be a
 * pipe). Cases marked `refuse` must be refused before anything is written.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createService, ServiceError } from 'servicekit';

interface Case {
  argv: string[];
  env: Record<string, string>;
  refuse?: boolean;
}

const [inFile, outFile] = process.argv.slice(2);
const input = JSON.parse(readFileSync(inFile ?? 0, 'utf8')) as { cases: Case[]; userService: boolean; out: string; fixture?: string; workers?: number };
const FIXTURE = input.fixture ?? '/opt/servicekit/build/test/fixtures/echo-service.js';
const summary = { tried: 0, passed: 0, refused: 0, failures: [] as unknown[] };

async function runCase(i: number, c: Case): Promise<void> {
  summary.tried += 1;
  const name = `sk-rt-${i}`;
  const out = `${input.out}/${i}`;
  const svc = createService(null, {
    name,
    executable: process.execPath,
    arguments: [FIXTURE, ...c.argv],
    env: { ...c.env, SK_OUT: out, SK_NAME: name },
    userService: input.userService,
    // The program calls run(), so systemd (and start-stop-daemon) wait for its READY=1; the Windows
    // SCM refuses systemd's options (it learns RUNNING from run() itself).
    ...(process.platform === 'win32' ? {} : { systemd: { type: 'notify' as const } }),
  });
  const file = await svc.render().then(
    (files) => files[0]?.path,
    () => undefined,
  );
  try {
    await svc.install({ start: true });
  } catch (e) {
    // (On Windows `file` is the registry key's name, not a file: nothing of that name exists either way.)
    const refusedCleanly = c.refuse && e instanceof ServiceError && e.code === 'ERR_INVALID_CONFIG' && (file === undefined || !existsSync(file));
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
    const got = JSON.parse(readFileSync(`${out}/received.json`, 'utf8')) as { argv: string[]; env: Record<string, string> };
    const argvOk = JSON.stringify(got.argv) === JSON.stringify(c.argv);
    const envOk = Object.entries(c.env).every(([k, v]) => got.env[k] === v);
    if (argvOk && envOk) summary.passed += 1;
    else summary.failures.push({ case: i, stage: 'compare', want: c, got: { argv: got.argv, env: Object.fromEntries(Object.keys(c.env).map((k) => [k, got.env[k]])) } });
  } catch (e) {
    summary.failures.push({ case: i, stage: 'read', message: (e as Error).message });
  } finally {
    await svc.uninstall().catch((e: Error) => summary.failures.push({ case: i, stage: 'uninstall', message: e.message }));
    rmSync(out, { recursive: true, force: true });
  }
}
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
