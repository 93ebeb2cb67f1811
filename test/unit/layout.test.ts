/**
 * The layout the README's Architecture section describes: every platform decision inside that
 * platform's folder, each folder a record in the registry. (Import rules — no circles, no sibling
 * platform imports, pure renderers, the CLI on the public API — are checked by dependency-cruiser,
 * `npm run check:layout`.)
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { PLATFORMS } from '../../src/platforms.js';

const SRC = path.resolve(fileURLToPath(new URL('../../../src/', import.meta.url)));
const files = readdirSync(SRC, { recursive: true }).map(String).filter((f) => f.endsWith('.ts'));
const IDS = PLATFORMS.map((r) => r.id);
const OS_FACTS = ['cli/command.ts', 'sys/libc.ts', 'sys/signals.ts'];

describe('layout', () => {
  it('no platform name and no process.platform test outside the platform folders', () => {
    const outside = files.filter((f) => !/^platforms\/[^/]+\//.test(f) && f !== 'platforms/platform.ts');
    const found: string[] = [];
    for (const f of outside) {
      const src = readFileSync(path.join(SRC, f), 'utf8');
      for (const id of IDS) if (src.includes(`'${id}'`)) found.push(`${f}: '${id}'`);
      // OS facts that are not about a service manager: how the OS finds a command (PATH, PATHEXT),
      // what the C library's file is called, its struct sigaction, which OS has signal dispositions.
      if (!OS_FACTS.includes(f) && /process\.platform\s*[!=]==|[!=]==\s*['"](win32|darwin|linux)['"]|['"](win32|darwin|linux)['"]\s*[!=]==/.test(src)) found.push(`${f}: tests the OS`);
    }
    assert.deepEqual(found, []);
  });

  it('one record per platform folder, registered once, named after its id', () => {
    const folders = readdirSync(path.join(SRC, 'platforms'), { withFileTypes: true })
      .filter((d) => d.isDirectory() && d.name !== 'shared')
      .map((d) => d.name)
      .sort();
    assert.equal(new Set(IDS).size, IDS.length);
    assert.deepEqual(folders, ['launchd', 'openrc', 'smf', 'systemd', 'sysv', 'upstart', 'windows']);
    for (const folder of folders) {
      const src = readFileSync(path.join(SRC, 'platforms', folder, 'index.ts'), 'utf8');
      const id = /id: '([a-z-]+)'/.exec(src)?.[1];
      assert.ok(id && IDS.includes(id as never), `${folder}/index.ts registers ${id}`);
    }
  });
});
