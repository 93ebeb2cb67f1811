/**
 * The README's Quick start, as written, under real systemd (a doc test): its program in a project
 * whose node_modules/servicekit is this package (what `npm install servicekit` gives; the packed
 * package's own install is package.test.ts's), then each command of its shell blocks in order, run
 * by root (`sudo` dropped), `npx servicekit` finding the package's bin as it would there.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Container, e2eSuiteOptions, MOUNT, waitFor } from './harness/container.js';
import { quickStartCommands, quickStartProgram } from '../readme.js';

const DIR = '/tmp/quickstart';

describe('README Quick start under real systemd', e2eSuiteOptions(), () => {
  let ct: Container;
  before(async () => {
    ct = await Container.up('sk-quickstart');
    await ct.ok(['mkdir', '-p', `${DIR}/node_modules/.bin`]);
    await ct.ok(['ln', '-s', MOUNT, `${DIR}/node_modules/servicekit`]);
    await ct.ok(['ln', '-s', '../servicekit/dist/servicekit-cli.cjs', `${DIR}/node_modules/.bin/servicekit`]);
    const { file, source } = quickStartProgram();
    await ct.ok(['sh', '-c', `cat > ${DIR}/${file}`], source);
  });
  after(async () => {
    await ct?.down();
  });

  /** A README command, as root in the project's directory. */
  const run = (line: string) => ct.exec(['sh', '-c', `cd ${DIR} && ${line.replace(/^sudo /, '')}`]);
  const hello = () => ct.exec(['node', '-e', "fetch('http://127.0.0.1:8080/').then(async (r) => process.stdout.write(await r.text()), () => process.exit(1))"]);

  it('installs, starts, reports and logs the service, then uninstalls it; the one-line install serves too', async () => {
    const lines = quickStartCommands().filter((l) => !l.startsWith('npm install'));
    const results: Record<string, string> = {};
    for (const line of lines) {
      const r = await run(line);
      assert.equal(r.code, 0, `${line}\n${r.stdout}\n${r.stderr}`);
      results[line] = r.stdout;
      if (line.endsWith(' start')) assert.equal((await hello()).stdout, 'hello\n', 'started means serving');
      if (/servicekit install --name web/.test(line)) {
        const listing = await waitFor('the http.server', async () => (await hello()).stdout || undefined);
        assert.match(listing, /Directory listing/);
        assert.equal((await ct.cli(['uninstall', 'web'])).code, 0);
      }
    }
    const status = Object.entries(results).find(([l]) => l.includes('servicekit status my-service'))?.[1];
    assert.match(status ?? '', /^my-service: running \(pid \d+, enabled, [\d.]+ MiB, cpu [\d.]+s, up \d+s\)\n$/);
    const logs = Object.entries(results).find(([l]) => l.includes('servicekit logs my-service'))?.[1];
    assert.match(logs ?? '', /my-service\[\d+\]: listening on 8080/);
    assert.equal(await ct.exists('/etc/systemd/system/my-service.service'), false, 'uninstalled');
  });
});
