/** SysV init: the LSB /etc/init.d/NAME script (pure). */
import { markLine } from '../ownership.js';
import type { PreparedConfig, RenderedFile } from '../platform.js';
import { copyCredentials, initScriptPath, removeCredentials, startPrelude, prepareLogFile, ssdSignal, ssdStart, ssdStatus, ssdStop, scriptVars } from '../shared/initscript.js';
import { applyTemplate } from '../shared/template.js';
import { definitionMode } from '../shared/env-file.js';
import { speaksNotify } from '../shared/sd-notify.js';
import { commentText, NL_DEFINITION, shellQuote } from '../shared/shell.js';

export function renderSysvScript(cfg: PreparedConfig): string {
  const deps = cfg.dependencies.map((d) => commentText(d, 'dependencies')).join(' ');
  const name = shellQuote(cfg.name, 'name');
  return [
    '#!/bin/sh',
    '### BEGIN INIT INFO',
    `# Provides:          ${cfg.name}`,
    `# Required-Start:    $remote_fs${deps ? ` ${deps}` : ''}`,
    `# Required-Stop:     $remote_fs${deps ? ` ${deps}` : ''}`,
    '# Should-Start:      $syslog $network',
    '# Should-Stop:       $syslog $network',
    '# Default-Start:     2 3 4 5',
    '# Default-Stop:      0 1 6',
    `# Short-Description: ${commentText(cfg.displayName, 'displayName')}`,
    `# Description:       ${commentText(cfg.description, 'description')}`,
    '### END INIT INFO',
    `# Written by servicekit; reinstall rather than edit (servicekit uninstall ${cfg.name}).`,
    markLine(cfg.name),
    '',
    NL_DEFINITION,
    `NAME=${name}`,
    'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
    '',
    '# The service\'s limits and environment are set in a subshell, so that they change nothing else in this script.',
    'do_start() {',
    ...[...prepareLogFile(cfg), ...copyCredentials(cfg)].map((l) => `  ${l} || return 1`),
    '  (',
    ...startPrelude(cfg).map((l) => `    ${l}`),
    `    exec ${ssdStart(cfg, speaksNotify(cfg)).replace(/\n/g, '\n  ')}`,
    '  )',
    '}',
    '',
    'do_stop() {',
    ...(Object.keys(cfg.credentials).length ? [`  ${ssdStop(cfg)}`, '  rc=$?', ...removeCredentials(cfg).map((l) => `  ${l}`), '  return $rc'] : [`  ${ssdStop(cfg)}`]),
    '}',
    '',
    'do_status() {',
    `  ${ssdStatus(cfg)}`,
    '  rc=$?',
    '  case $rc in',
    '    0) echo "$NAME is running" ;;',
    '    1) echo "$NAME is not running, but its PID file exists" ;;',
    '    3) echo "$NAME is not running" ;;',
    '    *) echo "$NAME: status unknown" ;;',
    '  esac',
    '  return $rc',
    '}',
    '',
    'case "$1" in',
    '  start)',
    '    do_status > /dev/null && { echo "$NAME is already running"; exit 0; }',
    '    echo "Starting $NAME"',
    '    do_start',
    '    ;;',
    '  stop)',
    '    echo "Stopping $NAME"',
    '    do_stop',
    '    ;;',
    ...(cfg.reloadSignal === undefined
      ? []
      : ['  reload)', '    echo "Reloading $NAME"', `    ${ssdSignal(cfg, cfg.reloadSignal)}`, '    ;;']),
    '  restart|force-reload)',
    '    do_stop || exit 1',
    '    do_start',
    '    ;;',
    '  status)',
    '    do_status',
    '    ;;',
    '  *)',
    '    echo "Usage: $0 {start|stop|restart|force-reload|status}" >&2',
    '    exit 3',
    '    ;;',
    'esac',
    '',
  ].join('\n');
}

export function renderSysvFiles(cfg: PreparedConfig): RenderedFile[] {
  const t = cfg.templates.sysv;
  const content = t === undefined ? renderSysvScript(cfg) : applyTemplate('templates.sysv', t, scriptVars(cfg), cfg, [markLine(cfg.name), NL_DEFINITION]);
  return [{ path: initScriptPath(cfg.name), content, mode: definitionMode(cfg, 0o755) }];
}
