/**
 * The Windows end-to-end harness: Wine's real Service Control Manager (wine.sh sets it up) and a
 * Windows node.exe running scripts of this repository through Wine's Z: drive.
 * Wine processes never get a pipe as stdio (node.exe dies with EBADF): output goes to files.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, openSync, closeSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO } from './container.js';

const SCRIPT = path.join(REPO, 'test/e2e/harness/wine.sh');

/** /a/b -> Z:\a\b (Wine maps the Unix root to drive Z:). */
export function winPath(unixPath: string): string {
  return `Z:${unixPath.replace(/\//g, '\\')}`;
}

/** Why the Windows suite cannot run here, or undefined. */
export function wineMissing(): string | undefined {
  if (process.platform !== 'linux') return 'not Linux';
  if (process.getuid?.() !== 0) return 'not root (wine.sh setup installs Wine with apt)';
  return undefined;
}

function sh(args: string[], env: NodeJS.ProcessEnv = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(SCRIPT, args, { env: { ...process.env, ...env }, encoding: 'utf8', maxBuffer: 16 << 20 }, (err, stdout, stderr) =>
      err ? reject(new Error(`wine.sh ${args.join(' ')} failed: ${stderr || err.message}`)) : resolve(stdout),
    );
  });
}

export interface Wine {
  env: NodeJS.ProcessEnv;
  nodeExe: string;
  /** The session's stderr, where WINEDEBUG=+eventlog traces ReportEventW calls of the services. */
  sessionLog: string;
  /** Run node.exe SCRIPT ARGS under Wine (extra variables in `env`, e.g. WINEPATH); stdout+stderr come back from a file. */
  node(script: string, args: string[], timeoutMs?: number, extraEnv?: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }>;
  /** Run a Windows program (a Unix path) under Wine, the same way. */
  exec(exe: string, args: string[], timeoutMs?: number, extraEnv?: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }>;
  down(): Promise<void>;
}

export async function wineUp(): Promise<Wine> {
  await sh(['setup']);
  const vars = Object.fromEntries(
    (await sh(['env'])).trim().split('\n').map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  ) as { WINEPREFIX: string; NODE_EXE: string };
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sk-wine-'));
  const sessionLog = path.join(dir, 'session.log');
  await sh(['up', sessionLog]);
  const env: NodeJS.ProcessEnv = { ...process.env, WINEPREFIX: vars.WINEPREFIX, WINEDEBUG: '-all', DISPLAY: '' };
  delete env['DISPLAY'];
  let n = 0;
  const wine: Wine = {
    env,
    nodeExe: vars.NODE_EXE,
    sessionLog,
    node(script, args, timeoutMs = 180_000, extraEnv = {}) {
      return wine.exec(vars.NODE_EXE, [winPath(script), ...args], timeoutMs, extraEnv);
    },
    exec(exe, args, timeoutMs = 180_000, extraEnv = {}) {
      const outFile = path.join(dir, `out-${++n}.log`);
      const fd = openSync(outFile, 'w');
      const devnull = openSync('/dev/null', 'r');
      return new Promise((resolve, reject) => {
        const child = spawn('wine', [exe, ...args], { env: { ...env, ...extraEnv }, stdio: [devnull, fd, fd] });
        closeSync(fd);
        closeSync(devnull);
        const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
        child.on('error', reject);
        child.on('exit', (code) => {
          clearTimeout(timer);
          resolve({ code, output: readFileSync(outFile, 'utf8') });
        });
      });
    },
    async down() {
      await sh(['down']);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return wine;
}
