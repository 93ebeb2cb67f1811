/** The round-trip cases, shared by the POSIX suites (roundtrip.test.ts) and the Windows one. */
import { seededRandom } from '../random.js';

export interface Case {
  argv: string[];
  env: Record<string, string>;
  /** Must be refused at install: holds a NUL, or (Windows) %NAME% text the SCM would expand. */
  refuse?: boolean;
}

/** Deterministic hostile values: every character the issue lists, and then some. */
export function generateCases(seed: number, n: number, refused: number): Case[] {
  const rnd = seededRandom(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const atoms = [' ', '  ', '"', "'", '\\', '$', '$HOME', '${X}', '$$', '%', '%h', '%%', ';', '&', '|', '*', '?', '~', '[a-z]', '{a,b}', '`id`', '$(id)', '\n', '\t', '#', '!', '=', 'end script', 'ü', '€', '日本', '😀', 'a', 'Z', '0', '-', '--', '.', '/'];
  const value = (): string => {
    const r = rnd();
    if (r < 0.08) return '';
    if (r < 0.12) return 'x'.repeat(500 + Math.floor(rnd() * 1500)) + pick(atoms);
    let v = rnd() < 0.15 ? '-' : '';
    const len = 1 + Math.floor(rnd() * 8);
    for (let i = 0; i < len; i++) v += pick(atoms);
    return v;
  };
  const cases: Case[] = [];
  for (let i = 0; i < n; i++) {
    const argv = Array.from({ length: Math.floor(rnd() * 6) }, value);
    const env: Record<string, string> = {};
    for (let j = 0, m = 1 + Math.floor(rnd() * 3); j < m; j++) env[`RT_${j}_${pick(['A', 'b', '_'])}`] = value();
    cases.push({ argv, env });
  }
  for (let i = 0; i < refused; i++) {
    const bad = `${value()}\0${value()}`;
    cases.push(i % 2 ? { argv: [value(), bad], env: {}, refuse: true } : { argv: [], env: { RT_NUL: bad }, refuse: true });
  }
  return cases;
}

/**
 * The rule servicekit states for Windows: the SCM expands %NAME% in a command line (its ImagePath is
 * REG_EXPAND_SZ) and no escape exists, so a text is refused when two consecutive '%' enclose a name
 * with no whitespace and no double quote (the names a system environment holds), whatever the scan.
 * Written here from that statement, not taken from the code; windows.test.ts holds it against
 * ExpandEnvironmentStringsW itself. Applied per argument: quoting separates arguments with blanks,
 * so no name can span two.
 */
export function scmCouldExpand(text: string): boolean {
  for (let open = text.indexOf('%'); open !== -1; ) {
    const close = text.indexOf('%', open + 1);
    if (close === -1) return false;
    const name = text.slice(open + 1, close);
    if (name !== '' && !/[\s"]/.test(name)) return true;
    open = close;
  }
  return false;
}

/** The same cases for Windows: those with an argument the SCM could expand must be refused too. */
export function forWindows(cases: Case[]): Case[] {
  return cases.map((c) => (c.argv.some(scmCouldExpand) ? { ...c, refuse: true } : c));
}
