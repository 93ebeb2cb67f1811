/**
 * What the systemd suites share: this machine's own systemd 252 booted in a container (one per
 * suite, so the suites run side by side), prepared alike: a lingering user skuser, systemd's debug
 * log (it writes down every sd_notify message it gets), and a shim that records every systemctl and
 * journalctl process servicekit runs.
 */
import { after, before } from 'node:test';
import { Container, MOUNT, waitFor } from '../harness/container.js';

export const FIXTURE = `${MOUNT}/build/test/fixtures/echo-service.js`;

export interface Scope {
  label: string;
  name: string;
  out: string;
  as?: { user: string; uid: number };
  /** systemctl, for this scope. */
  systemctl(ct: Container, args: string[]): Promise<string>;
  unitFile: string;
}

/**
 * The two ways servicekit drives systemd, both run through the whole scope suite: sd-bus/sd-journal
 * (the default), and systemctl/journalctl (SERVICEKIT_LIBSYSTEMD=0, the fallback). A shim first on
 * PATH records every systemctl and journalctl process, so each path is proven to be the one used.
 */
export const SHIM = '/var/tmp/sk-shim';
const PATHS = { bus: {}, systemctl: { SERVICEKIT_LIBSYSTEMD: '0' } } as const;
export type Via = keyof typeof PATHS;
export const viaEnv = (via: Via) => ({ PATH: `${SHIM}:/usr/sbin:/usr/bin:/sbin:/bin`, ...PATHS[via] });

/** `systemctl --user …` as skuser, whose manager runs at /run/user/UID. */
export const userSystemctl = (uid: number, args: string[]) => ['runuser', '-u', 'skuser', '--', 'env', `XDG_RUNTIME_DIR=/run/user/${uid}`, 'systemctl', '--user', ...args];

export function scopes(uid: number, via: Via): Scope[] {
  const sfx = via === 'bus' ? '' : '-ctl';
  return [
    {
      label: 'system service',
      name: `sk-e2e-system${sfx}`,
      out: `/var/tmp/sk-e2e-system${sfx}`,
      systemctl: (ct, args) => ct.ok(['systemctl', ...args]).catch((e: Error) => e.message),
      unitFile: `/etc/systemd/system/sk-e2e-system${sfx}.service`,
    },
    {
      label: 'user service (lingering user)',
      name: `sk-e2e-user${sfx}`,
      out: `/tmp/sk-e2e-user${sfx}`,
      as: { user: 'skuser', uid },
      systemctl: (ct, args) =>
        ct
          .ok(userSystemctl(uid, args))
          .catch((e: Error) => e.message),
      unitFile: `/home/skuser/.config/systemd/user/sk-e2e-user${sfx}.service`,
    },
  ];
}

/** Boot a systemd container named `name`, prepared as above; `uid` is skuser's. */
export async function bootSystemd(name: string): Promise<{ ct: Container; uid: number }> {
  const ct = await Container.up(name);
  // Debug logging makes systemd write down every sd_notify message it gets (READY=1, STOPPING=1).
  // That is a flood, and journald rate-limits per system unit (all of user@UID.service shares one
  // budget with the user manager's debug lines): lift the limit so no service line is dropped.
  await ct.ok(['sh', '-c', 'mkdir -p /etc/systemd/journald.conf.d && printf "[Journal]\\nRateLimitBurst=0\\n" > /etc/systemd/journald.conf.d/servicekit-e2e.conf && systemctl restart systemd-journald']);
  await ct.ok(['systemd-analyze', 'log-level', 'debug']);
  await ct.ok(['useradd', '-m', 'skuser']);
  const uid = Number((await ct.ok(['id', '-u', 'skuser'])).trim());
  await ct.ok(['loginctl', 'enable-linger', 'skuser']);
  await waitFor('the user manager of skuser', async () => ct.exists(`/run/user/${uid}/systemd/private`));
  await ct.ok(userSystemctl(uid, ['log-level', 'debug']));
  // The shim: logs each systemctl/journalctl process servicekit runs, then runs the real one.
  const shim = '#!/bin/sh\necho "$(basename "$0") $*" >> ' + SHIM + '/calls.log\nexec /usr/bin/$(basename "$0") "$@"\n';
  await ct.ok(['sh', '-c', `mkdir -p ${SHIM} && for c in systemctl journalctl; do printf '%s' '${shim}' > ${SHIM}/$c; chmod 755 ${SHIM}/$c; done && : > ${SHIM}/calls.log && chmod 666 ${SHIM}/calls.log`]);
  return { ct, uid };
}

/** In a suite: its container booted before its tests and shut down after them; `set` receives it. */
export function withSystemd(name: string, set: (booted: { ct: Container; uid: number }) => void): void {
  let ct: Container | undefined;
  before(async () => {
    const booted = await bootSystemd(name);
    ct = booted.ct;
    set(booted);
  });
  after(async () => {
    await ct?.down();
  });
}
