/** The launchd group (Config.launchd): its declarations. Pure. */
import { checkBool } from '../checks.js';
import { as, type OptionDecl } from './declare.js';

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

const LAUNCHD_ONLY = 'an option of launchd';
const bool = { type: 'boolean' } as const;

export const LAUNCHD = {
  'launchd.runAtLoad': {
    doc: 'RunAtLoad: start when loaded (at boot, or login for an agent); default true.',
    schema: bool,
    cli: { flag: 'no-run-at-load', help: 'launchd: do not start the job when it is loaded', to: as.off },
    check: checkBool,
    default: true,
    sample: false,
    refusal: LAUNCHD_ONLY,
  },
  'launchd.sessionCreate': {
    doc: 'SessionCreate: a security session of its own (agents using the keychain); default false.',
    schema: bool,
    cli: { flag: 'session-create', help: 'launchd: create a security session (agents using the keychain)', to: as.on },
    check: checkBool,
    default: false,
    sample: true,
    refusal: LAUNCHD_ONLY,
  },
  'launchd.keepAlive': {
    doc: 'KeepAlive as given (default: from restart).',
    schema: bool,
    cli: { flag: 'keep-alive', arg: 'BOOL', help: 'launchd: KeepAlive true or false (default: from --restart)', to: as.bool },
    check: checkBool,
    sample: false,
    refusal: LAUNCHD_ONLY,
  },
} as const satisfies Record<string, OptionDecl>;
