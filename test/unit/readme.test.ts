/**
 * The README's Quick start, run as written (a doc test): its program, in a project where
 * `servicekit` is this package, in a terminal (run() until Ctrl-C); and each of its commands is one
 * the CLI takes. test/e2e/quickstart.test.ts runs the same commands under real systemd.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parseCli } from '../../src/cli/args.js';
import { CONTROL_ACTIONS } from '../../src/index.js';
import { quickStartCommands, quickStartProgram } from '../readme.js';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const PORT = 8080;

/** A project whose node_modules/servicekit is this package (as npm install would link it). */
export function quickStartProject(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'sk-quickstart-'));
  mkdirSync(path.join(dir, 'node_modules'));
  symlinkSync(REPO, path.join(dir, 'node_modules', 'servicekit'));
  const { file, source } = quickStartProgram();
  writeFileSync(path.join(dir, file), source);
  return dir;
}

async function get(url: string): Promise<string | undefined> {
  try {
    return await (await fetch(url)).text();
  } catch {
    return undefined;
  }
}

describe('README Quick start', () => {
  it('its program runs as written in a terminal: serves hello on 8080, and Ctrl-C (SIGINT) stops it cleanly', async () => {
    const dir = quickStartProject();
    const child = spawn(process.execPath, [quickStartProgram().file], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      let body: string | undefined;
      for (let i = 0; i < 100 && body === undefined; i++) {
        body = await get(`http://127.0.0.1:${PORT}/`);
        if (body === undefined) await new Promise((r) => setTimeout(r, 100));
      }
      assert.equal(body, 'hello\n', stderr);
      assert.match(stderr, /listening on 8080/);
      child.kill('SIGINT');
      assert.equal(await exited, 0, stderr);
      assert.equal(await get(`http://127.0.0.1:${PORT}/`), undefined, 'the server is closed');
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('each of its commands is one servicekit takes', () => {
    const { file } = quickStartProgram();
    for (const line of quickStartCommands()) {
      const words = line.replace(/^sudo /, '').split(/\s+/);
      if (words[0] === 'npm') assert.deepEqual(words, ['npm', 'install', 'servicekit'], line);
      else if (words[0] === 'node') assert.ok(words[1] === file && (CONTROL_ACTIONS as readonly string[]).includes(words[2]!), line);
      else if (words[0] === 'npx' && words[1] === 'servicekit') assert.doesNotThrow(() => parseCli(words.slice(2)), line);
      else assert.fail(`a command the doc test does not know: ${line}`);
    }
  });
});
