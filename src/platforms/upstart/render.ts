/** Upstart: the /etc/init/NAME.conf job (pure). The program runs from a script block, every value single-quoted. */
import { DEFAULTS, type TemplateVars } from '../../config.js';
import { InvalidConfigError } from '../../errors.js';
import { markLine } from '../ownership.js';
import type { PreparedConfig, RenderedFile } from '../platform.js';
import { commandWords, copyCredentials, credentialsExport, daemonFiles, envExports, prepareLogFile, removeCredentials, ssdExec, stopGraceSec, scriptVars } from '../shared/initscript.js';
import { applyTemplate } from '../shared/template.js';
import { definitionMode } from '../shared/env-file.js';
import { commentText, NL_DEFINITION, NL_VAR, shellQuote } from '../shared/shell.js';

export const UPSTART_DIR = '/etc/init';

export function jobPath(name: string): string {
  return `${UPSTART_DIR}/${name}.conf`;
}

/** A double-quoted stanza argument (description); Upstart's parser takes backslash escapes inside quotes. */
function stanzaString(s: string, field: string): string {
  return `"${commentText(s, field).replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/** A stanza token that Upstart reads up to white space (user names, chroot paths). */
function stanzaToken(s: string, field: string): string {
  if (!/^[^\s"'\\#]+$/.test(s)) throw new InvalidConfigError(field, `Upstart cannot hold ${JSON.stringify(s)} in a job stanza`);
  return s;
}

/**
 * The program's start, as root (the log file was opened by root): an account, group or root
 * directory through start-stop-daemon, which drops to them and execs the program in place. Not the
 * setuid/setgid/chroot stanzas: init(5) says setuid "Changes to the user USERNAME before running any
 * job process" — the pre-start script too, which as that user could not create or hand over the log
 * file in root's log directory — and the log file would be opened inside the chroot.
 */
function programLines(cfg: PreparedConfig): string[] {
  if (cfg.userName === undefined && cfg.groupName === undefined && cfg.chroot === undefined) {
    const { executable, args } = commandWords(cfg);
    return [`cd ${shellQuote(cfg.workingDirectory, 'workingDirectory')}`, `exec ${executable} ${args}`];
  }
  return [`exec ${ssdExec(cfg)}`];
}

export function renderUpstartJob(cfg: PreparedConfig): string {
  const log = shellQuote(daemonFiles(cfg).logFile, 'logDirectory');
  const startOn = cfg.dependencies.length
    ? `start on (runlevel [2345] and ${cfg.dependencies.map((d) => `started ${stanzaToken(d, 'dependencies')}`).join(' and ')})`
    : 'start on runlevel [2345]';
  const lines = [
    `# Written by servicekit; reinstall rather than edit (servicekit uninstall ${cfg.name}).`,
    markLine(cfg.name),
    `description ${stanzaString(cfg.description, 'description')}`,
    startOn,
    'stop on runlevel [!2345]',
    '',
  ];
  if (cfg.restart !== 'no') {
    lines.push('respawn', `respawn limit ${cfg.startLimit.burst} ${Math.max(1, Math.round(cfg.startLimit.intervalSec))}`);
    // Upstart's normal exit takes codes and signal names without SIG.
    if (cfg.restart === 'on-failure') lines.push(`normal exit ${[0, ...cfg.successExitStatus].map((x) => String(x).replace(/^SIG/, '')).join(' ')}`);
  }
  lines.push(`kill timeout ${stopGraceSec(cfg)}`);
  if (cfg.killSignal !== DEFAULTS.killSignal) lines.push(`kill signal ${cfg.killSignal.replace(/^SIG/, '')}`);
  if (cfg.nice !== undefined) lines.push(`nice ${cfg.nice}`);
  if (cfg.reloadSignal !== undefined) lines.push(`reload signal ${cfg.reloadSignal}`);
  for (const [stanza, n] of [['nofile', cfg.limits.openFiles], ['nproc', cfg.limits.processes]] as const) {
    if (n !== undefined) lines.push(`limit ${stanza} ${n === 'infinity' ? 'unlimited' : n} ${n === 'infinity' ? 'unlimited' : n}`);
  }
  lines.push(
    '',
    'pre-start script',
    // As root (sh -e: a failing line fails the start): the log file, the private copy of the credentials.
    ...[...prepareLogFile(cfg), ...copyCredentials(cfg)].map((l) => `  ${l}`),
    'end script',
    '',
    'script',
    // Values never put a line of their own into this block (newlines are "$__servicekit_nl"),
    // so no value can end it early with an "end script" line.
    `  ${NL_DEFINITION.replace('\n', '\n')}`,
    ...[...envExports(cfg), ...credentialsExport(cfg)].map((l) => `  ${l}`),
    ...programLines(cfg).map((l, i, all) => `  ${l}${i === all.length - 1 ? ` >> ${log} 2>&1` : ''}`),
    'end script',
    '',
    ...(Object.keys(cfg.credentials).length ? ['post-stop script', ...removeCredentials(cfg).map((l) => `  ${l}`), 'end script', ''] : []),
  );
  return lines.join('\n');
}

/** Values with a newline are written with the variable {{Prelude}} defines: a job must define it in its script block. */
function needsPrelude(vars: TemplateVars): { text: string; hint: string }[] {
  return vars['Command']!.includes(NL_VAR) || vars['Env']!.includes(NL_VAR)
    ? [{ text: NL_DEFINITION, hint: 'a value holds a newline: put {{Prelude}} in the script block, before the values' }]
    : [];
}

export function renderUpstartFiles(cfg: PreparedConfig): RenderedFile[] {
  const t = cfg.templates.upstart;
  if (t === undefined) return [{ path: jobPath(cfg.name), content: renderUpstartJob(cfg), mode: definitionMode(cfg, 0o644) }];
  const vars = scriptVars(cfg);
  const content = applyTemplate('templates.upstart', t, vars, cfg, [markLine(cfg.name)], needsPrelude(vars));
  return [{ path: jobPath(cfg.name), content, mode: definitionMode(cfg, 0o644) }];
}
