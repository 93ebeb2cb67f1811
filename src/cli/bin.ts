#!/usr/bin/env node
/**
 * Entry point of the `servicekit` command; all logic is in main.ts (importable by tests). Built
 * into one CommonJS file (scripts/bundle.mjs), hence no top-level await.
 */
import { endCommand, main } from './main.js';

// A pipe whose reader has closed (`servicekit logs NAME | head`): it wants no more output, which is
// no error of the command's. Not ignored, Node throws it at the next write as an unhandled 'error'
// event, with its stack; a command that would go on writing stops (see whenReaderGone in main.ts).
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
  });
}

void main(process.argv.slice(2)).then(async (code) => {
  process.exitCode = code;
  await endCommand();
});
