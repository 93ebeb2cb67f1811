#!/usr/bin/env node
/**
 * Entry point of the `servicekit` command; all logic is in main.ts (importable by tests). Built
 * into one CommonJS file (scripts/bundle.mjs), hence no top-level await.
 */
import { endCommand, main } from './main.js';

void main(process.argv.slice(2)).then(async (code) => {
  process.exitCode = code;
  await endCommand();
});
