/** The launchd-only options (Config.launchd), their checks and defaults. Pure. */
import { checkBool, optional, resolveTable } from '../../checks.js';

export interface LaunchdOptions {
  /** RunAtLoad: start when loaded (at boot for daemons, at login for agents). Default true (the Go library: false, so its services do not start at boot until started). */
  runAtLoad?: boolean;
  /** SessionCreate: create a security session (agents needing the keychain). Default false. */
  sessionCreate?: boolean;
  /**
   * KeepAlive, set as given. Default: from `restart` (always: true; on-failure: restart after an
   * unclean exit; on-success: after a clean one; no: false), where the Go library always writes true.
   */
  keepAlive?: boolean;
}

export type ResolvedLaunchdOptions = Required<Omit<LaunchdOptions, 'keepAlive'>> & Pick<LaunchdOptions, 'keepAlive'>;

export function resolveLaunchdOptions(v: unknown): ResolvedLaunchdOptions {
  return resolveTable<ResolvedLaunchdOptions>('launchd', v, {
    runAtLoad: optional(checkBool, true),
    sessionCreate: optional(checkBool, false),
    keepAlive: optional(checkBool),
  });
}
