/** Custom templates: variables only, already encoded for the format; an unknown one is an error; the mark is kept. */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { describe, it } from 'node:test';
import { main } from '../../src/cli/main.js';
import { InvalidConfigError, UnsupportedError } from '../../src/errors.js';
import { createService } from '../../src/index.js';
import { LaunchdManager } from '../../src/platforms/launchd/manager.js';
import { markText } from '../../src/platforms/ownership.js';
import { SystemdManager } from '../../src/platforms/systemd/manager.js';
import { SysvManager } from '../../src/platforms/sysv/manager.js';
import { renderOpenrcFiles } from '../../src/platforms/openrc/render.js';
import { renderSysvFiles } from '../../src/platforms/sysv/render.js';
import { renderUpstartFiles } from '../../src/platforms/upstart/render.js';
import { FAST, FakeHost, resolved, textSink } from './helpers.js';

const UNIT = `[Unit]
Description={{Description}}
{{Dependencies}}
[Service]
Type={{Type}}
ExecStart={{ExecStart}}
WorkingDirectory={{WorkingDirectory}}
{{Environment}}
Restart={{Restart}}
[Install]
WantedBy={{WantedBy}}
`;

describe('custom templates', () => {
  const systemd = new SystemdManager(new FakeHost(), {}, FAST);

  it('systemd: values arrive encoded (quotes, $, %, newlines), the mark is put in', () => {
    const cfg = resolved({ executable: '/bin/echo', arguments: ['a "b" $HOME 100%', 'x\ny'], env: { K: 'v w' }, dependencies: ['db'], templates: { systemd: UNIT } });
    const unit = systemd.render(cfg)[0]!.content;
    assert.ok(unit.startsWith(`# ${markText('demo')}\n[Unit]\n`), unit);
    assert.match(unit, /^ExecStart="\/bin\/echo" "a \\"b\\" \$\$HOME 100%%" "x\\ny"$/m);
    assert.match(unit, /^Environment="K=v w"$/m);
    assert.match(unit, /^Wants=db\.service\nAfter=db\.service$/m);
  });

  it('an unknown variable, a section or a partial is an error naming the template; a function template gets the same values', () => {
    const bad = (t: string) => () => systemd.render(resolved({ executable: '/bin/true', templates: { systemd: t } }));
    assert.throws(bad('ExecStart={{ExecStrat}}\n'), (e: unknown) => e instanceof InvalidConfigError && e.field === 'templates.systemd' && /\{\{ExecStrat\}\} is not a variable/.test(e.message));
    assert.throws(bad('{{#Environment}}x{{/Environment}}\n'), (e: unknown) => e instanceof InvalidConfigError && /variables only/.test(e.message));
    assert.throws(bad('{{> other}}\n'), InvalidConfigError);
    assert.throws(bad('{{#unclosed}}\n'), InvalidConfigError);
    const fn = systemd.render(resolved({ executable: '/bin/true', templates: { systemd: (v) => `[Service]\nExecStart=${v['ExecStart']}\n` } }))[0]!.content;
    assert.match(fn, /^ExecStart="\/bin\/true"$/m);
  });

  it('init scripts: shell words, and the newline definition put in after the #! line', () => {
    const t = '#!/bin/sh\n# {{Description}}\nexec {{Command}}\n';
    const script = new SysvManager(new FakeHost(), FAST).render(resolved({ executable: '/bin/echo', arguments: ["it's", 'a\nb'], templates: { sysv: t } }))[0]!.content;
    assert.equal(script, `#!/bin/sh\n# ${markText('demo')}\n__servicekit_nl='\n'\n# demo\nexec '/bin/echo' 'it'\\''s' 'a'"$__servicekit_nl"'b'\n`);
  });

  it('launchd: XML-escaped values, the mark after the XML declaration', () => {
    const t = '<?xml version="1.0" encoding="UTF-8"?>\n<plist version="1.0"><dict><key>Label</key><string>{{Label}}</string><key>ProgramArguments</key><array>{{ProgramArguments}}</array></dict></plist>\n';
    const plist = new LaunchdManager(new FakeHost(), {}, FAST).render(resolved({ executable: '/bin/echo', arguments: ['<a & b>'], templates: { launchd: t } }))[0]!.content;
    assert.match(plist, /^<\?xml[^\n]*\n<!-- managed-by: servicekit \(name=demo\) -->\n<plist/);
    assert.match(plist, /<string>&lt;a &amp; b&gt;<\/string>/);
  });

  it("a platform refuses another platform's template; `template` goes to whichever is in use; the CLI reads --template", async () => {
    await assert.rejects(createService(null, { name: 'x', executable: '/bin/true', templates: { sysv: 'x' } }, { platform: 'linux-systemd' }).render(), UnsupportedError);
    await assert.rejects(createService(null, { name: 'x', executable: 'C:\\x.exe', template: 'x' }, { platform: 'windows-service' }).render(), UnsupportedError);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'sk-tpl-'));
    writeFileSync(path.join(dir, 'unit.mustache'), UNIT);
    const sink = textSink();
    const code = await main(['render', '--system', 'linux-systemd', '--name', 'tpl', '--template', path.join(dir, 'unit.mustache'), '--', '/bin/true', 'x'], sink, sink);
    const out = sink.text;
    assert.equal(code, 0, out);
    assert.match(out, /^ExecStart="\/bin\/true" "x"$/m);
    assert.match(out, /^# managed-by: servicekit \(name=tpl\)$/m);
  });

  it("credentials with a custom SysV, OpenRC or Upstart template are refused (the private copy is made by servicekit's own script), not dropped", () => {
    const t = '#!/bin/sh\n{{Mark}}\n{{Command}}\n';
    const cases = [
      () => renderSysvFiles(resolved({ templates: { sysv: t }, credentials: { token: '/etc/token' } })),
      () => renderOpenrcFiles(resolved({ templates: { openrc: t }, credentials: { token: '/etc/token' } })),
      () => renderUpstartFiles(resolved({ templates: { upstart: t }, credentials: { token: '/etc/token' } })),
    ];
    for (const render of cases) assert.throws(render, (e: unknown) => e instanceof InvalidConfigError && e.field === 'credentials');
  });
});
