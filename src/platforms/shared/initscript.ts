/**
 * What the script-based managers (SysV, OpenRC, Upstart) share: file locations and the
 * start-stop-daemon command lines, all rendered as shell text. Pure.
 */
import path from 'node:path';
import type { ResolvedConfig, TemplateVars } from '../../config.js';
import { InvalidConfigError } from '../../errors.js';
import { SYSTEM_RUNTIME_DIR } from '../../paths.js';
import { commentText, NL_DEFINITION, shellQuote, shellWords } from './shell.js';
import { markLine } from '../ownership.js';
import { DANGEROUS_CAPABILITIES } from './capabilities.js';
import { serviceEnv } from './env-file.js';
import type { PreparedConfig } from '../platform.js';

/** SysV and OpenRC scripts live here. */
export const INIT_DIR = '/etc/init.d';

export function initScriptPath(name: string): string {
  return `${INIT_DIR}/${name}`;
}

export interface DaemonFiles {
  /** The PID file start-stop-daemon writes (or the program's own, with config.pidFile). */
  pidFile: string;
  /** stdout and stderr of the service (there is no journal on these systems). */
  logFile: string;
}

/** PID files live in servicekit's own runtime directory, never beside other daemons' (/run/NAME.pid). */
export function daemonFiles(cfg: ResolvedConfig): DaemonFiles {
  return {
    pidFile: cfg.pidFile ?? `${SYSTEM_RUNTIME_DIR}/${cfg.name}.pid`,
    logFile: path.join(cfg.logDirectory, `${cfg.name}.log`),
  };
}

/** Seconds start-stop-daemon waits after SIGTERM before SIGKILL: run()'s stop timeout plus a margin. */
export function stopGraceSec(cfg: ResolvedConfig): number {
  return Math.ceil(cfg.stopTimeoutSec) + 10;
}

/** start-stop-daemon's and supervise-daemon's stop schedule: the kill signal, the grace, then SIGKILL. */
export function stopSchedule(cfg: ResolvedConfig): string {
  return `${cfg.killSignal.replace(/^SIG/, '')}/${stopGraceSec(cfg)}/KILL/5`;
}

/**
 * ulimit lines for the service's open-files and processes limits, soft and hard, in the subshell
 * that starts it. Processes: -u in bash, -p in dash and busybox (which have no -u). No limit on open
 * files is the kernel's ceiling (fs.nr_open), as systemd's LimitNOFILE=infinity.
 */
export function ulimitLines(cfg: ResolvedConfig): string[] {
  const { openFiles, processes } = cfg.limits;
  return [
    ...(openFiles === undefined ? [] : [`ulimit -n ${openFiles === 'infinity' ? '"$(cat /proc/sys/fs/nr_open)"' : openFiles} || exit 1`]),
    ...(processes === undefined ? [] : [`if ulimit -u >/dev/null 2>&1; then ulimit -u ${limitWord(processes)}; else ulimit -p ${limitWord(processes)}; fi || exit 1`]),
  ];
}

function limitWord(n: number | 'infinity'): string {
  return n === 'infinity' ? 'unlimited' : String(n);
}

/** The lines of the subshell that starts the service: its limits, then its environment. */
export function startPrelude(cfg: PreparedConfig): string[] {
  return [...ulimitLines(cfg), ...envExports(cfg), ...credentialsExport(cfg)];
}

/** Where the program finds its credentials, as under systemd: $CREDENTIALS_DIRECTORY. */
export function credentialsExport(cfg: ResolvedConfig): string[] {
  return Object.keys(cfg.credentials).length ? [`export CREDENTIALS_DIRECTORY=${shellQuote(credentialsDir(cfg.name), 'credentials')}`] : [];
}

/** Where the service's credentials are copied at each start: /run (gone at reboot), a directory of its own. */
export function credentialsDir(name: string): string {
  return path.join(SYSTEM_RUNTIME_DIR, 'credentials', name);
}

/**
 * Before each start, as root, what systemd's LoadCredential= does: the service's credentials copied
 * from their sources (install checked them as environment files are checked) into a directory of
 * its own under /run/servicekit/credentials (root's, 0755), made afresh 0700 for the service's
 * account, each file 0400; `chown -R` follows no link. The program finds it in
 * $CREDENTIALS_DIRECTORY; no other account can read it. Stopping removes it.
 */
export function copyCredentials(cfg: ResolvedConfig): string[] {
  const names = Object.keys(cfg.credentials);
  if (names.length === 0) return [];
  const dir = shellQuote(credentialsDir(cfg.name), 'credentials');
  return [
    `rm -rf -- ${dir}`,
    `mkdir -p -m 0755 ${shellQuote(path.dirname(credentialsDir(cfg.name)), 'credentials')}`,
    `mkdir -m 0700 ${dir}`,
    ...names.map((n) => `( umask 077 && cat -- ${shellQuote(cfg.credentials[n]!, `credentials.${n}`)} > ${dir}/${n} )`),
    `chmod 0400 ${names.map((n) => `${dir}/${n}`).join(' ')}`,
    ...(cfg.userName === undefined ? [] : [`chown -R ${shellQuote(cfg.userName, 'userName')} ${dir}`]),
  ];
}

/** After a stop: the copy goes (the next start makes it again). */
export function removeCredentials(cfg: ResolvedConfig): string[] {
  return Object.keys(cfg.credentials).length ? [`rm -rf -- ${shellQuote(credentialsDir(cfg.name), 'credentials')}`] : [];
}

/** `export K='v'` lines for the service's environment (its environment files' variables too). */
export function envExports(cfg: PreparedConfig): string[] {
  return Object.entries(serviceEnv(cfg)).map(([k, v]) => `export ${k}=${shellQuote(v, `env.${k}`)}`);
}

/** The program and its arguments as shell words. */
export function commandWords(cfg: ResolvedConfig): { executable: string; args: string } {
  return { executable: shellQuote(cfg.executable, 'executable'), args: shellWords(cfg.arguments, 'arguments') };
}

/** util-linux's setpriv, which the init scripts' sandbox runs the program through. */
const SETPRIV = '/usr/bin/setpriv';

/**
 * What an init script can sandbox (hardening): strict sets no_new_privs and, for a root service,
 * empties the capability bounding set; standard drops the dangerous capabilities of a root service
 * (an account has none to drop: setpriv could not change its bounding set anyway). Undefined: nothing to do.
 */
export function privileges(cfg: ResolvedConfig): { noNewPrivs: boolean; bounding?: 'all' | readonly string[] } | undefined {
  const level = cfg.hardening ?? 'none';
  const root = cfg.userName === undefined;
  if (level === 'none' || (level === 'standard' && !root)) return undefined;
  if (level === 'strict') return { noNewPrivs: true, ...(root ? { bounding: 'all' as const } : {}) };
  return { noNewPrivs: false, bounding: DANGEROUS_CAPABILITIES };
}

/** The program as start-stop-daemon or supervise-daemon starts it: through setpriv where the sandbox asks for it. */
export function startedAs(cfg: ResolvedConfig): { executable: string; args: string } {
  const { executable, args } = commandWords(cfg);
  const p = privileges(cfg);
  if (p === undefined) return { executable, args };
  const bounding = p.bounding === undefined ? [] : [`--bounding-set ${p.bounding === 'all' ? '-all' : p.bounding.map((c) => `-${c}`).join(',')}`];
  return { executable: SETPRIV, args: [...(p.noNewPrivs ? ['--no-new-privs'] : []), ...bounding, executable, args].filter(Boolean).join(' ') };
}

/** The program's own argv from one startedAs began (setpriv execs it: its options are gone from the process's command line). */
export function programArgv(argv: readonly string[]): string[] {
  if (argv[0] !== SETPRIV) return [...argv];
  let i = 1;
  while (argv[i] === '--no-new-privs' || argv[i] === '--bounding-set') i += argv[i] === '--bounding-set' ? 2 : 1;
  return argv.slice(i);
}

/**
 * Debian's start-stop-daemon starting the program in the background with a PID file, its output
 * appended to the log file. With `notify`, it waits for the program's READY=1 (sd_notify protocol,
 * which run() speaks) so that "started" means started.
 */
export function ssdStart(cfg: ResolvedConfig, notify: boolean): string {
  const f = daemonFiles(cfg);
  const { executable, args } = startedAs(cfg);
  if (cfg.pidFile !== undefined) {
    throw new InvalidConfigError('pidFile', 'start-stop-daemon writes the PID file itself here; leave pidFile unset');
  }
  return [
    '/sbin/start-stop-daemon --start --quiet --background --make-pidfile',
    `--pidfile ${shellQuote(f.pidFile, 'pidFile')}`,
    `--chdir ${shellQuote(cfg.workingDirectory, 'workingDirectory')}`,
    ...(cfg.chroot === undefined ? [] : [`--chroot ${shellQuote(cfg.chroot, 'chroot')}`]),
    ...(cfg.userName === undefined ? [] : [`--chuid ${shellQuote(cfg.userName, 'userName')}`]),
    ...(cfg.groupName === undefined ? [] : [`--group ${shellQuote(cfg.groupName, 'groupName')}`]),
    ...niceArgs(cfg),
    ...(notify ? [`--notify-await --notify-timeout ${Math.max(10, Math.ceil(cfg.stopTimeoutSec))}`] : []),
    `--output ${shellQuote(f.logFile, 'logDirectory')}`,
    `--startas ${executable}`,
    `-- ${args}`,
  ].join(' \\\n    ');
}

/**
 * start-stop-daemon in the foreground: as root it drops to the service's account and group (and
 * root directory), changes directory and execs the program in its own process (no --background: the
 * PID its manager tracks stays the program's). It matches no running process (a PID file no one
 * writes), so another instance of the same executable never stops it from starting.
 */
export function ssdExec(cfg: ResolvedConfig): string {
  const { executable, args } = commandWords(cfg);
  return [
    '/sbin/start-stop-daemon --start --quiet',
    `--pidfile ${shellQuote(`${SYSTEM_RUNTIME_DIR}/${cfg.name}.never`, 'pidFile')}`,
    ...(cfg.chroot === undefined ? [] : [`--chroot ${shellQuote(cfg.chroot, 'chroot')}`]),
    `--chdir ${shellQuote(cfg.workingDirectory, 'workingDirectory')}`,
    ...(cfg.userName === undefined ? [] : [`--chuid ${shellQuote(cfg.userName, 'userName')}`]),
    ...(cfg.groupName === undefined ? [] : [`--group ${shellQuote(cfg.groupName, 'groupName')}`]),
    ...niceArgs(cfg),
    `--startas ${executable}`,
    `-- ${args}`,
  ].join(' ');
}

/** start-stop-daemon's and supervise-daemon's --nicelevel for the service's nice value. */
export function niceArgs(cfg: Pick<ResolvedConfig, 'nice'>): string[] {
  return cfg.nice === undefined ? [] : [`--nicelevel ${cfg.nice}`];
}

export function ssdStop(cfg: ResolvedConfig): string {
  const f = daemonFiles(cfg);
  return `/sbin/start-stop-daemon --stop --quiet --oknodo --retry ${stopSchedule(cfg)} --pidfile ${shellQuote(f.pidFile, 'pidFile')} --remove-pidfile`;
}

/** Send a signal (the reload signal) to the daemon of the PID file. */
export function ssdSignal(cfg: ResolvedConfig, signal: string): string {
  return `/sbin/start-stop-daemon --stop --signal ${signal.replace(/^SIG/, '')} --quiet --pidfile ${shellQuote(daemonFiles(cfg).pidFile, 'pidFile')}`;
}

/** Exit 0 running, 1 dead with a PID file left, 3 not running, 4 unknown (LSB). */
export function ssdStatus(cfg: ResolvedConfig): string {
  return `/sbin/start-stop-daemon --status --pidfile ${shellQuote(daemonFiles(cfg).pidFile, 'pidFile')}`;
}

/**
 * Before each start, as root: servicekit's runtime directory and the log directory (root-owned,
 * 0755: install checked or made it so, so no one else can put a link in it), then the log file,
 * created 0640 if missing and refused if it is anything but a regular file. With userName the file
 * is handed to that account (supervise-daemon opens it as the user); `chown -h` never follows a link.
 */
export function prepareLogFile(cfg: ResolvedConfig): string[] {
  const f = daemonFiles(cfg);
  const q = shellQuote(f.logFile, 'logDirectory');
  return [
    `mkdir -p -m 0755 ${shellQuote(SYSTEM_RUNTIME_DIR, 'pidFile')} ${shellQuote(path.dirname(f.logFile), 'logDirectory')}`,
    `! { [ -L ${q} ] || { [ -e ${q} ] && [ ! -f ${q} ]; }; } || { echo ${q}": not a regular file, not used" >&2; false; }`,
    `[ -e ${q} ] || ( umask 027 && : >> ${q} )`,
    ...(cfg.userName === undefined ? [] : [`chown -h ${shellQuote(cfg.userName, 'userName')} ${q}`]),
  ];
}

/** A custom init script's or job's variables, as shell text (every value a single-quoted word). */
export function scriptVars(cfg: PreparedConfig): TemplateVars {
  // The copy of the credentials is made by servicekit's own script before each start: a template has no place for it.
  if (Object.keys(cfg.credentials).length) {
    throw new InvalidConfigError('credentials', "a custom template has no variable for the private copy servicekit's script makes before each start; leave the template out, or have the program read the file itself");
  }
  const f = daemonFiles(cfg);
  const { executable, args } = commandWords(cfg);
  return {
    Name: cfg.name,
    Mark: markLine(cfg.name),
    /** The line that defines the variable newlines in values are written with: before any value. */
    Prelude: NL_DEFINITION,
    Description: commentText(cfg.description, 'description'),
    Executable: executable,
    Arguments: args,
    Command: `${executable} ${args}`.trim(),
    Env: envExports(cfg).join('\n'),
    WorkingDirectory: shellQuote(cfg.workingDirectory, 'workingDirectory'),
    User: cfg.userName === undefined ? '' : shellQuote(cfg.userName, 'userName'),
    PidFile: shellQuote(f.pidFile, 'pidFile'),
    LogFile: shellQuote(f.logFile, 'logDirectory'),
  };
}
