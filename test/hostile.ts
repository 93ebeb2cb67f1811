/**
 * The one list of hostile values the end-to-end suites install with (systemd, SysV, OpenRC and the
 * Windows SCM alike): every argument and variable below must reach the program exactly. Each
 * entry breaks a naive quoting somewhere — a shell (init scripts, Upstart), systemd's unit syntax
 * (specifiers, `$` expansion, C escapes) or the Windows C runtime's rules (backslashes before quotes
 * and at the end). None holds %NAME% with a name the Windows SCM could expand: that is refused, and
 * tried on its own. (The generated values are in random.ts and e2e/roundtrip-cases.ts.)
 */
export const HOSTILE_ARGS: readonly string[] = [
  'two  spaces',
  'double "quotes" inside',
  '"',
  "single 'quotes' '",
  '$HOME ${PATH} $$ $(id) `id`',
  '100% %h %n %% done, 50 %s',
  'back\\slash \\n \\\\',
  'trailing backslash\\',
  'trailing two\\\\',
  'slash before quote \\" end',
  '\\\\server\\share\\with space\\',
  'C:\\Program Files\\x "y"\\',
  '',
  '-leading-dash',
  '--looks-like-an-option',
  'new\nline\ttab',
  'ünïcödé € 日本',
  ';&|*?~<>^!#`',
  '*',
];

/** Variables with hostile values (names distinct even where case is ignored: Windows). */
export const HOSTILE_ENV: Readonly<Record<string, string>> = {
  SK_SPACES: 'a  b "double" \'single\' \\back\\slash\\',
  SK_PERCENT: '%PATH% 100% %s %h %%',
  SK_SHELL: '$HOME ${X} $(id) `id` ; & | * ^ < >',
  SK_UNICODE: 'ü € 日本',
  SK_NEWLINE: 'first\nsecond',
  SK_EMPTY: '',
  SK_EQUALS: 'a=b=c',
};

/** `--env NAME=VALUE` for each hostile variable. */
export const hostileEnvFlags = (): string[] => Object.entries(HOSTILE_ENV).flatMap(([k, v]) => ['--env', `${k}=${v}`]);

/** The variables a program received, only those of HOSTILE_ENV (for deepEqual against it). */
export const hostileEnvOf = (env: Readonly<Record<string, string | undefined>>): Record<string, string | undefined> =>
  Object.fromEntries(Object.keys(HOSTILE_ENV).map((k) => [k, env[k]]));
