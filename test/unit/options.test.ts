/**
 * One declaration per option (src/options/), and platforms that say what they honour (each
 * platform's honours.ts). This suite holds them to it:
 * - every platform that claims an option shows it: rendering with a non-default value gives other
 *   files than without (or the platform says why its files cannot show it); every other option is
 *   refused there, with a reason;
 * - the CLI has a flag for every option (or the declaration says why not) that sets exactly the value;
 * - schema/apply.schema.json and the options table of docs/configuration.md are generated from the
 *   declarations: run with SERVICEKIT_WRITE_GENERATED=1 to write them anew.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parseCli } from '../../src/cli/args.js';
import { configFromCli } from '../../src/cli/config-from-cli.js';
import { USAGE } from '../../src/cli/usage.js';
import { resolveConfig, type Config, type ResolvedConfig } from '../../src/config.js';
import { UnsupportedError } from '../../src/errors.js';
import { declOf, hasFlag, OPTION_KEYS, OPTIONS, type OptionDecl } from '../../src/options/index.js';
import { applySchema } from '../../src/options/schema.js';
import { PLATFORMS as RECORDS } from '../../src/platforms.js';
import type { Honour, ServiceManager } from '../../src/platforms/platform.js';
import { refusalOf, refuseUnsupported } from '../../src/platforms/support.js';
import { FakeHost } from './helpers.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const WRITE = process.env['SERVICEKIT_WRITE_GENERATED'] === '1';
/** A doc line is one sentence a table cell can hold. */
const MAX_DOC_WORDS = 30;

/** A generated file: compared with the one in the tree, or written with SERVICEKIT_WRITE_GENERATED=1. */
function generated(file: string, text: string): void {
  const abs = path.join(ROOT, file);
  if (WRITE) writeFileSync(abs, text);
  assert.equal(readFileSync(abs, 'utf8'), text, `${file} is generated from src/options/: run the unit tests with SERVICEKIT_WRITE_GENERATED=1`);
}

/** Set a dotted key ("systemd.type") in a plain config. */
function withOption(cfg: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  const [group, member] = key.split('.') as [string, string | undefined];
  return member === undefined ? { ...cfg, [group]: value } : { ...cfg, [group]: { ...(cfg[group] as object | undefined), [member]: value } };
}

function withAll(cfg: Record<string, unknown>, values: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return Object.entries(values).reduce((c, [k, v]) => withOption(c, k, v), cfg);
}

/** POSIX absolute paths made Windows ones, for a platform whose paths are win32's. */
function forPaths(v: unknown, win32: boolean): unknown {
  if (!win32) return v;
  if (typeof v === 'string') return v.startsWith('/') ? `C:${v.replaceAll('/', '\\')}` : v;
  if (Array.isArray(v)) return v.map((x) => forPaths(x, win32));
  if (typeof v === 'object' && v !== null) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, forPaths(x, win32)]));
  return v;
}

const BASE = { name: 'opt', executable: '/usr/bin/prog', workingDirectory: '/srv' };
const CTX = { execPath: '/usr/bin/node', cwd: '/srv', home: '/home/alice' };

interface Target {
  mgr: ServiceManager;
  win32: boolean;
}

async function targets(): Promise<Target[]> {
  const host = new FakeHost();
  host.files.set('/etc/app.env', 'FROM_FILE=1\n');
  return Promise.all(RECORDS.map(async (r) => ({ mgr: await r.manager(host, { HOME: '/home/alice' }), win32: r.paths === 'win32' })));
}

function resolveFor(t: Target, cfg: Record<string, unknown>): ResolvedConfig {
  return resolveConfig(forPaths(cfg, t.win32) as Config, { ...CTX, paths: t.win32 ? 'win32' : 'posix' });
}

/** The definitions a platform writes (not the stored configuration, which holds every option as given). */
async function definitions(t: Target, cfg: ResolvedConfig): Promise<string> {
  const ready = await t.mgr.prepare(cfg);
  return t.mgr
    .render(ready)
    .filter((f) => !/servicekit[\\/][^\\/]+\.json$/.test(f.path))
    .map((f) => `# ${f.path} ${f.mode.toString(8)}\n${f.content}`)
    .join('\n');
}

function honourOf(t: Target, key: string): Honour | undefined {
  return (t.mgr.support.honours as Record<string, Honour | undefined>)[key];
}

/** The configurations the option is tried with: its sample, or each value a platform may honour. */
function trials(key: string, d: OptionDecl): { label: string; cfg: Record<string, unknown> }[] {
  const at = d.at ?? key;
  const base = withAll(BASE, d.needs ?? {});
  if (d.values === undefined) return [{ label: key, cfg: withOption(base, at, d.sample) }];
  return d.values.map((v) => ({ label: `${key}=${v}`, cfg: withOption(base, at, v === 'true' ? true : v === 'false' ? false : v) }));
}

function valueAt(cfg: ResolvedConfig, key: string): unknown {
  const [group, member] = key.split('.') as [string, string | undefined];
  const top = (cfg as unknown as Record<string, unknown>)[group];
  return member === undefined ? top : (top as Record<string, unknown>)[member];
}

/** The one value a platform honours is the one it has without it (userService false): nothing to show. */
function sameAsDefault(t: Target, key: string, d: OptionDecl, first: Record<string, unknown>): boolean {
  const h = honourOf(t, key);
  if (h === true || h?.values?.length !== 1) return false;
  const base = withAll(withAll(BASE, d.needs ?? {}), first);
  return String(valueAt(resolveFor(t, base), key)) === h.values[0];
}

describe('options: one declaration each, platforms that say what they honour', () => {
  it('each declaration has a one-line doc, a sample, and a flag or the reason it has none; flags are unique and all in the usage', () => {
    const flags = new Set<string>();
    for (const [key, d] of Object.entries(OPTIONS) as [string, OptionDecl][]) {
      assert.ok(!d.doc.includes('\n') && d.doc.split(/\s+/).length <= MAX_DOC_WORDS, `${key}: doc of one line, at most ${MAX_DOC_WORDS} words`);
      assert.ok(d.sample !== undefined, `${key}: a sample`);
      if (!hasFlag(d)) {
        assert.ok((d.cli as { none: string }).none.length > 0, `${key}: why it has no flag`);
        continue;
      }
      assert.ok(!flags.has(d.cli.flag), `--${d.cli.flag} declared twice`);
      flags.add(d.cli.flag);
      assert.match(USAGE, new RegExp(`\\n  --${d.cli.flag}[ \\n]`), `--${d.cli.flag} in the usage`);
    }
  });

  it('the CLI sets every option that has a flag to exactly the value the API takes', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sk-opt-'));
    const template = path.join(dir, 'unit.tpl');
    writeFileSync(template, OPTIONS.template.sample);
    const env = { SK_PASSWORD: OPTIONS['windows.password'].sample };
    /** The words that give `value` to a flag. */
    const words = (key: string, value: unknown): string[] => {
      const d = declOf(key)!;
      if (!hasFlag(d)) return [];
      const f = `--${d.cli.flag}`;
      if (key === 'template') return [f, template];
      if (key === 'windows.password') return [f, 'SK_PASSWORD'];
      if (d.cli.arg === undefined) return [f];
      if (Array.isArray(value)) return value.flatMap((x) => [f, String(x)]);
      if (typeof value === 'object' && value !== null) return Object.entries(value).flatMap(([k, v]) => [f, `${k}=${String(v)}`]);
      return [f, String(value)];
    };
    const saved = process.env['SK_PASSWORD'];
    process.env['SK_PASSWORD'] = env.SK_PASSWORD;
    try {
      for (const key of OPTION_KEYS) {
        const d = declOf(key)!;
        if (!hasFlag(d) || key === 'name') continue;
        const needs = Object.entries(d.needs ?? {}).flatMap(([k, v]) => words(k, v));
        const argv = ['render', '--name', 'opt', ...needs, ...words(key, d.sample), '--', '/usr/bin/prog'];
        const fromCli = resolveConfig(await configFromCli(parseCli(argv), true), CTX);
        const fromApi = resolveConfig(withAll(withOption({ ...BASE, workingDirectory: undefined }, key, d.sample), d.needs ?? {}) as unknown as Config, CTX);
        assert.ok(fromCli.given.includes(key), `${argv.join(' ')} sets ${key}`);
        const [group, member] = key.split('.') as [keyof ResolvedConfig, string | undefined];
        const pick = (c: ResolvedConfig) => (member === undefined ? c[group] : (c[group] as unknown as Record<string, unknown>)[member]);
        assert.deepEqual(pick(fromCli), pick(fromApi), argv.join(' '));
      }
    } finally {
      if (saved === undefined) delete process.env['SK_PASSWORD'];
      else process.env['SK_PASSWORD'] = saved;
    }
  });

  it('every option a platform honours shows in its files (or the platform says why it cannot); every other is refused with a reason', async () => {
    for (const t of await targets()) {
      const id = t.mgr.platform;
      for (const key of OPTION_KEYS) {
        const d = declOf(key)!;
        const h = honourOf(t, key);
        const when = h === undefined || h === true ? {} : (h.when ?? {});
        const first = Object.fromEntries(Object.entries(when).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
        const rendered: string[] = [];
        for (const { label, cfg } of trials(key, d)) {
          const given = resolveFor(t, withAll(cfg, first));
          const why = refusalOf(given, key, t.mgr.support);
          if (why !== undefined) {
            assert.notEqual(why, 'this platform does not honour it', `${id} refuses ${label} without saying why (its honours.ts's why, or the declaration's refusal)`);
            assert.throws(() => refuseUnsupported(given, id, t.mgr.support), UnsupportedError, `${id}: ${label}`);
            continue;
          }
          assert.doesNotThrow(() => refuseUnsupported(given, id, t.mgr.support), `${id}: ${label}`);
          if (h !== true && h?.unrendered !== undefined) continue;
          rendered.push(await definitions(t, given));
        }
        if (h === undefined || h === true ? false : Object.keys(when).length > 0) {
          // Honoured only with other options: refused without them (where they are not the defaults).
          const plain = resolveFor(t, trials(key, d)[0]!.cfg);
          const met = Object.entries(when).every(([k, v]) => (Array.isArray(v) ? v : [v]).includes((plain as unknown as Record<string, unknown>)[k]));
          if (!met) assert.ok(refusalOf(plain, key, t.mgr.support) !== undefined, `${id} refuses ${key} without ${JSON.stringify(when)}`);
        }
        if (rendered.length === 0) continue;
        if (rendered.length > 1) {
          assert.equal(new Set(rendered).size, rendered.length, `${id}: each value of ${key} it honours gives other files`);
        } else if (!sameAsDefault(t, key, d, first)) {
          const without = await definitions(t, resolveFor(t, withAll(withAll(BASE, d.needs ?? {}), first)));
          assert.notEqual(rendered[0], without, `${id} claims ${key} but its files are the same without it: render it, refuse it, or say why (unrendered)`);
        }
      }
    }
  });

  it("a platform's reasons name options it does not honour, or values it does not take", async () => {
    for (const t of await targets()) {
      for (const k of Object.keys(t.mgr.support.why)) {
        const [key, value] = k.split('=') as [string, string | undefined];
        assert.ok(declOf(key) !== undefined, `${t.mgr.platform}: why.${k} names no option`);
        const h = honourOf(t, key);
        const reason = value === undefined ? h === undefined || (h !== true && (h.when !== undefined || h.values !== undefined)) : h !== true && h?.values !== undefined && !h.values.includes(value);
        assert.ok(reason || h === undefined, `${t.mgr.platform}: why.${k} is for something it honours`);
      }
    }
  });

  it('schema/apply.schema.json is made from the declarations', () => {
    generated('schema/apply.schema.json', JSON.stringify(applySchema(), null, 2) + '\n');
  });

  it("the options table of docs/configuration.md is made from the declarations and the platforms' allow-lists", async () => {
    const ts = await targets();
    const cell = (t: Target, key: string, value?: string): string => {
      const h = honourOf(t, key);
      if (h === undefined) return 'no';
      if (h === true) return 'yes';
      if (value !== undefined && h.values !== undefined && !h.values.includes(value)) return 'no';
      const when = Object.entries(h.when ?? {}).map(([k, v]) => `${k}: ${(Array.isArray(v) ? v : [v]).join(' or ')}`);
      return when.length ? `with ${when.join(', ')}` : 'yes';
    };
    const rows: string[] = [];
    for (const key of OPTION_KEYS) {
      const d = declOf(key)!;
      const flag = hasFlag(d) ? `\`--${d.cli.flag}\`` : '';
      const split = d.values !== undefined && ts.some((t) => { const h = honourOf(t, key); return h !== undefined && h !== true && h.values !== undefined; });
      for (const value of split ? d.values! : [undefined]) {
        const label = value === undefined ? `\`${key}\`` : `\`${key}: ${value}\``;
        rows.push(`| ${label} | ${flag} | ${ts.map((t) => cell(t, key, value)).join(' | ')} |`);
      }
    }
    const table = [`| option | flag | ${ts.map((t) => t.mgr.platform).join(' | ')} |`, `| --- | --- |${ts.map(() => ' --- |').join('')}`, ...rows].join('\n');
    const file = path.join(ROOT, 'docs/configuration.md');
    const doc = readFileSync(file, 'utf8');
    const marked = /(<!-- options:start -->\n)[\s\S]*?(\n<!-- options:end -->)/;
    assert.match(doc, marked, 'docs/configuration.md has the options markers');
    generated('docs/configuration.md', doc.replace(marked, `$1${table}$2`));
  });
});
