/** The options Upstart honours (an allow-list: every other option set is refused, see ../support.ts). */
import type { Support } from '../platform.js';
import { PROGRAM, SCRIPTED } from '../shared/honours.js';

export const support: Support = {
  honours: {
    ...PROGRAM,
    ...SCRIPTED.honours,
    enabled: { values: ['true'], unrendered: 'a job always starts by its "start on" stanza' },
    restart: { values: ['always', 'on-failure', 'no'] },
    // "normal exit" says which exits are not respawned: it means something with on-failure only.
    successExitStatus: { when: { restart: 'on-failure' } },
    'templates.upstart': true,
    // A private copy made by the pre-start script, removed by the post-stop one (as SysV's and OpenRC's scripts do).
    credentials: true,
    'systemd.startLimitIntervalSec': { when: { restart: ['always', 'on-failure'] } },
    'systemd.startLimitBurst': { when: { restart: ['always', 'on-failure'] } },
  },
  why: {
    ...SCRIPTED.why,
    restart: 'Upstart respawns on any exit but its normal exit codes: use always, on-failure or no',
    restartSec: 'Upstart respawns at once: it has no respawn delay',
    successExitStatus: "Upstart's normal exit only says which exits are not respawned: it needs restart 'on-failure'",
    'systemd.startLimitIntervalSec': "the respawn limit needs respawn: restart 'always' or 'on-failure'",
    'systemd.startLimitBurst': "the respawn limit needs respawn: restart 'always' or 'on-failure'",
    'systemd.type': 'Upstart has no readiness protocol that servicekit speaks (its "expect stop" wants the program to SIGSTOP itself)',
    'enabled=false': 'a job starts by its "start on" stanza: there is no installed-but-disabled state',
    pidFile: 'Upstart tracks the process itself',
    'systemd.watchdogSec': 'Upstart has no watchdog',
  },
};
