/**
 * pm2 ecosystem files as apply manifests: the shapes of pm2's own documentation examples
 * (pm2.keymetrics.io/docs/usage/application-declaration/, environment-variables/), each key mapped
 * or refused by name.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fromEcosystem, isEcosystem } from '../../src/ecosystem.js';
import { InvalidConfigError } from '../../src/errors.js';

const ctx = { baseDir: '/srv/app', node: '/usr/bin/node', cpus: 2 };

describe('pm2 ecosystem files', () => {
  it("pm2's documented example: script relative to the file, args split as a shell splits them, env with env_production over it for --env production, SIGINT to stop (as pm2 does)", () => {
    const eco = {
      apps: [
        {
          name: 'app1',
          script: './app.js',
          args: 'limit "two words"',
          env: { NODE_ENV: 'development', PORT: 3000 },
          env_production: { NODE_ENV: 'production' },
        },
      ],
    };
    assert.ok(isEcosystem(eco));
    assert.deepEqual(fromEcosystem(eco, { ...ctx, profile: 'production' }).services, [
      { name: 'app1', executable: '/usr/bin/node', arguments: ['/srv/app/app.js', 'limit', 'two words'], workingDirectory: '/srv/app', env: { NODE_ENV: 'production', PORT: '3000' }, killSignal: 'SIGINT' },
    ]);
    assert.deepEqual(fromEcosystem(eco, ctx).services[0]!.env, { NODE_ENV: 'development', PORT: '3000' }, 'no profile: env alone');
  });

  it('the other mapped keys: cwd, interpreter and its args, instances 1 in cluster mode, max_memory_restart, autorestart, restart_delay and kill_timeout (ms), max_restarts, out_file/error_file in one directory, uid/gid', () => {
    const [api, worker] = fromEcosystem(
      {
        apps: [
          { name: 'api', script: 'server.js', cwd: 'api', node_args: '--max-old-space-size=512', instances: 1, exec_mode: 'cluster', max_memory_restart: '300M', restart_delay: 2500, kill_timeout: 5000, max_restarts: 4, out_file: '/var/log/api/out.log', error_file: '/var/log/api/err.log', uid: 'www-data', gid: 'www-data' },
          { name: 'worker', script: '/opt/worker/run.py', interpreter: '/usr/bin/python3', interpreter_args: '-u', args: ['--queue', 'a b'], autorestart: false },
        ],
      },
      ctx,
    ).services;
    assert.deepEqual(api, {
      name: 'api',
      executable: '/usr/bin/node',
      arguments: ['--max-old-space-size=512', '/srv/app/api/server.js'],
      workingDirectory: '/srv/app/api',
      killSignal: 'SIGINT',
      restartSec: 2.5,
      stopTimeoutSec: 5,
      limits: { memoryMax: '300M' },
      systemd: { startLimitBurst: 4 },
      userName: 'www-data',
      groupName: 'www-data',
      logOutput: true,
      logDirectory: '/var/log/api',
    });
    assert.deepEqual(worker, { name: 'worker', executable: '/usr/bin/python3', arguments: ['-u', '/opt/worker/run.py', '--queue', 'a b'], workingDirectory: '/srv/app', restart: 'no', killSignal: 'SIGINT' });
    const bin = fromEcosystem({ apps: [{ name: 'bin', script: './bin/server', interpreter: 'none' }] }, ctx).services[0]!;
    assert.deepEqual([bin.executable, bin.arguments], ['/srv/app/bin/server', []]);
  });

  const refused: [string, Record<string, unknown>, RegExp][] = [
    ['watch', { watch: true }, /apps\[0\] \(a\)\.watch: has no native equivalent: restarting on file changes/],
    ['cron_restart', { cron_restart: '0 0 * * *' }, /cron_restart: has no native equivalent: a restart on a schedule/],
    ['instances that are no number', { instances: 'lots' }, /instances: "lots": want a number or "max"/],
    ['an unknown key', { colour: 'blue' }, /colour: is not a pm2 key servicekit knows/],
    ['out and error files in two directories', { out_file: '/a/out.log', error_file: '/b/err.log' }, /error_file: servicekit writes NAME.out.log and NAME.err.log into one directory/],
    ['an interpreter by name', { interpreter: 'python3' }, /interpreter: "python3": give the interpreter's absolute path/],
    ['no script', { script: undefined }, /script: is required/],
  ];
  for (const [what, over, re] of refused) {
    it(`refuses ${what}, naming the app and the key`, () => {
      assert.throws(() => fromEcosystem({ apps: [{ name: 'a', script: 'a.js', ...over }] }, ctx), (e: unknown) => e instanceof InvalidConfigError && re.test(e.message));
    });
  }

  it('instances: pm2\'s count (max: one per CPU, -N: that many fewer), 1 a plain service; in cluster mode the app\'s PORT held by the manager (listen)', () => {
    const one = (over: Record<string, unknown>) => fromEcosystem({ apps: [{ name: 'a', script: 'a.js', ...over }] }, { ...ctx, cpus: 8 }).services[0]!;
    const pick = (c: { instances?: number; listen?: string | string[] }) => ({ instances: c.instances, listen: c.listen });
    assert.deepEqual(pick(one({ instances: 4, exec_mode: 'cluster', env: { PORT: 3000 } })), { instances: 4, listen: ['3000'] });
    assert.deepEqual(pick(one({ instances: 'max', exec_mode: 'cluster_mode' })), { instances: 8, listen: undefined });
    assert.deepEqual(pick(one({ instances: -1, env: { PORT: '3000' } })), { instances: 7, listen: undefined }, 'fork mode: no shared port');
    assert.deepEqual(pick(one({ instances: 0 })), { instances: 8, listen: undefined });
    assert.deepEqual(pick(one({ instances: 1, exec_mode: 'cluster', env: { PORT: 3000 } })), { instances: undefined, listen: undefined });
    assert.deepEqual(pick(one({ instances: -9 })), { instances: undefined, listen: undefined }, 'never fewer than one');
  });

  it('a servicekit manifest is not an ecosystem', () => {
    assert.equal(isEcosystem({ services: [] }), false);
    assert.equal(isEcosystem({ apps: [], services: [] }), false);
  });
});
