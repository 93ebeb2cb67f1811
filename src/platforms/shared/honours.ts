/**
 * What every platform honours of the program itself: its name, the command, where it runs and as
 * whom, its environment. Each platform's honours.ts spreads this and lists the rest one by one
 * (the options test renders each with and without, on every platform).
 */
import type { Support } from '../platform.js';

export const PROGRAM: Support['honours'] = {
  name: true,
  executable: true,
  arguments: true,
  workingDirectory: true,
  env: true,
  userName: true,
};
