/**
 * Runs under Wine with the Windows node.exe: for each list of arguments in IN (JSON), starts the
 * mingw-w64 program EXE with exactly the command line servicekit would write for them (quoteArg;
 * windowsVerbatimArguments: no quoting of node's own), and compares what the program's C runtime
 * parsed back with the list. Writes { tried, failures } as JSON to OUT.
 *   node.exe argv-driver.js EXE IN OUT
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { quoteArg } from '../../src/platforms/windows/render.js';

const [exe, inFile, outFile] = process.argv.slice(2) as [string, string, string];
const lists = JSON.parse(readFileSync(inFile, 'utf8')) as string[][];

/** The program prints each argument as the hex of its UTF-16 code units, one per line. */
function decode(out: string): string[] {
  return out
    .split(/\r?\n/)
    .slice(0, -1)
    .map((hex) => String.fromCharCode(...(hex.match(/.{4}/g) ?? []).map((h) => parseInt(h, 16))));
}

const failures: unknown[] = [];
for (const args of lists) {
  const r = spawnSync(exe, [args.map(quoteArg).join(' ')], { windowsVerbatimArguments: true, encoding: 'utf8' });
  const got = r.status === 0 ? decode(r.stdout) : undefined;
  if (JSON.stringify(got) !== JSON.stringify(args)) failures.push({ args, got, status: r.status, error: r.error?.message });
}
writeFileSync(outFile, JSON.stringify({ tried: lists.length, failures }));
