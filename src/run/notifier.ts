/** How a running service reports its state to the manager. */
import type { Platform } from '../managers/manager.js';
import { UnixDatagramSender } from '../sys/libc.js';

export interface Notifier {
  ready(): void;
  /** The program's start failed: tell a waiting manager now rather than let it time out. */
  startFailed(): void;
  stopping(): void;
  reloading(): void;
  status(text: string): void;
  /** Interval at which to call watchdog(), in ms, or undefined when no watchdog is armed. */
  readonly watchdogIntervalMs: number | undefined;
  watchdog(): void;
  close(): void;
}

/**
 * sd_notify(3) without libsystemd: one datagram per message to $NOTIFY_SOCKET.
 * Returns undefined when this process was not started by systemd with a notify socket.
 */
export function systemdNotifier(env: NodeJS.ProcessEnv = process.env, pid = process.pid): Notifier | undefined {
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
    status: (text) => send(`STATUS=${text.replace(/\n/g, ' ')}`),
    watchdogIntervalMs: armed ? Math.max(1, Math.floor(usec / 2000)) : undefined,
    watchdog: () => send('WATCHDOG=1'),
    close: () => sender.close(),
  };
}

/**
 * Platform -> how run() reports state: sd_notify under systemd, and under SysV, OpenRC and Upstart
 * when start-stop-daemon --notify-await set NOTIFY_SOCKET (it speaks systemd's protocol). Under the
 * Windows SCM run() itself reports (src/run/windows.ts); launchd has no readiness protocol.
 */
export function notifierFor(platform: Platform, env: NodeJS.ProcessEnv = process.env): Notifier | undefined {
  return platform === 'windows-service' || platform === 'darwin-launchd' ? undefined : systemdNotifier(env);
}
