/**
 * The platform records, in detection order, and the process-wide choice among them (detected once,
 * or forced with chooseSystem). Adding a platform means adding its folder and one line here.
 */
import { InvalidArgumentError, NoServiceSystemError } from './errors.js';
import type { Platform, PlatformRecord } from './platforms/platform.js';
import { realProbe, type Probe } from './platforms/probe.js';
import { systemd } from './platforms/systemd/index.js';
import { upstart } from './platforms/upstart/index.js';
import { openrc } from './platforms/openrc/index.js';
import { sysv } from './platforms/sysv/index.js';
import { launchd } from './platforms/launchd/index.js';
import { windows } from './platforms/windows/index.js';
import { smf } from './platforms/smf/index.js';

/** Every platform, in detection order (on Linux: systemd, Upstart, OpenRC, then SysV as the fallback). */
export const PLATFORMS: readonly PlatformRecord[] = [systemd, upstart, openrc, sysv, launchd, windows, smf];

export function recordOf(p: Platform): PlatformRecord {
  const r = PLATFORMS.find((x) => x.id === p);
  if (!r) throw new InvalidArgumentError(`unknown platform ${JSON.stringify(p)} (known: ${PLATFORMS.map((x) => x.id).join(', ')})`);
  return r;
}

/** The platforms an OS could have, in detection order. */
export function candidates(os: NodeJS.Platform): PlatformRecord[] {
  return PLATFORMS.filter((r) => r.onOs(os));
}

export function detectPlatform(probe: Probe = realProbe): Platform | undefined {
  return candidates(probe.platform).find((r) => r.running(probe))?.id;
}

/** False when a service manager of this OS started this process. */
export function isInteractive(probe: Probe = realProbe): boolean {
  return !candidates(probe.platform).some((r) => r.startedThisProcess(probe));
}

let chosen: Platform | undefined;
let detected: Platform | null | undefined;
let interactiveValue: boolean | undefined;

/** The platforms this build can drive on this OS, in detection order. */
export function availableSystems(): Platform[] {
  return candidates(realProbe.platform).map((r) => r.id);
}

/** Force a platform (e.g. in a container whose detection is ambiguous); `undefined` returns to detection. */
export function chooseSystem(p: Platform | undefined): void {
  if (p !== undefined && !availableSystems().includes(p)) {
    throw new InvalidArgumentError(`${p} is not available here (available: ${availableSystems().join(', ') || 'none'})`);
  }
  chosen = p;
}

/** The platform in use: the forced one, else the detected one. */
export function chosenSystem(): Platform | undefined {
  if (chosen) return chosen;
  if (detected === undefined) detected = detectPlatform() ?? null;
  return detected ?? undefined;
}

export function currentPlatform(): Platform {
  const p = chosenSystem();
  if (!p) throw new NoServiceSystemError('no service system detected');
  return p;
}

/** True when run by a person (a terminal, a script), false under a service manager; asked once. */
export function interactiveCached(): boolean {
  return (interactiveValue ??= isInteractive());
}

/** What a platform does at import in a process its manager may have started (Windows only, today). */
export function prepareProcess(): void {
  for (const r of candidates(realProbe.platform)) r.prepareProcess?.(interactiveCached);
}
