/** Process-wide choice of service manager (detected once, or forced with chooseSystem). */
import { candidates, detectPlatform, isInteractive, realProbe } from './detect.js';
import { InvalidArgumentError, NoServiceSystemError } from './errors.js';
import { IMPLEMENTED } from './managers/index.js';
import type { Platform } from './managers/manager.js';

let chosen: Platform | undefined;
let detected: Platform | null | undefined;
let interactiveValue: boolean | undefined;

/** The platforms this build can drive on this OS, in detection order. */
export function availableSystems(): Platform[] {
  return candidates(realProbe.platform).filter((p) => IMPLEMENTED.includes(p));
}

/** Force a platform (e.g. in a container whose detection is ambiguous); `undefined` returns to detection. */
export function chooseSystem(p: Platform | undefined): void {
  if (p !== undefined && !availableSystems().includes(p)) {
    throw new InvalidArgumentError(`${p} is not available here (available: ${availableSystems().join(', ') || 'none'})`);
  }
  chosen = p;
}

/** The platform in use: the forced one, else the detected one if this build supports it. */
export function chosenSystem(): Platform | undefined {
  if (chosen) return chosen;
  if (detected === undefined) detected = detectPlatform() ?? null;
  return detected && IMPLEMENTED.includes(detected) ? detected : undefined;
}

export function currentPlatform(): Platform {
  const p = chosenSystem();
  if (!p) {
    const d = detectPlatform();
    throw new NoServiceSystemError(
      d ? `the ${d} service manager was detected but is not supported by this version` : 'no service system detected',
    );
  }
  return p;
}

/** True when run by a person (a terminal, a script), false under a service manager. */
export function interactiveCached(): boolean {
  return (interactiveValue ??= isInteractive());
}
