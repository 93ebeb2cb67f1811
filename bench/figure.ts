import { performance } from 'node:perf_hooks';

/** One benchmark figure: servicekit's value and its baseline's, measured in the same run. */
export interface Figure {
  lib: number;
  base: number;
  unit: string;
  note: string;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export async function timeIt(fn: () => unknown): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

/** The medians of `reps` runs of each side, alternated to spread any drift over both. */
export async function pair(lib: () => unknown, base: () => unknown, reps: number): Promise<{ lib: number; base: number }> {
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < reps; i++) {
    b.push(await timeIt(base));
    a.push(await timeIt(lib));
  }
  return { lib: median(a), base: median(b) };
}
