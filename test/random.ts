/**
 * The one seeded random generator of the tests (a linear congruential generator, as C's rand):
 * deterministic, so a generated case that fails fails again, and every suite draws from the same.
 */
export function seededRandom(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

/**
 * Deterministic hostile strings: the empty string, then `n` strings of up to `maxLength`
 * characters drawn from `alphabet`.
 */
export function* hostileStrings(n: number, alphabet: readonly string[], seed: number, maxLength: number): Generator<string> {
  const rnd = seededRandom(seed);
  yield '';
  for (let i = 0; i < n; i++) {
    let v = '';
    const len = Math.floor(rnd() * maxLength);
    for (let j = 0; j < len; j++) v += alphabet[Math.floor(rnd() * alphabet.length)];
    yield v;
  }
}

/** Arguments that break naive Windows quoting (spaces, quotes, backslashes before quotes and at the end), plus 400 generated ones. */
export function windowsArguments(): string[] {
  const fixed = ['', ' ', '"', '""', '\\', '\\\\', '\\"', 'a\\', 'a\\\\', 'a b\\', 'a "b" c', '\\\\srv\\share\\', 'x\ty', 'new\nline', '-x', 'ü €'];
  const alphabet = ['a', ' ', '"', '\\', '\t', '%', '^', '&', '|', '<', '>', "'", 'ü', '日', '\n', '-'];
  return [...fixed, ...hostileStrings(400, alphabet, 42, 12)];
}
