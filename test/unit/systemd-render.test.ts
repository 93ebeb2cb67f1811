import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InvalidConfigError } from '../../src/errors.js';
import type { Config } from '../../src/config.js';
import { execLine, quoteEnvironment, quoteExecWord, timespan, unitPath } from '../../src/platforms/systemd/quote.js';
import { renderFiles, renderUnit, unitDirectory, unitVars } from '../../src/platforms/systemd/render.js';
import { resolved } from './helpers.js';

describe('systemd quoting', () => {
  const cases: Array<[string, string]> = [
    ['plain', '"plain"'],
    ['two words', '"two words"'],
    ['say "hi"', '"say \\"hi\\""'],
    ["it's", '"it\'s"'],
    ['back\\slash', '"back\\\\slash"'],
    ['$HOME ${X}', '"$$HOME $${X}"'],
    ['100% %h', '"100%% %%h"'],
    ['', '""'],
    ['a\nb\tc\rd', '"a\\nb\\tc\\rd"'],
    ['bell\x07', '"bell\\x07"'],
    ['ünï €', '"ünï €"'],
    [';&|*?~<>`', '";&|*?~<>`"'],
  ];
  for (const [input, want] of cases) {
    it(`quotes ${JSON.stringify(input)}`, () => assert.equal(quoteExecWord(input, 'arg'), want));
  }

  it('refuses NUL with InvalidConfigError naming the field', () => {
    assert.throws(() => quoteExecWord('a\0b', 'arguments[2]'), (e: unknown) => e instanceof InvalidConfigError && e.field === 'arguments[2]' && e.code === 'ERR_INVALID_CONFIG');
  });

  it('refuses $ in the executable path (systemd has no escape for it there)', () => {
    assert.throws(() => execLine('/opt/$x/bin', []), InvalidConfigError);
  });

  it('quotes Environment= without doubling $ (systemd does not expand it there)', () => {
    assert.equal(quoteEnvironment('K', 'a "b" $c %d \\e'), '"K=a \\"b\\" $c %%d \\\\e"');
  });

  it('refuses paths systemd cannot hold exactly', () => {
    for (const p of ['-/x', '~/x', ' /x', '/x\\y', '/x"y', '/x\ny']) assert.throws(() => unitPath(p, 'workingDirectory'), InvalidConfigError, p);
    assert.equal(unitPath('/srv/100%', 'workingDirectory'), '/srv/100%%');
  });

  it('writes time spans in milliseconds', () => {
    assert.equal(timespan(1), '1000ms');
    assert.equal(timespan(0.25), '250ms');
  });
});

describe('systemd unit rendering', () => {
  it('renders the defaults for this program (Type=notify, node + script, multi-user.target)', () => {
    const unit = renderUnit(resolved());
    assert.equal(
      unit,
      [
        '# Written by servicekit; reinstall rather than edit (servicekit uninstall demo).',
        '# managed-by: servicekit (name=demo)',
        '[Unit]',
        'Description=demo',
        'After=network.target',
        'StartLimitIntervalSec=20000ms',
        'StartLimitBurst=10',
        '',
        '[Service]',
        'Type=notify',
        'NotifyAccess=main',
        'ExecStart="/usr/bin/node" "/srv/app/main.js"',
        'WorkingDirectory=/srv/app',
        'Restart=always',
        'RestartSec=1000ms',
        'TimeoutStopSec=30000ms',
        'SyslogIdentifier=demo',
        // The standard sandbox of a system service (hardening.ts; its score is measured end to end).
        'ProtectSystem=full',
        'ProtectHome=read-only',
        'PrivateDevices=yes',
        'ProtectKernelTunables=yes',
        'ProtectKernelModules=yes',
        'ProtectKernelLogs=yes',
        'ProtectControlGroups=yes',
        'ProtectClock=yes',
        'ProtectHostname=yes',
        'RestrictSUIDSGID=yes',
        'RestrictRealtime=yes',
        'RestrictNamespaces=yes',
        'LockPersonality=yes',
        'SystemCallArchitectures=native',
        'SystemCallFilter=@system-service',
        'SystemCallErrorNumber=EPERM',
        'RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6 AF_NETLINK',
        'CapabilityBoundingSet=~CAP_SYS_ADMIN CAP_SYS_MODULE CAP_SYS_RAWIO CAP_SYS_PTRACE CAP_SYS_BOOT CAP_SYS_TIME CAP_SYS_PACCT CAP_SYS_TTY_CONFIG CAP_MKNOD CAP_LINUX_IMMUTABLE CAP_IPC_LOCK CAP_BPF CAP_PERFMON CAP_SYSLOG CAP_WAKE_ALARM CAP_BLOCK_SUSPEND CAP_AUDIT_CONTROL CAP_AUDIT_READ CAP_AUDIT_WRITE CAP_MAC_ADMIN CAP_MAC_OVERRIDE CAP_NET_ADMIN CAP_LEASE',
        'ReadWritePaths=-/srv/app',
        '',
        '[Install]',
        'WantedBy=multi-user.target',
        '',
      ].join('\n'),
    );
  });

  it('hardening: none writes no sandbox, strict adds what a careful operator adds (a dynamic account without userName), never MemoryDenyWriteExecute (V8 writes the code it runs); a user service gets none', () => {
    const lines = (unit: string) => unit.split('\n').filter((l) => /^(Protect|Private|Restrict|SystemCall|Capability|ReadWrite|NoNewPriv|DynamicUser|UMask|MemoryDeny)/.test(l));
    assert.deepEqual(lines(renderUnit(resolved({ hardening: 'none' }))), []);
    const strict = lines(renderUnit(resolved({ hardening: 'strict' })));
    for (const l of ['ProtectSystem=strict', 'ProtectHome=yes', 'PrivateTmp=yes', 'NoNewPrivileges=yes', 'CapabilityBoundingSet=', 'DynamicUser=yes', 'ReadWritePaths=-/srv/app']) assert.ok(strict.includes(l), l);
    assert.ok(!strict.some((l) => l.startsWith('MemoryDenyWriteExecute')));
    assert.ok(!lines(renderUnit(resolved({ hardening: 'strict', userName: 'www-data' }))).includes('DynamicUser=yes'));
    assert.deepEqual(lines(renderUnit(resolved({ userService: true }))), []);
  });

  it('renders every option', () => {
    const unit = renderUnit(
      resolved({
        executable: '/usr/local/bin/app',
        arguments: ['--port', '80 80'],
        description: 'My 100% app',
        userName: 'www-data',
        dependencies: ['postgresql', 'network-online.target'],
        workingDirectory: '/var/lib/app',
        chroot: '/srv/jail',
        env: { A: '1', B: 'x y' },
        restart: 'on-failure',
        restartSec: 2.5,
        successExitStatus: [3, 4],
        reloadSignal: 'SIGHUP',
        pidFile: '/run/app.pid',
        stopTimeoutSec: 5,
        logOutput: true,
        logDirectory: '/var/log/app',
        systemd: { type: 'notify', limitNOFILE: 65536, startLimitIntervalSec: 60, startLimitBurst: 3, watchdogSec: 10 },
      }),
    );
    for (const line of [
      'Description=My 100%% app',
      'Wants=postgresql.service',
      'After=postgresql.service',
      'Wants=network-online.target',
      'StartLimitIntervalSec=60000ms',
      'StartLimitBurst=3',
      'Type=notify',
      'ExecStart="/usr/local/bin/app" "--port" "80 80"',
      'WorkingDirectory=/var/lib/app',
      'RootDirectory=/srv/jail',
      'User=www-data',
      'Environment="A=1"',
      'Environment="B=x y"',
      'Restart=on-failure',
      'RestartSec=2500ms',
      'TimeoutStopSec=15000ms',
      'LimitNOFILE=65536',
      'SuccessExitStatus=3 4',
      'ExecReload=/bin/kill -s HUP $MAINPID',
      'PIDFile=/run/app.pid',
      'WatchdogSec=10000ms',
      'StandardOutput=append:/var/log/app/demo.out.log',
      'StandardError=append:/var/log/app/demo.err.log',
    ]) {
      assert.ok(unit.split('\n').includes(line), `missing ${line}\n${unit}`);
    }
  });

  it('uses Type=exec for another program, and default.target for user units', () => {
    const unit = renderUnit(resolved({ executable: '/bin/sleep', arguments: ['1000'], userService: true }));
    assert.match(unit, /^Type=exec$/m);
    assert.doesNotMatch(unit, /NotifyAccess/);
    assert.doesNotMatch(unit, /After=network\.target/);
    assert.match(unit, /^WantedBy=default\.target$/m);
  });

  it('refuses a watchdog without Type=notify', () => {
    assert.throws(() => renderUnit(resolved({ executable: '/bin/sleep', systemd: { watchdogSec: 5 } })), InvalidConfigError);
  });

  it('places system units in /etc/systemd/system and user units under XDG_CONFIG_HOME or ~/.config', () => {
    assert.equal(renderFiles(resolved(), {})[0]!.path, '/etc/systemd/system/demo.service');
    assert.equal(renderFiles(resolved(), {})[0]!.mode, 0o644);
    assert.equal(unitDirectory({ userService: true }, { HOME: '/home/a' }), '/home/a/.config/systemd/user');
    assert.equal(unitDirectory({ userService: true }, { HOME: '/home/a', XDG_CONFIG_HOME: '/cfg' }), '/cfg/systemd/user');
    assert.equal(unitDirectory({ userService: true }, { HOME: '/home/a', XDG_CONFIG_HOME: 'relative' }), '/home/a/.config/systemd/user');
  });

  it("a custom template's variables are the unit's own lines (one list of options makes both)", () => {
    const cfg = resolved({ dependencies: ['db', 'After=network-online.target', 'Requires=db.service'], env: { A: 'x y' }, environmentFile: '/etc/a.env', userName: 'daemon', logOutput: true, userService: false });
    const lines = renderUnit(cfg).split('\n');
    const vars = unitVars(cfg);
    for (const [name, key] of [['Description', 'Description'], ['Type', 'Type'], ['ExecStart', 'ExecStart'], ['WorkingDirectory', 'WorkingDirectory'], ['User', 'User'], ['Restart', 'Restart'], ['RestartSec', 'RestartSec'], ['TimeoutStopSec', 'TimeoutStopSec'], ['WantedBy', 'WantedBy']] as const) {
      assert.ok(lines.includes(`${key}=${vars[name]!}`), `${name}: ${vars[name]!}`);
    }
    for (const name of ['Dependencies', 'Environment'] as const) {
      assert.ok(vars[name]!.split('\n').length >= 2, name);
      for (const l of vars[name]!.split('\n')) assert.ok(lines.includes(l), `${name}: ${l}`);
    }
  });
});

describe('systemd instances (instances: N)', () => {
  const files = (c: Partial<Config>) => renderFiles(resolved({ executable: '/usr/bin/node', arguments: ['/srv/app.js'], ...c }), {});
  const lines = (text: string) => text.split('\n');

  it('a group unit NAME.service (a oneshot that stays active, wanting NAME@1..N, with the [Install]) and the template NAME@.service (the program, part of the group, its number in SERVICEKIT_INSTANCE, the shared socket)', () => {
    const [group, template, socket] = files({ instances: 3, listen: '8080', env: { A: 'b' } });
    assert.deepEqual([group!.path, template!.path, socket!.path], ['/etc/systemd/system/demo.service', '/etc/systemd/system/demo@.service', '/etc/systemd/system/demo.socket']);
    const g = lines(group!.content);
    for (const l of ['Wants=demo@1.service demo@2.service demo@3.service', 'Type=oneshot', 'RemainAfterExit=yes', 'ExecStart=/bin/true', 'WantedBy=multi-user.target', 'Also=demo.socket', '# managed-by: servicekit (name=demo)']) assert.ok(g.includes(l), l);
    assert.ok(!g.some((l) => l.startsWith('Environment=') || l.startsWith('User=')), 'the group runs nothing of the program');
    const t = lines(template!.content);
    for (const l of ['PartOf=demo.service', 'Environment=SERVICEKIT_INSTANCE=%i', 'Environment="A=b"', 'Sockets=demo.socket', 'Requires=demo.socket', 'SyslogIdentifier=demo@%i', 'ExecStart="/usr/bin/node" "/srv/app.js"', 'Description=demo (instance %i)', '# managed-by: servicekit (name=demo)']) {
      assert.ok(t.includes(l), `${l} in\n${template!.content}`);
    }
    assert.ok(!t.includes('[Install]'), 'the instances are enabled through the group');
  });

  it('without listen no socket; a user service; strict hardening without userName: the instances share one dynamic account named after the service', () => {
    assert.deepEqual(files({ instances: 2 }).map((f) => f.path), ['/etc/systemd/system/demo.service', '/etc/systemd/system/demo@.service']);
    assert.ok(!files({ instances: 2 })[1]!.content.includes('Sockets='));
    assert.match(files({ instances: 2, userService: true })[0]!.content, /^WantedBy=default\.target$/m);
    const strict = lines(files({ instances: 2, hardening: 'strict' })[1]!.content);
    assert.ok(strict.includes('DynamicUser=yes') && strict.includes('User=demo') && strict.includes('StateDirectory=demo'));
    assert.ok(!lines(files({ instances: 2, hardening: 'strict', userName: 'www-data' })[1]!.content).includes('User=demo'));
  });

  it('refuses what instances cannot share or servicekit cannot write: a PID file, a custom template, SERVICEKIT_INSTANCE set by hand, a count outside 1..256', () => {
    assert.throws(() => files({ instances: 2, pidFile: '/run/a.pid' }), (e: unknown) => e instanceof InvalidConfigError && e.field === 'pidFile');
    assert.throws(() => files({ instances: 2, template: '{{ExecStart}}' }), (e: unknown) => e instanceof InvalidConfigError && e.field === 'templates.systemd');
    assert.throws(() => files({ instances: 2, env: { SERVICEKIT_INSTANCE: '1' } }), (e: unknown) => e instanceof InvalidConfigError && e.field === 'env.SERVICEKIT_INSTANCE');
    for (const n of [0, 257, 1.5]) assert.throws(() => files({ instances: n }), (e: unknown) => e instanceof InvalidConfigError && e.field === 'instances', String(n));
  });
});
