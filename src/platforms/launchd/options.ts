/** The launchd-only options (Config.launchd), their checks and defaults. Pure. */
import { checkBool, optional, resolveTable } from '../../checks.js';

export interface LaunchdOptions {
  /** RunAtLoad: start when loaded (at boot for daemons, at login for agents). Default true. */
  runAtLoad?: boolean;
  /** SessionCreate: create a security session (agents needing the keychain). Default false. */
  sessionCreate?: boolean;
}

export function resolveLaunchdOptions(v: unknown): Required<LaunchdOptions> {
  return resolveTable<Required<LaunchdOptions>>('launchd', v, {
    runAtLoad: optional(checkBool, true),
    sessionCreate: optional(checkBool, false),
  });
}
