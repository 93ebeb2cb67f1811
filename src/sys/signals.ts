/**
 * Process-wide signal dispositions, for a command's entry point (never used by the library's API,
 * which leaves the process's signals to the program).
 */
import os from 'node:os';
import { ignoreSignal, libcAvailable } from './libc.js';

/**
 * Ignore `sig` from now until the process ends, where a listener cannot: Node's teardown closes its
 * signal watchers, which sets the default action (terminate) back 5-15 ms before the process exits
 * (measured with strace), so a signal then kills it whatever it had done. `listener` is the caller's
 * own, the signal's only listener. The kernel is told to ignore the signal, the listener removed
 * (Node closes its watcher, which sets the default action back), and the kernel told again: the
 * signal can kill the process only between the last two steps, one warm FFI call (~10-20 µs).
 * Returns false, the listener kept, where this cannot be done: Windows (no such dispositions), no C
 * library binding, a struct sigaction not known here, other listeners.
 */
export function ignoreUntilExit(sig: NodeJS.Signals, listener: (...args: unknown[]) => void): boolean {
  if (process.platform === 'win32' || process.listeners(sig).some((l) => l !== listener) || !libcAvailable()) return false;
  const signum = os.constants.signals[sig];
  if (!ignoreSignal(signum)) return false;
  process.off(sig, listener);
  if (ignoreSignal(signum)) return true;
  process.on(sig, listener);
  return false;
}
