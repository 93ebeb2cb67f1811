#!/usr/bin/env node
/** Entry point of the `servicekit` command; all logic is in main.ts (importable by tests). */
import { endCommand, main } from './main.js';

process.exitCode = await main(process.argv.slice(2));
await endCommand();
