/** The help text (loaded by `servicekit --help` only); the options' lines come from their declarations. */
import { OPTIONS, hasFlag } from '../index.js';

const COLUMN = 27;
const WIDTH = 100;

/** `  --flag ARG   help`, wrapped under the help column. */
function line(flag: string, help: string): string {
  const words = help.split(' ');
  const lines: string[] = [];
  let cur = '';
  for (const w of words) {
    if (cur !== '' && COLUMN + cur.length + 1 + w.length > WIDTH) {
      lines.push(cur);
      cur = w;
    } else cur = cur === '' ? w : `${cur} ${w}`;
  }
  lines.push(cur);
  const left = `  ${flag}`;
  return [left.length < COLUMN ? left.padEnd(COLUMN) + lines[0] : `${left}\n${' '.repeat(COLUMN)}${lines[0]}`, ...lines.slice(1).map((l) => ' '.repeat(COLUMN) + l)].join('\n');
}

/** A doc sentence as a help line: lower case first ("Display name" → "display name", "RLIMIT…" kept), no final period. */
function helpText(s: string): string {
  return (/^[A-Z][a-z]/.test(s) ? s[0]!.toLowerCase() + s.slice(1) : s).replace(/\.$/, '');
}

/** The options' flags, in the order of their declarations. */
function optionLines(): string {
  return Object.values(OPTIONS)
    .flatMap((d) => (hasFlag(d) ? [line(`--${d.cli.flag}${d.cli.arg === undefined ? '' : ` ${d.cli.arg}`}`, helpText(d.cli.help ?? d.doc))] : []))
    .join('\n');
}

export const USAGE = `servicekit — run any program as a native OS service

Usage:
  servicekit install --name NAME [options] [--start] -- COMMAND [ARG]...
  servicekit render  --name NAME [options] -- COMMAND [ARG]...   print what install would write
  servicekit update NAME [options] [--no-restart] [-- COMMAND [ARG]...]
                                              change an installed service: only what is given changes
                                              (--env K=V adds or changes K); restarts it if it ran
  servicekit adopt NAME [options] [--yes] -- COMMAND [ARG]...
                                              take over a service written by hand: shows the diff to
                                              what servicekit writes; --yes rewrites it as servicekit's
  servicekit apply FILE [--user] [--prune] [--dry-run] [--json] [--env-profile NAME]
                                              make the services what FILE lists ({"services": [config…]},
                                              JSON or a module): create, update, leave, and with
                                              --prune remove servicekit's own services not listed;
                                              --dry-run prints the plan with each file's diff;
                                              a pm2 ecosystem file ({"apps": […]}) too, --env-profile
                                              NAME taking its env_NAME
  servicekit uninstall NAME [--user] [--purge] --purge: its log files too (else kept, and said where)
  servicekit start|stop|restart NAME [--user]
  servicekit enable|disable NAME [--user]     start at boot (login) or not; neither starts nor stops it
  servicekit status NAME [--user] [--json] [--watch]
                                              exit 0 running, 3 any other state, 4 not installed;
                                              --watch: a line per change until Ctrl-C
  servicekit logs NAME [--user] [-f] [-n N]
  servicekit doctor NAME [--user] [--json]    why it is as it is: the manager's record of its last end,
                                              its last log lines, the likely fix (a sandbox's directive)
  servicekit list [--user] [--json]           the services servicekit installed, with their state
  servicekit platform                         print the detected service manager
  servicekit host NAME                        (Windows) what a service whose program is not Node runs: its host

Service options (install, render, update):
${optionLines()}
  --start                  start after installing; fail and roll back if it does not come up
  --settle-ms N            with --start: how long it must stay up to count as started (default 1500)

Common options:
  --system PLATFORM        force a service manager (e.g. linux-systemd)
  --debug                  print stack traces
  -h, --help               this text
  --version                print the version

A COMMAND ending in .js, .mjs or .cjs runs with this Node (${process.execPath}).`;
