/** The README's code blocks, for the tests that run them as written (doc tests). */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const README = fileURLToPath(new URL('../../README.md', import.meta.url));

export interface Block {
  lang: string;
  text: string;
}

/** The fenced code blocks of a section of the README ("## Quick start"), in order. */
export function readmeBlocks(section: string): Block[] {
  const text = readFileSync(README, 'utf8');
  const start = text.indexOf(`\n${section}\n`);
  if (start < 0) throw new Error(`README has no ${section}`);
  const end = text.indexOf('\n## ', start + section.length + 2);
  const body = text.slice(start, end < 0 ? undefined : end);
  return [...body.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)].map((m) => ({ lang: m[1]!, text: m[2]! }));
}

/** The Quick start's program: the js block whose first line names its file. */
export function quickStartProgram(): { file: string; source: string } {
  const block = readmeBlocks('## Quick start').find((b) => b.lang === 'js');
  const file = block && /^\/\/ (\S+\.mjs)\n/.exec(block.text)?.[1];
  if (!block || !file) throw new Error('the Quick start has no js block starting with "// FILE.mjs"');
  return { file, source: block.text };
}

/** The commands of the Quick start's shell blocks, one per line, comments cut off. */
export function quickStartCommands(): string[] {
  return readmeBlocks('## Quick start')
    .filter((b) => b.lang === 'sh')
    .flatMap((b) => b.text.split('\n'))
    .map((l) => l.replace(/\s+#.*$/, '').trim())
    .filter(Boolean);
}
