/**
 * Process-wide signal dispositions, for a command's entry point (never used by the library's API,
 * which leaves the process's signals to the program).
 */
import os from 'node:os';
import { loadKoffi } from './koffi.js';
import { libcFunction } from './libc.js';

interface Koffi {
  struct(name: string, members: Record<string, unknown>): unknown;
  array(type: string, length: number): unknown;
}

const SIG_IGN = 1;

/**
 * struct sigaction where servicekit knows it: the handler (a pointer), the mask, the flags (and on
 * Linux the restorer, which the C library fills in). The handler comes first and the flags after
 * the mask in glibc's and musl's on x86 and ARM, 32- and 64-bit (MIPS, for one, puts the flags
 * first); macOS's mask is 32 bits.
 */
function sigactionLayout(): { maskBytes: number; SA_SIGINFO: number; restorer: boolean } | undefined {
  if (process.platform === 'darwin') return { maskBytes: 4, SA_SIGINFO: 0x40, restorer: false };
  if (process.platform === 'linux' && ['x64', 'arm64', 'ia32', 'arm'].includes(process.arch)) return { maskBytes: 128, SA_SIGINFO: 4, restorer: true };
  return undefined;
}

type Ignore = (signum: number) => boolean;
let ignore: Ignore | null | undefined;

/**
 * A function that has the kernel discard a signal from now on: sigaction(2) through koffi with the
 * handler SIG_IGN and SA_SIGINFO among the flags. Node, on its way out, sets the default action back
 * for a signal whose handler is a plain SIG_IGN (which it takes for one inherited from its parent),
 * but leaves one with SA_SIGINFO as it is (ResetSignalHandlers in Node's src/node.cc). Bound once;
 * null where it cannot be (a struct sigaction not known here, no koffi, no C library).
 */
function bindIgnore(): Ignore | null {
  if (ignore !== undefined) return ignore;
  const layout = sigactionLayout();
  try {
    if (!layout) return (ignore = null);
    const koffi = loadKoffi<Koffi>();
    const struct = 'servicekit_sigaction';
    koffi.struct(struct, {
      handler: 'intptr_t',
      mask: koffi.array('uint8_t', layout.maskBytes),
      flags: 'int',
      ...(layout.restorer ? { restorer: 'intptr_t' } : {}),
    });
    const sigaction = libcFunction(`int sigaction(int, const ${struct} *, void *)`);
    return (ignore = (signum) => sigaction(signum, { handler: SIG_IGN, flags: layout.SA_SIGINFO }, null) === 0);
  } catch {
    return (ignore = null);
  }
}

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
  if (process.platform === 'win32' || process.listeners(sig).some((l) => l !== listener)) return false;
  const ignored = bindIgnore();
  const signum = os.constants.signals[sig];
  if (!ignored?.(signum)) return false;
  process.off(sig, listener);
  if (ignored(signum)) return true;
  process.on(sig, listener);
  return false;
}
