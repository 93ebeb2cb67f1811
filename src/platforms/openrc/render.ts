/**
 * OpenRC: an openrc-run script (pure). The program runs under supervise-daemon, which respawns it
 * (restart always / on-failure); with restart "no" it is started by start-stop-daemon instead.
 * OpenRC's own start function passes command_args through `eval` after word splitting, which
 * mangles runs of spaces; so start() is written here, with every value single-quoted.
 */
import { InvalidConfigError } from '../../errors.js';
import { markLine } from '../ownership.js';
import type { PreparedConfig, RenderedFile } from '../platform.js';
import { copyCredentials, daemonFiles, removeCredentials, startedAs, initScriptPath, niceArgs, prepareLogFile, ssdSignal, ssdStart, ssdStatus, ssdStop, scriptVars, startPrelude, stopSchedule } from '../shared/initscript.js';
import { applyTemplate } from '../shared/template.js';
import { definitionMode } from '../shared/env-file.js';
import { speaksNotify } from '../shared/sd-notify.js';
import { commentText, NL_DEFINITION, shellQuote } from '../shared/shell.js';

function supervisedStart(cfg: PreparedConfig): string {
  const f = daemonFiles(cfg);
  // Through setpriv where the sandbox asks (Debian builds supervise-daemon without capability support).
  const { executable, args } = startedAs(cfg);
  if (cfg.pidFile !== undefined) throw new InvalidConfigError('pidFile', 'supervise-daemon writes the PID file itself; leave pidFile unset');
  const log = shellQuote(f.logFile, 'logDirectory');
  const opts = [
    'supervise-daemon "$RC_SVCNAME" --start',
    `--pidfile ${shellQuote(f.pidFile, 'pidFile')}`,
    `--chdir ${shellQuote(cfg.workingDirectory, 'workingDirectory')}`,
    ...(cfg.chroot === undefined ? [] : [`--chroot ${shellQuote(cfg.chroot, 'chroot')}`]),
    ...(cfg.userName === undefined ? [] : [`--user ${shellQuote(cfg.userName, 'userName')}`]),
    ...(cfg.groupName === undefined ? [] : [`--group ${shellQuote(cfg.groupName, 'groupName')}`]),
    ...niceArgs(cfg),
    `--respawn-delay ${Math.max(0, Math.round(cfg.restartSec))}`,
    `--respawn-max ${cfg.startLimit.burst}`,
    `--respawn-period ${Math.max(1, Math.round(cfg.startLimit.intervalSec))}`,
    `--retry ${stopSchedule(cfg)}`,
    `--stdout ${log}`,
    `--stderr ${log}`,
    executable,
    `-- ${args}`,
  ];
  return opts.join(' \\\n    ');
}

export function renderOpenrcScript(cfg: PreparedConfig): string {
  const supervised = cfg.restart !== 'no';
  const deps = cfg.dependencies.map((d) => commentText(d, 'dependencies'));
  const lines = [
    '#!/sbin/openrc-run',
    `# Written by servicekit; reinstall rather than edit (servicekit uninstall ${cfg.name}).`,
    markLine(cfg.name),
    NL_DEFINITION,
    `name=${shellQuote(cfg.displayName, 'displayName')}`,
    `description=${shellQuote(cfg.description, 'description')}`,
    `pidfile=${shellQuote(daemonFiles(cfg).pidFile, 'pidFile')}`,
    ...(supervised ? ['supervisor=supervise-daemon', `retry='${stopSchedule(cfg)}'`] : []),
    ...(cfg.reloadSignal === undefined ? [] : ['extra_started_commands="reload"']),
    '',
    'depend() {',
    ...(deps.length ? [`  need ${deps.join(' ')}`] : []),
    '  use logger',
    '}',
    '',
    'start_pre() {',
    ...[...prepareLogFile(cfg), ...copyCredentials(cfg)].map((l) => `  ${l} || return 1`),
    '}',
    '',
    ...(Object.keys(cfg.credentials).length ? ['stop_post() {', ...removeCredentials(cfg).map((l) => `  ${l}`), '}', ''] : []),
    'start() {',
    '  ebegin "Starting ${RC_SVCNAME}"',
  ];
  // The environment is exported in a subshell (not passed as --env: a command line anyone can read in ps).
  const daemon = supervised ? supervisedStart(cfg) : ssdStart(cfg, speaksNotify(cfg));
  lines.push('  (', ...startPrelude(cfg).map((l) => `    ${l}`), `    exec ${daemon.replace(/\n/g, '\n  ')}`, '  )');
  lines.push('  eend $? "failed to start ${RC_SVCNAME}"', '}', '');
  if (cfg.reloadSignal !== undefined) {
    const signal = cfg.reloadSignal.replace(/^SIG/, '');
    const send = supervised ? `supervise-daemon "$RC_SVCNAME" --signal ${signal} --pidfile ${shellQuote(daemonFiles(cfg).pidFile, 'pidFile')}` : ssdSignal(cfg, cfg.reloadSignal);
    lines.push('reload() {', '  ebegin "Reloading ${RC_SVCNAME}"', `  ${send}`, '  eend $? "failed to reload ${RC_SVCNAME}"', '}', '');
  }
  if (!supervised) {
    lines.push(
      'stop() {',
      '  ebegin "Stopping ${RC_SVCNAME}"',
      `  ${ssdStop(cfg)}`,
      '  eend $? "failed to stop ${RC_SVCNAME}"',
      '}',
      '',
      '# OpenRC status codes: 0 started, 3 stopped, 32 crashed.',
      'status() {',
      `  ${ssdStatus(cfg)}`,
      '  case $? in',
      '    0) einfo "status: started"; return 0 ;;',
      '    1) eerror "status: crashed"; return 32 ;;',
      '    *) einfo "status: stopped"; return 3 ;;',
      '  esac',
      '}',
      '',
    );
  }
  return lines.join('\n');
}

export function renderOpenrcFiles(cfg: PreparedConfig): RenderedFile[] {
  const t = cfg.templates.openrc;
  const content = t === undefined ? renderOpenrcScript(cfg) : applyTemplate('templates.openrc', t, scriptVars(cfg), cfg, [markLine(cfg.name), NL_DEFINITION]);
  return [{ path: initScriptPath(cfg.name), content, mode: definitionMode(cfg, 0o755) }];
}
