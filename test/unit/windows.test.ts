import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ResolvedConfig } from '../../src/config.js';
import { isInteractive } from '../../src/platforms.js';
import type { Probe } from '../../src/platforms/probe.js';
import { InvalidConfigError, UnsupportedError } from '../../src/errors.js';
import { refuseUnsupported } from '../../src/platforms/support.js';
import { support } from '../../src/platforms/windows/honours.js';
import { CWD_VAR, decodeEnvironment, encodeEnvironment } from '../../src/platforms/windows/env.js';
import { SCM_EXPANDS, commandLine as lineFor, launchOf, quoteArg, renderWindows as renderFor, scmSpec as specFor, type ServicekitFiles } from '../../src/platforms/windows/render.js';
import { multiSz } from '../../src/platforms/windows/registry.js';
import { parseMultiSz } from '../../src/platforms/windows/win32.js';
import { windowsArguments } from '../random.js';
import { resolved } from './helpers.js';
import { accountKind, checkAccount, serviceSid } from '../../src/platforms/windows/accounts.js';
import { directorySddl, sidOf } from '../../src/platforms/windows/security.js';

/** servicekit's files as a command line names them. */
const FILES: ServicekitFiles = { preload: 'C:\\sk\\dist\\windows-preload.cjs', cli: 'C:\\sk\\dist\\servicekit-cli.cjs', node: 'C:\\Program Files\\nodejs\\node.exe' };
const commandLine = (c: ResolvedConfig) => lineFor(c, 'program', FILES);
const scmSpec = (c: ResolvedConfig) => specFor(c, FILES);
const renderWindows = (c: ResolvedConfig) => renderFor(c, FILES);

/** A resolved config as on Windows (resolveConfig checks paths with the host's path module). */
function win(c: Parameters<typeof resolved>[0] = {}, over: Partial<ResolvedConfig> = {}): ResolvedConfig {
  return { ...resolved(c), executable: 'C:\\Program Files\\nodejs\\node.exe', workingDirectory: 'C:\\srv\\app', ...over };
}

/**
 * Split a command line the way the Microsoft C runtime does (what node.exe uses): the reference
 * the quoting is checked against. The program name (first token) follows the simpler rule: quotes
 * delimit it, backslashes are literal.
 */
function parseCommandLine(line: string): string[] {
  const args: string[] = [];
  let i = 0;
  // program name
  let prog = '';
  if (line[0] === '"') {
    i = 1;
    while (i < line.length && line[i] !== '"') prog += line[i++];
    i++;
  } else {
    while (i < line.length && line[i] !== ' ' && line[i] !== '\t') prog += line[i++];
  }
  args.push(prog);
  for (;;) {
    while (line[i] === ' ' || line[i] === '\t') i++;
    if (i >= line.length) break;
    let cur = '';
    let quoted = false;
    while (i < line.length) {
      let n = 0;
      while (line[i] === '\\') {
        n++;
        i++;
      }
      if (line[i] === '"') {
        cur += '\\'.repeat(n >> 1);
        if (n % 2 === 1) cur += '"';
        else if (quoted && line[i + 1] === '"') {
          cur += '"'; // "" inside quotes: a literal quote (C runtime since 2008)
          i++;
        } else quoted = !quoted;
        i++;
        continue;
      }
      cur += '\\'.repeat(n);
      if (i >= line.length || (!quoted && (line[i] === ' ' || line[i] === '\t'))) break;
      cur += line[i++];
    }
    args.push(cur);
  }
  return args;
}


describe('Windows command line', () => {
  it('quotes each argument so the C runtime parses it back exactly', () => {
    const args = windowsArguments().filter((a) => !SCM_EXPANDS.test(a));
    const line = ['"C:\\Program Files\\nodejs\\node.exe"', ...args.map(quoteArg)].join(' ');
    assert.deepEqual(parseCommandLine(line), ['C:\\Program Files\\nodejs\\node.exe', ...args]);
  });

  it('leaves plain arguments alone and quotes the rest', () => {
    assert.equal(quoteArg('plain'), 'plain');
    assert.equal(quoteArg(''), '""');
    assert.equal(quoteArg('a b'), '"a b"');
    assert.equal(quoteArg('a"b'), '"a\\"b"');
    assert.equal(quoteArg('a b\\'), '"a b\\\\"');
    assert.equal(quoteArg('back\\slash'), 'back\\slash');
  });

  it('parses like the C runtime for the classic cases', () => {
    assert.deepEqual(parseCommandLine('"C:\\a b\\p.exe" "a b c" d e'), ['C:\\a b\\p.exe', 'a b c', 'd', 'e']);
    assert.deepEqual(parseCommandLine('p.exe "ab\\"c" "\\\\" d'), ['p.exe', 'ab"c', '\\', 'd']);
    assert.deepEqual(parseCommandLine('p.exe a\\\\\\b d"e f"g h'), ['p.exe', 'a\\\\\\b', 'de fg', 'h']);
    assert.deepEqual(parseCommandLine('p.exe a\\\\\\"b c d'), ['p.exe', 'a\\"b', 'c', 'd']);
    assert.deepEqual(parseCommandLine('p.exe a\\\\\\\\"b c" d e'), ['p.exe', 'a\\\\b c', 'd', 'e']);
  });

  it('quotes the executable and refuses %VAR% text the SCM would expand', () => {
    assert.equal(commandLine(win({ arguments: ['x y'] })), '"C:\\Program Files\\nodejs\\node.exe" /srv/app/main.js "x y"');
    for (const a of ['%PATH%', 'a%b%c', '%SystemRoot%\\x']) {
      assert.throws(() => commandLine(win({ arguments: [a] })), (e: unknown) => e instanceof InvalidConfigError && e.field === 'arguments[1]', a);
    }
    for (const a of ['100%', '50% of 60%', '%', '%%', '% x %']) assert.doesNotThrow(() => commandLine(win({ arguments: [a] })), a);
  });

  it('refuses a command line longer than Windows allows', () => {
    const long = 'x'.repeat(20000);
    assert.throws(() => commandLine(win({ arguments: [long, long] })), InvalidConfigError);
  });

  it('refuses executables and directories that are not absolute Windows paths', () => {
    for (const exe of ['/usr/bin/node', 'node.exe', 'C:relative.exe', 'C:\\a"b.exe', 'C:\\a|b.exe']) {
      assert.throws(() => commandLine(win({}, { executable: exe })), InvalidConfigError, exe);
    }
    assert.doesNotThrow(() => commandLine(win({}, { executable: '\\\\server\\share\\app.exe' })));
    assert.throws(() => scmSpec(win({}, { workingDirectory: '/srv' })), InvalidConfigError);
  });
});

describe('Windows SCM spec', () => {
  it('maps the config to CreateServiceW / ChangeServiceConfig2W values', () => {
    const s = scmSpec(win({ dependencies: ['Tcpip'], env: { A: 'x y', B: '' }, restartSec: 3 }));
    assert.equal(s.startTypeCode, 2);
    assert.equal(s.onFailure, 'restart');
    assert.equal(s.onFailureDelayMs, 3000);
    assert.equal(s.onFailureResetPeriodSec, 86400);
    assert.deepEqual(s.dependencies, ['Tcpip']);
    assert.deepEqual(s.environment, ['A=x y', 'B=', `${CWD_VAR}=C:\\srv\\app`]);
  });

  it('honours the Windows options', () => {
    const s = scmSpec(win({ restart: 'no', windows: { startType: 'manual' } }));
    assert.deepEqual([s.startTypeCode, s.onFailure], [3, 'noaction']);
    const d = scmSpec(win({ windows: { delayedAutoStart: true, onFailure: 'reboot', onFailureDelaySec: 60, onFailureResetPeriodSec: 10 } }));
    assert.deepEqual([d.delayedAutoStart, d.onFailure, d.onFailureDelayMs, d.onFailureResetPeriodSec], [true, 'reboot', 60000, 10]);
    assert.equal(scmSpec(win({ windows: { startType: 'disabled' } })).startTypeCode, 4);
    assert.throws(() => resolved({ windows: { startType: 'manual', delayedAutoStart: true } }), InvalidConfigError);
    assert.throws(() => resolved({ windows: { startType: 'boot' as never } }), InvalidConfigError);
    assert.throws(() => resolved({ windows: { nope: 1 } as never }), InvalidConfigError);
  });

  it('refuses env names that differ only in case (one variable on Windows)', () => {
    assert.throws(() => scmSpec(win({ env: { Path: 'a', PATH: 'b' } })), (e: unknown) => e instanceof InvalidConfigError && e.field === 'env.PATH');
  });

  it('windows.interactive: SERVICE_INTERACTIVE_PROCESS, for LocalSystem only', () => {
    assert.equal(scmSpec(win({ windows: { interactive: true } })).serviceType, 0x110);
    assert.equal(scmSpec(win({})).serviceType, 0x10);
    assert.match(renderWindows(win({ windows: { interactive: true } }))[0]!.content, /ServiceType +SERVICE_WIN32_OWN_PROCESS \| SERVICE_INTERACTIVE_PROCESS/);
    assert.throws(() => scmSpec(win({ userName: '.\\svc', windows: { interactive: true } })), (e: unknown) => e instanceof InvalidConfigError && e.field === 'windows.interactive');
  });

  it('refuses what Windows services cannot do', () => {
    assert.throws(() => scmSpec(win({ userService: true })), InvalidConfigError);
    for (const c of [{ nice: 5 }, { pidFile: '/run/x.pid' }, { reloadSignal: 'SIGHUP' }, { chroot: '/srv' }, { systemd: { watchdogSec: 5 } }]) {
      assert.throws(() => refuseUnsupported(win(c), 'windows-service', support), (e: unknown) => e instanceof UnsupportedError && /is not supported on windows-service/.test(e.message), JSON.stringify(c));
    }
  });

  it('accepts Windows account names; the password never appears in output or JSON', () => {
    for (const u of ['.\\svc-user', 'CONTOSO\\svc', 'NT AUTHORITY\\LocalService', 'svc@contoso.com']) {
      assert.equal(resolved({ userName: u }).userName, u);
    }
    const c = win({ userName: '.\\svc', windows: { password: 'hunter2 "secret"' } });
    assert.equal(c.windows.password, 'hunter2 "secret"');
    assert.doesNotMatch(JSON.stringify(c), /hunter2/);
    const text = renderWindows(c).map((f) => f.content).join('');
    assert.doesNotMatch(text, /hunter2/);
    assert.match(text, /password set, not shown/);
    assert.throws(() => scmSpec(win({ windows: { password: 'x' } })), InvalidConfigError, 'a password without an account');
  });

  it('encodes REG_MULTI_SZ and reads it back', () => {
    const items = ['A=x y', 'B=', 'C=ü€日 "q" \\'];
    assert.deepEqual(parseMultiSz(multiSz(items)), items);
    assert.equal(multiSz([]).length, 2);
  });
});

describe('Windows detection', () => {
  const probe = (parent: string | undefined): Probe => ({
    platform: 'win32',
    exists: () => false,
    read: () => undefined,
    run: () => undefined,
    env: {},
    pid: 10,
    ppid: 5,
    stderrId: () => undefined,
    parentImage: () => parent,
  });
  it('is a service when services.exe started it, interactive otherwise', () => {
    assert.equal(isInteractive(probe('C:\\windows\\system32\\services.exe')), false);
    assert.equal(isInteractive(probe('C:\\WINDOWS\\System32\\SERVICES.EXE')), false);
    assert.equal(isInteractive(probe('C:\\windows\\system32\\cmd.exe')), true);
    assert.equal(isInteractive(probe('C:\\tools\\notservices.exe')), true);
    assert.equal(isInteractive(probe(undefined)), true);
  });
  it('a terminal answers first, without asking for the parent (no koffi load)', () => {
    let asked = false;
    const p: Probe = { ...probe('C:\\windows\\system32\\services.exe'), tty: () => true, parentImage: () => ((asked = true), undefined) };
    assert.equal(isInteractive(p), true);
    assert.equal(asked, false);
  });
});

describe('Windows environment codec (install writes, the service reads)', () => {
  it('round-trips variables and the working directory exactly, and ignores entries that are not ours', () => {
    const env = { A: 'x=y', EMPTY: '', NL: 'a\nb', PCT: '%PATH%', U: 'ü € 日本' };
    const entries = encodeEnvironment(env, 'C:\\srv\\my app');
    assert.deepEqual(decodeEnvironment(entries), { env, workingDirectory: 'C:\\srv\\my app' });
    assert.equal(decodeEnvironment(['A=1', 'B=2']), undefined);
    assert.throws(() => encodeEnvironment({ Path: 'a', PATH: 'b' }, 'C:\\x'), InvalidConfigError);
  });
});

describe('Windows: how the SCM runs a program (itself, node with the preload, the host)', () => {
  const plain = (c: Parameters<typeof resolved>[0] = {}, exe = 'C:\\Program Files\\nodejs\\node.exe', over: Partial<ResolvedConfig> = {}) => {
    const { arguments: args = [], ...rest } = c;
    return win(rest, { executable: exe, runsThisProgram: false, arguments: args, ...over });
  };

  it('this program (it calls run()) runs itself; any other node.exe program gets the preload; anything else the host', () => {
    assert.equal(launchOf(win({})), 'program');
    assert.equal(launchOf(plain({ arguments: ['C:\\srv\\server.js'] })), 'node');
    assert.equal(launchOf(plain({}, 'C:\\Python312\\python.exe')), 'host');
    assert.equal(launchOf(plain({}, 'C:\\Windows\\System32\\cmd.exe')), 'host');
  });

  it('the preload goes before the script; the program keeps exactly its arguments', () => {
    const s = scmSpec(plain({ arguments: ['C:\\srv\\server.js', 'a b', '-x'] }));
    assert.equal(s.binaryPathName, '"C:\\Program Files\\nodejs\\node.exe" --require C:\\sk\\dist\\windows-preload.cjs C:\\srv\\server.js "a b" -x');
    assert.equal(s.program, undefined);
  });

  it("the host's command line names the service; the program's argv is stored for it, %NAME% included (nothing expands it there)", () => {
    const s = scmSpec(plain({ name: 'web', arguments: ['-m', 'http.server', '%PATH%', 'a "b"'] }, 'C:\\Python312\\python.exe'));
    assert.equal(s.binaryPathName, '"C:\\Program Files\\nodejs\\node.exe" C:\\sk\\dist\\servicekit-cli.cjs host web');
    assert.deepEqual(s.program, ['C:\\Python312\\python.exe', '-m', 'http.server', '%PATH%', 'a "b"']);
    assert.match(renderWindows(plain({ name: 'web', arguments: ['%PATH%'] }, 'C:\\Python312\\python.exe'))[0]!.content, /Hosted program +C:\\Python312\\python\.exe %PATH% \(restart always after 1 s\)/);
  });

  it('output files: on by default for the preload and the host, in ProgramData or logDirectory; off, and refused, for a program that calls run()', () => {
    // By default a directory of the service's own (its account's access, no other service's).
    assert.deepEqual(scmSpec(plain({ name: 'web' })).logs, { out: 'C:\\ProgramData\\servicekit\\logs\\web\\web.out.log', err: 'C:\\ProgramData\\servicekit\\logs\\web\\web.err.log' });
    assert.deepEqual(scmSpec(plain({ name: 'web' }, 'C:\\app.exe', { logDirectory: 'D:\\logs\\', given: ['logDirectory'] })).logs, { out: 'D:\\logs\\web.out.log', err: 'D:\\logs\\web.err.log' });
    assert.equal(scmSpec(plain({ logOutput: false })).logs, undefined);
    assert.equal(scmSpec(win({})).logs, undefined);
    assert.throws(() => scmSpec(win({ logOutput: true })), (e: unknown) => e instanceof InvalidConfigError && e.field === 'logOutput');
    assert.throws(() => scmSpec(plain({ logOutput: false }, undefined, { logDirectory: 'D:\\logs', given: ['logOutput', 'logDirectory'] })), (e: unknown) => e instanceof InvalidConfigError && e.field === 'logDirectory');
  });

  it('environment files: named in the spec (read by the preload or the host at each start, not copied into the key); refused for a program that calls run() itself', () => {
    const files = ['C:\\etc\\a.env', 'C:\\etc\\b.env'];
    const s = scmSpec(plain({}, undefined, { environmentFiles: files, given: ['environmentFile'] }));
    assert.deepEqual(s.environmentFiles, files);
    assert.deepEqual(s.environment, [`${CWD_VAR}=C:\\srv\\app`]);
    assert.match(renderWindows(plain({}, undefined, { environmentFiles: files, given: ['environmentFile'] }))[0]!.content, /EnvironmentFile +C:\\etc\\b\.env \(read at each start\)/);
    assert.throws(() => scmSpec(win({}, { environmentFiles: files, given: ['environmentFile'] })), (e: unknown) => e instanceof InvalidConfigError && e.field === 'environmentFile');
    assert.throws(() => scmSpec(plain({}, undefined, { environmentFiles: ['/etc/a.env'], given: ['environmentFile'] })), InvalidConfigError);
  });

  it('restart always: the host does it; the recovery actions cannot (they run after a failure only)', () => {
    assert.equal(scmSpec(plain({ restart: 'always' }, 'C:\\app.exe')).restart, 'always');
    assert.throws(() => scmSpec(plain({ restart: 'always' })), (e: unknown) => e instanceof InvalidConfigError && e.field === 'restart');
    assert.throws(() => scmSpec(win({ restart: 'always' })), (e: unknown) => e instanceof InvalidConfigError && e.field === 'restart');
  });
});

describe('Windows hardening', () => {
  it('standard: the service SID type; strict: also only SeChangeNotifyPrivilege, and the virtual account NT SERVICE\\NAME where no account is given; none (the default): neither', () => {
    assert.equal(scmSpec(win()).sandbox, undefined);
    assert.equal(scmSpec(win({ hardening: 'none' })).sandbox, undefined);
    assert.deepEqual(scmSpec(win({ hardening: 'standard' })).sandbox, { level: 'standard', sidType: 1 });
    assert.equal(scmSpec(win({ hardening: 'standard' })).account, undefined, 'LocalSystem still');
    const strict = scmSpec(win({ hardening: 'strict' }));
    assert.deepEqual(strict.sandbox, { level: 'strict', sidType: 1, privileges: ['SeChangeNotifyPrivilege'] });
    assert.equal(strict.account, 'NT SERVICE\\demo');
    assert.equal(scmSpec(win({ hardening: 'strict', userName: 'NT AUTHORITY\\LocalService' })).account, 'NT AUTHORITY\\LocalService', 'a given account stays');
    const text = renderWindows(win({ hardening: 'strict' }))[0]!.content;
    assert.match(text, /^ {2}Account {10}NT SERVICE\\demo$/m);
    assert.match(text, /^ {2}ServiceSidType {3}unrestricted \(hardening strict\)$/m);
    assert.match(text, /^ {2}RequiredPrivileges SeChangeNotifyPrivilege$/m);
    refuseUnsupported(win({ hardening: 'strict' }), 'windows-service', support);
  });
});

describe('Windows accounts', () => {
  it("a virtual account's SID is its service's, derived from the name as Windows does (NT SERVICE\\TrustedInstaller's, as Microsoft documents it)", () => {
    assert.equal(serviceSid('TrustedInstaller'), 'S-1-5-80-956008885-3418522649-1831038044-1853292631-2271478464');
    assert.equal(serviceSid('trustedinstaller'), serviceSid('TrustedInstaller'), 'case does not matter');
  });

  it('tells the kinds apart, and refuses a password for an account that has none and another service\'s virtual account', () => {
    assert.deepEqual(
      [undefined, 'LocalSystem', 'NT AUTHORITY\\LocalService', 'nt authority\\network service', 'NT SERVICE\\web', '.\\svc', 'CORP\\svc', 'svc@corp.example'].map(accountKind),
      ['local-system', 'local-system', 'built-in', 'built-in', 'virtual', 'user', 'user', 'user'],
    );
    assert.equal(checkAccount('web', '.\\svc', true), 'user');
    assert.equal(checkAccount('web', 'NT SERVICE\\Web', false), 'virtual');
    assert.throws(() => checkAccount('web', 'NT AUTHORITY\\LocalService', true), (e: unknown) => e instanceof InvalidConfigError && e.field === 'windows.password');
    assert.throws(() => checkAccount('web', 'NT SERVICE\\web', true), (e: unknown) => e instanceof InvalidConfigError && e.field === 'windows.password');
    // The log and credential directories' DACL names each without a lookup (a virtual account exists only once its service does).
    assert.equal(directorySddl(sidOf('NT SERVICE\\web')), `D:P(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)(A;OICI;0x1301bf;;;${serviceSid('web')})`);
    assert.equal(directorySddl(sidOf('NT AUTHORITY\\LocalService')), 'D:P(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)(A;OICI;0x1301bf;;;LS)');
    assert.throws(() => checkAccount('web', 'NT SERVICE\\db', false), (e: unknown) => e instanceof InvalidConfigError && e.field === 'userName' && /NT SERVICE\\web/.test(e.message));
  });
});
