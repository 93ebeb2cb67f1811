/**
 * The layering rules of src/, checked by `npm run check:layout` (part of `npm test`, so CI fails on
 * a break). Type-only imports count too.
 */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No import circles, type imports included.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-sibling-platforms',
      severity: 'error',
      comment: 'A platform folder imports no other platform folder; what several share lives in platforms/shared/.',
      from: { path: '^src/platforms/([^/]+)/' },
      to: { path: '^src/platforms/[^/]+/', pathNot: ['^src/platforms/$1/', '^src/platforms/shared/'] },
    },
    {
      name: 'platforms-do-not-reach-up',
      severity: 'error',
      comment: 'Platforms are below the Service and the registry: they never import them.',
      from: { path: '^src/platforms/' },
      to: { path: '^src/(index|service|platforms|cli/.*)\\.ts$' },
    },
    {
      name: 'cli-uses-the-public-api',
      severity: 'error',
      comment: 'The CLI reaches the library only through src/index.ts (what the README documents); and the process-wide signal dispositions its entry sets (src/sys/signals.ts), and its own package (src/sys/package.ts, for --version).',
      from: { path: '^src/cli/' },
      to: { path: '^src/', pathNot: ['^src/index\\.ts$', '^src/cli/', '^src/sys/signals\\.ts$', '^src/sys/package\\.ts$'] },
    },
    {
      name: 'renderers-are-pure',
      severity: 'error',
      comment: 'render/quote/parse/options modules run no command, touch no file and load no binding.',
      from: { path: '^src/platforms/[^/]+/(render|quote|parse|options)\\.ts$' },
      to: { path: ['^src/sys/', '^src/platforms/[^/]+/(win32|manager|runner)\\.ts$', 'child_process', '^node:fs$', '^fs$', 'koffi'] },
    },
    {
      name: 'managers-load-on-first-use',
      severity: 'error',
      comment: 'A manager or runner is imported dynamically (by its platform record), never statically.',
      from: {},
      to: { path: '^src/platforms/[^/]+/(manager|runner)\\.ts$', dependencyTypesNot: ['dynamic-import'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    includeOnly: '^src/',
  },
};
