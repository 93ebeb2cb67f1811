/**
 * One binary, no Node on the target: this program built as a Node single executable application
 * (`node build/scripts/build-sea.js`, see the README's "One binary"). `./app install` installs the
 * binary itself as a service (the binary alone is the command: no script argument) and starts it;
 * `./app uninstall` removes it; `./app` with no argument is the service.
 *
 * For the tests it records what the service received in $SK_OUT/received.json.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { control, createService, interactive } from 'servicekit';

const out = process.env['SK_OUT'];

const service = createService(
  {
    start() {
      if (out === undefined) return;
      mkdirSync(out, { recursive: true });
      const data = { argv: process.argv, execPath: process.execPath, cwd: process.cwd(), interactive: interactive(), pid: process.pid };
      writeFileSync(path.join(out, '.received.json'), JSON.stringify(data));
      renameSync(path.join(out, '.received.json'), path.join(out, 'received.json'));
    },
    stop() {},
  },
  {
    name: process.env['SK_NAME'] ?? 'one-binary',
    description: 'A single executable application run as a service.',
    ...(out === undefined ? {} : { env: { SK_OUT: out } }),
  },
);

async function main(): Promise<void> {
  const action = process.argv[2];
  if (action === undefined) return service.run();
  await control(service, action);
  console.log(`${service.name}: ${action} done`);
}

// A single executable application's main script is CommonJS: no top-level await.
main().catch((e: unknown) => {
  console.error(e instanceof Error ? `${e.message}${'code' in e ? ` [${String(e.code)}]` : ''}` : String(e));
  process.exitCode = 1;
});
