/**
 * Solaris / illumos SMF cannot run here. The manifest is parsed back by an independent XML parser
 * (Python's expat, through xml.dom.minidom) and checked against the content models and attribute
 * rules of the SMF DTD (illumos-gate usr/src/cmd/svc/dtd/service_bundle.dtd.1); the start method is
 * run the way svc.startd runs it (its `%` tokens expanded as usr/src/cmd/svc/startd/expand.c does,
 * then `/sbin/sh -c "exec METHOD"` as method.c does, here with /bin/sh) and must give the program
 * exactly its arguments; the control flow runs against svcs/svcadm/svccfg answering as they do.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, it } from 'node:test';
import type { Config } from '../../src/config.js';
import { AlreadyInstalledError, NotOwnedError, ServiceError, StartFailedError, UnsupportedError } from '../../src/errors.js';
import { refuseUnsupported } from '../../src/platforms/support.js';
import { SmfManager, SVCADM, SVCCFG, SVCPROP, SVCS } from '../../src/platforms/smf/manager.js';
import { parseSvcs, stateOf } from '../../src/platforms/smf/parse.js';
import { DTD, execLine, logPath, MAX_VALUE_BYTES, renderManifest } from '../../src/platforms/smf/render.js';
import { FAST, FakeHost, hostileStrings, resolved } from './helpers.js';

interface Node {
  t: string;
  a: Record<string, string>;
  c: Node[];
  text: string;
}

/** Parse manifests with Python's minidom: the tree, the DOCTYPE and the comments before the root. */
function parseXml(docs: string[]): { doctype: { name: string; systemId: string }; comments: string[]; root: Node }[] {
  const py = `
import json, sys
from xml.dom import minidom
def node(e):
    kids = [node(k) for k in e.childNodes if k.nodeType == k.ELEMENT_NODE]
    text = ''.join(k.data for k in e.childNodes if k.nodeType == k.TEXT_NODE)
    return {'t': e.tagName, 'a': dict(e.attributes.items()), 'c': kids, 'text': text}
out = []
for d in json.load(sys.stdin):
    doc = minidom.parseString(d.encode())
    out.append({'doctype': {'name': doc.doctype.name, 'systemId': doc.doctype.systemId},
                'comments': [k.data for k in doc.childNodes if k.nodeType == k.COMMENT_NODE],
                'root': node(doc.documentElement)})
print(json.dumps(out))`;
  return JSON.parse(execFileSync('python3', ['-c', py], { input: JSON.stringify(docs), encoding: 'utf8', maxBuffer: 64 << 20 }));
}

/**
 * The DTD's rules for the elements a manifest of ours holds: the content model as a pattern over the
 * child element names, required attributes, and enumerated attribute values.
 */
const DTD_RULES: Record<string, { children: RegExp; required: string[]; implied?: string[]; enums?: Record<string, string[]> }> = {
  service_bundle: { children: /^(service )*$/, required: ['type', 'name'] },
  service: {
    children:
      /^(create_default_instance )?(single_instance )?(restarter )?(dependency )*(dependent )*(method_context )?(exec_method )*(property_group )*(instance )*(stability )?(template )?$/,
    required: ['name', 'version', 'type'],
    enums: { type: ['service', 'restarter', 'milestone'] },
  },
  create_default_instance: { children: /^$/, required: ['enabled'], enums: { enabled: ['true', 'false'] } },
  single_instance: { children: /^$/, required: [] },
  dependency: {
    children: /^(service_fmri )*(stability )?((propval|property) )*$/,
    required: ['name', 'grouping', 'restart_on', 'type'],
    enums: { grouping: ['require_all', 'require_any', 'exclude_all', 'optional_all'], restart_on: ['error', 'restart', 'refresh', 'none'] },
  },
  service_fmri: { children: /^$/, required: ['value'] },
  method_context: { children: /^((method_profile|method_credential) )?(method_environment )?$/, required: [], implied: ['working_directory', 'project', 'resource_pool'] },
  method_credential: { children: /^$/, required: ['user'], implied: ['group', 'supp_groups', 'privileges', 'limit_privileges'] },
  method_environment: { children: /^(envvar )+$/, required: [] },
  envvar: { children: /^$/, required: ['name', 'value'] },
  exec_method: {
    children: /^(method_context )?(stability )?((propval|property) )*$/,
    required: ['type', 'name', 'exec', 'timeout_seconds'],
    enums: { type: ['method', 'monitor'] },
  },
  property_group: { children: /^(stability )?((propval|property) )*$/, required: ['name', 'type'] },
  propval: {
    children: /^$/,
    required: ['name', 'type', 'value'],
    enums: { type: ['count', 'integer', 'opaque', 'host', 'hostname', 'net_address_v4', 'net_address_v6', 'time', 'astring', 'ustring', 'boolean', 'fmri', 'uri'] },
  },
  stability: { children: /^$/, required: ['value'], enums: { value: ['Standard', 'Stable', 'Evolving', 'Unstable', 'External', 'Obsolete'] } },
  template: { children: /^common_name (description )?(documentation )?(pg_pattern )*$/, required: [] },
  common_name: { children: /^(loctext )+$/, required: [] },
  description: { children: /^(loctext )+$/, required: [] },
  loctext: { children: /^$/, required: ['xml:lang'] },
};

function checkDtd(n: Node, where = n.t): void {
  const rule = DTD_RULES[n.t];
  assert.ok(rule, `${where}: <${n.t}> is not an element of ours the DTD allows here`);
  const names = n.c.map((k) => `${k.t} `).join('');
  assert.match(names, rule.children, `${where}: children "${names}" break the content model`);
  for (const r of rule.required) assert.ok(r in n.a, `${where}: required attribute ${r} missing`);
  for (const k of Object.keys(n.a)) assert.ok(rule.required.includes(k) || rule.implied?.includes(k), `${where}: attribute ${k} is not declared`);
  for (const [k, allowed] of Object.entries(rule.enums ?? {})) if (k in n.a) assert.ok(allowed.includes(n.a[k]!), `${where}: ${k}="${n.a[k]}"`);
  if (n.t !== 'loctext') assert.equal(n.text.trim(), '', `${where}: text where the DTD allows none`);
  n.c.forEach((k, i) => checkDtd(k, `${where}/${k.t}[${i}]`));
}

const find = (n: Node, t: string): Node[] => [...(n.t === t ? [n] : []), ...n.c.flatMap((k) => find(k, t))];

/** svc.startd's token expansion (expand.c): "%%" is "%"; any other "%" starts a token, which ours never hold. */
function expandTokens(method: string): string {
  return method.replace(/%(.?)/gs, (_m, c: string) => {
    if (c === '%') return '%';
    assert.fail(`a method token %${c} in ${JSON.stringify(method)}`);
  });
}

/** Run the start method as svc.startd does (sh -c "exec METHOD"); the program prints its argv as JSON. */
function runMethod(method: string): string[] {
  return JSON.parse(execFileSync('/bin/sh', ['-c', `exec ${expandTokens(method)}`], { encoding: 'utf8' })) as string[];
}

const PRINT_ARGV = 'import json,sys; print(json.dumps(sys.argv[1:]))';

/** A value for a one-line field: no control characters, and not starting or ending with a space. */
const oneLine = (s: string) => s.replace(/[\0-\x1f]/g, '');

const HOSTILE = [..." \t\n'\"\\$`%;&|*?~<>!#(){}[]=,-_.:/aZ09", '%%', '%r', '%{restarter/x}', 'ü', '€', '日', '😀', ']]>', '<!--', '&amp;', '&#10;', '\r'];
const hostile = (n: number) => hostileStrings(n, HOSTILE, 4242, 24);

describe('SMF manifests, parsed back and checked against the DTD', () => {
  const strings = [...hostile(200)];
  const configs: Partial<Config>[] = [];
  for (let i = 0; i < 40; i++) {
    const pick = (k: number) => strings[(i * 5 + k) % strings.length]!;
    configs.push({
      executable: '/usr/bin/python3',
      arguments: ['-c', PRINT_ARGV, pick(0), pick(1), pick(2)],
      env: { A: pick(3), B_2: pick(4), PATH: '/usr/bin:/bin' },
      workingDirectory: `/srv/d${oneLine(pick(2))}d`,
      displayName: `App ${oneLine(pick(1))}.`,
      description: i % 6 ? `(${oneLine(pick(4))})` : '',
      ...(i % 2 ? { userName: 'webservd' } : {}),
      ...(i % 3 === 0 ? { dependencies: ['db', 'cache.v2'] } : {}),
      ...(i % 4 === 0 ? { reloadSignal: 'HUP' } : {}),
      ...(i % 5 === 0 ? { smf: { prefix: 'site/web' } } : {}),
    });
  }
  const rendered = configs.map((c) => resolved(c));
  const docs = parseXml(rendered.map(renderManifest));

  it('40 manifests: well-formed, the DTD named, every element and attribute as the DTD declares', () => {
    docs.forEach((d, i) => {
      assert.deepEqual(d.doctype, { name: 'service_bundle', systemId: DTD });
      assert.deepEqual(d.comments, [' managed-by: servicekit (name=demo) ']);
      checkDtd(d.root);
      assert.equal(d.root.a['type'], 'manifest', `doc ${i}`);
    });
  });

  it('the service: svc:/PREFIX/NAME, a disabled default instance, a child of svc.startd stopped with :kill', () => {
    docs.forEach((d, i) => {
      const c = rendered[i]!;
      const [svc] = find(d.root, 'service');
      assert.equal(svc!.a['name'], `${c.smf.prefix}/demo`);
      assert.equal(find(d.root, 'create_default_instance')[0]!.a['enabled'], 'false');
      const duration = find(d.root, 'propval').find((p) => p.a['name'] === 'duration');
      assert.deepEqual(duration?.a, { name: 'duration', type: 'astring', value: 'child' });
      const methods = Object.fromEntries(find(d.root, 'exec_method').map((m) => [m.a['name'], m.a]));
      assert.equal(methods['stop']!['exec'], ':kill');
      assert.equal(methods['stop']!['timeout_seconds'], '30');
      assert.equal(methods['refresh']?.['exec'], c.reloadSignal === undefined ? undefined : ':kill -HUP');
      const deps = find(d.root, 'service_fmri').map((f) => f.a['value']);
      assert.deepEqual(deps, ['svc:/milestone/network:default', 'svc:/system/filesystem/local', ...c.dependencies.map((x) => `svc:/${c.smf.prefix}/${x}`)]);
    });
  });

  it('every value comes back exactly: working directory, user, environment, names', () => {
    docs.forEach((d, i) => {
      const c = rendered[i]!;
      const ctx = find(d.root, 'method_context')[0]!;
      assert.equal(ctx.a['working_directory'], c.workingDirectory);
      assert.equal(find(ctx, 'method_credential')[0]?.a['user'], c.userName);
      assert.deepEqual(Object.fromEntries(find(ctx, 'envvar').map((e) => [e.a['name'], e.a['value']])), c.env);
      assert.equal(find(d.root, 'common_name')[0]!.c[0]!.text, c.displayName);
      assert.equal(find(d.root, 'description')[0]?.c[0]?.text, c.description === '' ? undefined : c.description);
    });
  });

  it('the start method, run as svc.startd runs it, gives the program exactly its arguments', () => {
    docs.forEach((d, i) => {
      const start = find(d.root, 'exec_method').find((m) => m.a['name'] === 'start')!;
      assert.equal(start.a['exec'], execLine(rendered[i]!));
      assert.deepEqual(runMethod(start.a['exec']!), rendered[i]!.arguments.slice(2), `config ${i}`);
    });
  });

  it('refuses what SMF cannot hold, naming the field, before anything is written', () => {
    const bad: [Partial<Config>, RegExp][] = [
      [{ arguments: ['bell\x07'] }, /arguments\[1\]/], // [0] is the script
      [{ env: { A: 'nul\0' } }, /env\.A/],
      [{ env: { A: '\ud800' } }, /env\.A/],
      [{ env: { SMF_FMRI: 'x' } }, /env\.SMF_FMRI/],
      [{ arguments: ['x'.repeat(MAX_VALUE_BYTES)] }, /arguments/],
      [{ env: { BIG: '€'.repeat(1400) } }, /env\.BIG/],
      [{ smf: { prefix: '../etc' } }, /smf\.prefix/],
      [{ smf: { prefix: 'a b' } }, /smf\.prefix/],
      [{ smf: { prefix: 'p'.repeat(115) } }, /smf\.prefix.*119 bytes/],
    ];
    for (const [c, field] of bad) {
      assert.throws(() => renderManifest(resolved(c)), (e: unknown) => e instanceof ServiceError && e.code === 'ERR_INVALID_CONFIG' && field.test(e.message), JSON.stringify(c).slice(0, 60));
    }
  });

  it("credentials: the manifest's method environment names the copies' directory (made at install and update, as for launchd) as CREDENTIALS_DIRECTORY", async () => {
    const m = new SmfManager(new FakeHost(), FAST);
    const [manifest] = m.render(await m.prepare(resolved({ credentials: { token: '/etc/app/token' } })));
    assert.match(manifest!.content, /<envvar name="CREDENTIALS_DIRECTORY" value="\/var\/lib\/servicekit\/credentials\/demo"\/>/);
    refuseUnsupported(resolved({ credentials: { token: '/etc/app/token' } }), m.platform, m.support);
    const [plain] = m.render(await m.prepare(resolved({})));
    assert.doesNotMatch(plain!.content, /CREDENTIALS_DIRECTORY/);
  });

  it('refuses the options SMF cannot honour (ERR_UNSUPPORTED), takes its own prefix, and others refuse it', async () => {
    const m = new SmfManager(new FakeHost(), FAST);
    for (const c of [{ restart: 'on-failure' }, { restartSec: 5 }, { userService: true }, { pidFile: '/run/x.pid' }, { logOutput: true }, { chroot: '/srv' }, { systemd: { type: 'notify' } }, { template: 'x' }] as Partial<Config>[]) {
      assert.throws(() => refuseUnsupported(resolved(c), m.platform, m.support), UnsupportedError, JSON.stringify(c));
    }
    refuseUnsupported(resolved({ smf: { prefix: 'site' }, restart: 'always', reloadSignal: 'SIGHUP' }), m.platform, m.support);
    const { SystemdManager } = await import('../../src/platforms/systemd/manager.js');
    const sd = new SystemdManager(new FakeHost());
    assert.throws(() => refuseUnsupported(resolved({ smf: { prefix: 'site' } }), sd.platform, sd.support), /smf\.prefix is not supported on linux-systemd/);
  });
});

/**
 * svcs -H -o state,nstate,ctid as svcs prints it: STATE left-aligned in 14 columns, NSTATE in 13,
 * CTID right-aligned in 6, each followed by a space (illumos-gate usr/src/cmd/svc/svcs/svcs.c, the
 * `columns` table and sprint_ctid); "-" for no next state and no contract.
 */
const svcsLine = (state: string, nstate: string, ctid: number | '-') => `${state.padEnd(14)} ${nstate.padEnd(13)} ${String(ctid).padStart(6)} \n`;

describe('svcs output', () => {
  it('maps every SMF state (smf(7)) to ours', () => {
    const cases: [string, string, number | '-', string][] = [
      ['online', '-', 87, 'running'],
      ['degraded', '-', 87, 'running'],
      ['online', 'offline', 87, 'stopping'],
      ['online', 'disabled', 87, 'stopping'],
      ['offline', 'online', '-', 'starting'],
      ['offline', '-', '-', 'stopped'],
      ['disabled', '-', '-', 'stopped'],
      ['disabled', 'online', '-', 'starting'],
      ['maintenance', '-', '-', 'failed'],
      ['uninitialized', '-', '-', 'unknown'],
      ['uninitialized', 'disabled', '-', 'starting'],
      ['legacy_run', '-', '-', 'running'],
    ];
    for (const [s, n, c, want] of cases) assert.equal(stateOf(parseSvcs(svcsLine(s, n, c))), want, `${s} ${n}`);
    assert.deepEqual(parseSvcs(svcsLine('online', '-', 1234)), { state: 'online', nstate: '-', ctid: 1234 });
    assert.deepEqual(parseSvcs(svcsLine('disabled', '-', '-')), { state: 'disabled', nstate: '-' });
    assert.equal(stateOf(parseSvcs('')), 'unknown');
  });
});

/**
 * A recorded SMF: svccfg, svcadm, svcs, svcprop answering with their exit codes and outputs. An
 * FMRI svcs does not know prints "svcs: Pattern 'FMRI' doesn't match any instances" and exits 1
 * (libscf's scf_get_msg(SCF_MSG_PATTERN_NOINSTANCE) in illumos-gate); servicekit never reads it; svcprop -q exits 1 for an unknown entity; svcadm enable -s exits 1 when the instance
 * cannot come online (it went to maintenance).
 */
type Solaris = FakeHost & { svc: 'absent' | 'disabled' | 'online' | 'maintenance'; ctid: number; crash: boolean; boot?: string };

function solaris(): Solaris {
  const h = new FakeHost() as Solaris;
  h.svc = 'absent';
  h.ctid = 100;
  h.crash = false;
  const ok = (stdout = '') => ({ code: 0, stdout, stderr: '' });
  const fmri = 'svc:/application/demo:default';
  h.answer = (cmd, args) => {
    switch (cmd) {
      case SVCPROP:
        if (h.svc === 'absent') return { code: 1, stdout: '', stderr: '' };
        if (args[0] === '-q') return ok();
        // servicekit/enabled: the manifest's value, unless svccfg setprop changed it.
        if (args.includes('servicekit/enabled')) return ok(`${h.boot ?? /name="enabled" type="boolean" value="(\w+)"/.exec([...h.files.values()].join(''))?.[1]}\n`);
        return ok(h.svc === 'online' || h.svc === 'maintenance' ? 'true\n' : 'false\n');
      case SVCS:
        if (h.svc === 'absent') return { code: 1, stdout: '', stderr: `svcs: Pattern '${fmri}' doesn't match any instances\n` };
        return ok(svcsLine(h.svc, '-', h.svc === 'online' ? h.ctid : '-'));
      case SVCCFG:
        if (args[2] === 'setprop') h.boot = args.at(-1) ?? '';
        if (args[0] === 'import') h.svc = 'disabled';
        if (args[0] === 'delete') h.svc = 'absent';
        return ok();
      case SVCADM:
        assert.equal(args.at(-1), fmri);
        if (args[0] === 'enable') {
          if (h.crash) {
            h.svc = 'maintenance';
            return { code: 1, stdout: '', stderr: '' };
          }
          h.svc = 'online';
        }
        if (args[0] === 'disable') h.svc = 'disabled';
        if (args[0] === 'clear') h.svc = 'disabled';
        if (args[0] === 'restart') h.ctid += 1;
        return ok();
      case '/usr/bin/pgrep':
        return ok('4242\n');
      default:
        throw new Error(`unexpected ${cmd} ${args.join(' ')}`);
    }
  };
  return h;
}

describe('SMF manager against a recorded svccfg/svcadm/svcs', () => {
  const cfg = resolved({ executable: '/usr/bin/node', arguments: ['x'] });
  const calls = (h: FakeHost) => h.calls.map((c) => `${c.kind} ${c.what}`);

  it('install --start: checks the repository, writes, validates, imports, enables and waits; exact argv', async () => {
    const h = solaris();
    await new SmfManager(h, FAST).install(cfg, { start: true });
    assert.deepEqual(calls(h), [
      `exec ${SVCPROP} -q svc:/application/demo`,
      'mkdir /var/svc/manifest/site',
      'mkdir /var/lib/servicekit',
      'write /var/svc/manifest/site/demo.xml',
      'write /var/lib/servicekit/demo.json',
      `exec ${SVCCFG} validate /var/svc/manifest/site/demo.xml`,
      `exec ${SVCCFG} import /var/svc/manifest/site/demo.xml`,
      `exec ${SVCS} -H -o state,nstate,ctid svc:/application/demo:default`,
      `exec ${SVCPROP} -c -p servicekit/enabled svc:/application/demo:default`,
      `exec ${SVCADM} enable -s svc:/application/demo:default`,
      `exec ${SVCS} -H -o state,nstate,ctid svc:/application/demo:default`,
    ]);
    const st = await new SmfManager(h, FAST).status(cfg);
    assert.deepEqual([st.state, st.pid, st.enabled, st.raw['ctid']], ['running', 4242, true, '100']);
  });

  it('enabled: false: started for now only (enable -t); enable/disable set the wish and the switch', async () => {
    const h = solaris();
    const m = new SmfManager(h, FAST);
    await m.install(resolved({ executable: '/usr/bin/node', enabled: false }), { start: true });
    assert.ok(calls(h).includes(`exec ${SVCADM} enable -s -t svc:/application/demo:default`));
    h.calls = [];
    await m.setEnabled(cfg, true);
    assert.deepEqual(calls(h).filter((c) => !c.includes('svcprop')), [
      `exec ${SVCCFG} -s svc:/application/demo setprop servicekit/enabled = boolean: true`,
      `exec ${SVCADM} enable -s svc:/application/demo:default`,
    ]);
    h.calls = [];
    await m.setEnabled(cfg, false);
    await m.stop(cfg);
    await m.start(cfg); // the wish is now false: for now only
    assert.ok(calls(h).includes(`exec ${SVCADM} enable -s -t svc:/application/demo:default`));
  });

  it('refuses a service already in the repository, whoever made it', async () => {
    const h = solaris();
    h.svc = 'online';
    await assert.rejects(new SmfManager(h, FAST).install(cfg), AlreadyInstalledError);
    assert.equal(h.files.size, 0);
  });

  it('a program that fails at once: maintenance, StartFailedError, and nothing left (deleted, file removed)', async () => {
    const h = solaris();
    h.crash = true;
    await assert.rejects(new SmfManager(h, FAST).install(cfg, { start: true }), (e: unknown) => e instanceof StartFailedError && /failed/.test(e.message));
    assert.equal(h.svc, 'absent');
    assert.equal(h.files.size, 0);
    assert.ok(calls(h).includes(`exec ${SVCCFG} delete -f svc:/application/demo`));
  });

  it('a restart by svc.startd inside the settle window (a new contract) is a failed start', async () => {
    const h = solaris();
    const m = new SmfManager(h, { settleMs: 300 });
    await m.install(cfg);
    let n = 0;
    const answer = h.answer;
    h.answer = (cmd, args) => {
      if (cmd === SVCS && h.svc === 'online' && ++n === 2) h.ctid += 1; // the program died and was started again
      return answer(cmd, args);
    };
    await assert.rejects(m.start(cfg), (e: unknown) => e instanceof StartFailedError && /restarted/.test(e.message));
  });

  it('every failing step of install is undone: each command and write of a whole install failed in turn', async () => {
    // How many steps a whole install takes here (writes, svccfg validate/import, svcadm, svcs/svcprop checks).
    const whole = solaris();
    await new SmfManager(whole, FAST).install(cfg, { start: true });
    const steps = whole.mutationCount;
    assert.ok(steps >= 10, `an install of ${steps} steps`);
    for (let failAt = 1; failAt <= steps; failAt++) {
      const h = solaris();
      h.failAt = failAt;
      await assert.rejects(new SmfManager(h, FAST).install(cfg, { start: true }), (e: unknown) => e instanceof ServiceError && /injected failure/.test(String((e as { stderr?: string }).stderr ?? e)), `failAt ${failAt}`);
      assert.equal(h.files.size, 0, `failAt ${failAt}: ${[...h.files.keys()].join(' ')}`);
      assert.equal(h.svc, 'absent', `failAt ${failAt}`);
    }
  });

  it('stop disables for now only; start clears a maintenance state; restart restarts a running one', async () => {
    const h = solaris();
    const m = new SmfManager(h, FAST);
    await m.install(cfg, { start: true });
    h.calls = [];
    await m.stop(cfg);
    assert.deepEqual(calls(h), [`exec ${SVCADM} disable -s -t svc:/application/demo:default`]);
    h.svc = 'maintenance';
    h.calls = [];
    await m.start(cfg);
    assert.deepEqual(calls(h).filter((c) => c.includes(SVCADM)), [`exec ${SVCADM} clear svc:/application/demo:default`, `exec ${SVCADM} enable -s svc:/application/demo:default`]);
    h.calls = [];
    await m.restart(cfg);
    assert.deepEqual(calls(h).filter((c) => c.includes(SVCADM)), [`exec ${SVCADM} restart svc:/application/demo:default`]);
  });

  it('uninstall: only its own manifest; disables for good, deletes the service, removes the file', async () => {
    const h = solaris();
    const m = new SmfManager(h, FAST);
    await m.install(cfg, { start: true });
    h.calls = [];
    await m.uninstall(cfg);
    assert.deepEqual(calls(h), [
      `exec ${SVCADM} disable -s svc:/application/demo:default`,
      `exec ${SVCPROP} -q svc:/application/demo`,
      `exec ${SVCCFG} delete -f svc:/application/demo`,
      'remove /var/svc/manifest/site/demo.xml',
      'remove /var/lib/servicekit/demo.json',
    ]);
    // A manifest servicekit did not write is left alone.
    const foreign = solaris();
    foreign.files.set('/var/svc/manifest/site/demo.xml', '<?xml version="1.0"?><service_bundle type="manifest" name="demo"/>');
    foreign.svc = 'online';
    await assert.rejects(new SmfManager(foreign, FAST).uninstall(cfg), NotOwnedError);
    assert.equal(foreign.svc, 'online');
  });

  it('list reads each manifest\'s category; logs come from svc.startd\'s log', async () => {
    const h = solaris();
    const m = new SmfManager(h, FAST);
    await m.install(resolved({ executable: '/usr/bin/node', smf: { prefix: 'site/web' } }));
    const answer = h.answer;
    const asked: string[] = [];
    h.answer = (cmd, args) => (asked.push(`${cmd} ${args.join(' ')}`), answer(cmd, args));
    const list = await m.list(false);
    assert.deepEqual(list.map((s) => [s.name, s.raw['fmri']]), [['demo', 'svc:/site/web/demo:default']]);
    assert.ok(asked.some((a) => a.endsWith('svc:/site/web/demo:default')));
    assert.equal(logPath(resolved({ smf: { prefix: 'site/web' } })), '/var/svc/log/site-web-demo:default.log');
    assert.deepEqual(await m.list(true), []);
  });
});
