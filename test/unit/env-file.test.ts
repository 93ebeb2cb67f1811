/**
 * Environment files: systemd's EnvironmentFile= syntax read as systemd reads it (the cases follow
 * the state machine of systemd's src/basic/env-file.c and its test-env-file.c; the e2e suite checks
 * the same reading against the real systemd), and the install pipeline's checks on the files.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EnvFileSyntaxError, formatEnvFile, parseEnvFile } from '../../src/platforms/shared/env-file.js';
import { SysvManager } from '../../src/platforms/sysv/manager.js';
import { SystemdManager } from '../../src/platforms/systemd/manager.js';
import { FakeHost, FAST, resolved, INIT_COMMANDS, SYSTEMCTL_COMMANDS } from './helpers.js';
import { ENV_FILE_TEXT, ENV_FILE_VARS } from '../e2e/limits-case.js';

const parse = (s: string) => parseEnvFile(Buffer.from(s, 'utf8'));

describe('environment files: the syntax', () => {
  it('reads the end-to-end file as real systemd read it (the values the systemd suite checks against systemd itself)', () => {
    assert.deepEqual(parse(ENV_FILE_TEXT), ENV_FILE_VARS);
  });

  it('reads what systemd reads', () => {
    const cases: [string, Record<string, string>][] = [
      ['a=a\nb=b\\\nc\nd=d\\\n\\\n\\\n\\\ne\\\n\nf=f\\\\\ng=g\\ \nh=ħ\n', { a: 'a', b: 'bc', d: 'de', f: 'f\\', g: 'g ', h: 'ħ' }],
      ['  # comment\n; also\n\n  KEY  =   value with  spaces   \n', { KEY: 'value with  spaces' }],
      ['A="x \\" \\\\ \\` \\$ \\n \\q"\n', { A: 'x " \\ ` $ \\n \\q' }],
      ["A='no \\ escapes \" here'\n", { A: 'no \\ escapes " here' }],
      ['A="multi\nline"\nB=1\n', { A: 'multi\nline', B: '1' }],
      ['A="con\\\ntinued"\n', { A: 'continued' }],
      ["A=\"a\"'b'c\n", { A: 'abc' }],
      ["A=\"a\"b'c'\n", { A: "ab'c'" }],
      ["A='x' y\n", { A: 'xy' }],
      ["A=a 'b'\n", { A: "a 'b'" }],
      ['A=\nB=  \nC=""\n', { A: '', B: '', C: '' }],
      ['A=1\nA=2\n', { A: '2' }],
      ['A=last line without newline', { A: 'last line without newline' }],
      ['A=trailing   ', { A: 'trailing' }],
      ['A=1\r\nB=2\r\n', { A: '1', B: '2' }],
      ['A=x#not a comment\n', { A: 'x#not a comment' }],
      ['A==\n', { A: '=' }],
      ['A="unterminated', { A: 'unterminated' }],
    ];
    for (const [text, want] of cases) {
      const got = parse(text);
      assert.deepEqual({ ...got }, want, JSON.stringify(text));
    }
    assert.equal(Object.getOwnPropertyDescriptor(parse('__proto__=p\n'), '__proto__')?.value, 'p');
  });

  it('refuses, naming the line, what systemd would read differently or drop', () => {
    const bad: [string | Buffer, RegExp][] = [
      ['A=1\nB=x\0y\n', /line 2: a NUL byte/],
      [Buffer.from([0x41, 0x3d, 0x31, 0x0a, 0x42, 0x3d, 0xff, 0x0a]), /line 2: not UTF-8/],
      ['A=1\nexport B=2\n', /line 2: "export B" is not a variable name/],
      ['1A=x\n', /line 1: "1A" is not a variable name/],
      ['A=1\nJUSTAKEY\n', /line 2: "JUSTAKEY" has no "="/],
      ['# a comment \\\nA=1\n', /line 1: a comment ending in "\\"/],
    ];
    for (const [text, re] of bad) {
      assert.throws(() => parseEnvFile(typeof text === 'string' ? Buffer.from(text) : text), (e: unknown) => e instanceof EnvFileSyntaxError && re.test(e.message), String(text));
    }
  });

  it('writes files that read back exactly (hostile values)', () => {
    const env = { A: ' lead and trail ', B: 'quote " back \\ tick ` dollar $HOME ${X}', C: 'new\nline\ttab', D: '', E: "'single'", F: '#;=', G: '日本 😀', H: 'end\\' };
    assert.deepEqual({ ...parse(formatEnvFile(env)) }, env);
  });
});

describe('environment files: install', () => {
  const FILE = '/etc/demo.env';

  it('SysV: the values are written into a script only root can read; systemd: EnvironmentFile=, its unit stays 0644', async () => {
    const host = new FakeHost();
    host.accepts.push(...INIT_COMMANDS, ...SYSTEMCTL_COMMANDS);
    host.files.set(FILE, 'SECRET="s e c r e t"\nA=from-file\n');
    const cfg = resolved({ executable: '/usr/bin/node', env: { A: 'inline', B: 'b' }, environmentFile: FILE });
    await new SysvManager(host, FAST).install(cfg);
    const script = host.files.get('/etc/init.d/demo')!;
    assert.match(script, /export A='from-file'/);
    assert.match(script, /export B='b'/);
    assert.match(script, /export SECRET='s e c r e t'/);
    const sysv = new SysvManager(host, FAST).render(await new SysvManager(host, FAST).prepare(cfg));
    assert.equal(sysv[0]!.mode, 0o700);

    const host2 = new FakeHost();
    host2.files.set(FILE, 'A=1\n');
    const sd = new SystemdManager(host2, {}, FAST);
    const unit = sd.render(await sd.prepare(cfg))[0]!;
    assert.match(unit.content, /^EnvironmentFile=\/etc\/demo\.env$/m);
    assert.doesNotMatch(unit.content, /from-file/);
    assert.equal(unit.mode, 0o644);
  });

  it('refuses, before anything is written, a file another account could change, a link, a missing or bad file', async () => {
    const cases: [(h: FakeHost) => void, RegExp][] = [
      [() => undefined, /does not exist/],
      [(h) => (h.files.set(FILE, 'A=1\n'), h.meta.set(FILE, { kind: 'file', uid: 1000, mode: 0o644 })), /owned by root/],
      // Writable by its group alone, then by others alone: each bit refused on its own.
      [(h) => (h.files.set(FILE, 'A=1\n'), h.meta.set(FILE, { kind: 'file', uid: 0, mode: 0o620 })), /no one else can write/],
      [(h) => (h.files.set(FILE, 'A=1\n'), h.meta.set(FILE, { kind: 'file', uid: 0, mode: 0o602 })), /no one else can write/],
      [(h) => (h.files.set(FILE, 'A=1\n'), h.meta.set(FILE, { kind: 'link', uid: 0, mode: 0o777 })), /a link/],
      [(h) => (h.files.set(FILE, 'A=1\n'), h.meta.set('/etc', { kind: 'directory', uid: 1000, mode: 0o755 })), /under \/etc, owned by uid 1000/],
      [(h) => (h.files.set(FILE, 'A=1\n'), h.meta.set('/etc', { kind: 'directory', uid: 0, mode: 0o777 })), /anyone can write/],
      [(h) => h.files.set(FILE, 'A=1\nnot a setting\n'), /line 2/],
      [(h) => h.files.set(FILE, '__servicekit_cwd=C:\\\n'), /reserved/],
    ];
    for (const [setup, re] of cases) {
      const host = new FakeHost();
      setup(host);
      const before = host.mutationCount;
      await assert.rejects(new SysvManager(host, FAST).install(resolved({ executable: '/usr/bin/node', environmentFile: FILE })), (e: Error & { code?: string }) => e.code === 'ERR_INVALID_CONFIG' && re.test(e.message), String(re));
      assert.equal(host.mutationCount, before);
    }
  });
});
