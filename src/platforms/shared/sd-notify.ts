/**
 * sd_notify(3) without libsystemd: one datagram per message to $NOTIFY_SOCKET. systemd reads it,
 * and so does start-stop-daemon --notify-await (SysV, OpenRC), which speaks the same protocol.
 */
import type { ResolvedConfig } from '../../config.js';
import type { Notifier } from '../../run/run.js';
import { UnixDatagramSender } from '../../sys/libc.js';

/**
 * Unit Type= (and whether an init script waits for READY=1): `notify` when the service runs this
 * very program (which calls run() and so sends READY=1), `exec` otherwise, unless systemd.type says.
 */
export function serviceType(cfg: ResolvedConfig): 'notify' | 'exec' | 'simple' {
  return cfg.systemd.type ?? (cfg.runsThisProgram ? 'notify' : 'exec');
}

/** Does the program speak sd_notify? Then start waits for its READY=1. */
export function speaksNotify(cfg: ResolvedConfig): boolean {
  return serviceType(cfg) === 'notify';
}

/** Returns undefined when this process was not started with a notify socket. */
export function sdNotifier(env: NodeJS.ProcessEnv = process.env, pid = process.pid): Notifier | undefined {
  const socketPath = env['NOTIFY_SOCKET'];
  if (!socketPath || !(socketPath.startsWith('/') || socketPath.startsWith('@'))) return undefined;
  const sender = new UnixDatagramSender(socketPath);
  // Best effort: a manager that stopped listening (start-stop-daemon exits once READY=1 arrived)
  // must not break the service.
  const send = (s: string) => {
    try {
      sender.send(Buffer.from(s, 'utf8'));
    } catch {
      /* nobody listening */
    }
  };
  const usec = Number(env['WATCHDOG_USEC']);
  const wpid = env['WATCHDOG_PID'];
  const armed = Number.isFinite(usec) && usec > 0 && (wpid === undefined || Number(wpid) === pid);
  return {
    ready: () => send(`READY=1\nMAINPID=${pid}`),
    // ERRNO= is part of the sd_notify protocol; start-stop-daemon --notify-await fails at once on it.
    startFailed: () => send('STATUS=start failed\nERRNO=5'),
    stopping: () => send('STOPPING=1'),
    reloading: () => send('RELOADING=1'),
    watchdogIntervalMs: armed ? Math.max(1, Math.floor(usec / 2000)) : undefined,
    watchdog: () => send('WATCHDOG=1'),
    close: () => sender.close(),
  };
}
