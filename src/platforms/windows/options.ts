/** The Windows-only options (Config.windows), their checks and defaults. Pure. */
import { checkBool, checkDuration, checkNumber, checkOneOf, optional, resolveTable, type Duration } from '../../checks.js';
import { InvalidConfigError } from '../../errors.js';

export type WindowsStartType = 'automatic' | 'manual' | 'disabled';
export type WindowsOnFailure = 'restart' | 'reboot' | 'noaction';

export interface WindowsOptions {
  /** When the SCM starts the service. Default `automatic`. */
  startType?: WindowsStartType;
  /** Automatic start a little after boot (SERVICE_CONFIG_DELAYED_AUTO_START_INFO). Default false. */
  delayedAutoStart?: boolean;
  /** Password of `userName`; passed to CreateServiceW only, never printed, logged or rendered. */
  password?: string;
  /** Recovery action when the service fails. Default: `restart`, or `noaction` when restart is "no". */
  onFailure?: WindowsOnFailure;
  /** Delay before the recovery action, in seconds. Default: restartSec. */
  onFailureDelaySec?: Duration;
  /** Seconds without failure after which the failure count resets. Default 86400 (a day). */
  onFailureResetPeriodSec?: number;
  /**
   * SERVICE_INTERACTIVE_PROCESS: the service may interact with the desktop (Go's Option
   * "Interactive"). Only for services running as LocalSystem (no userName). Default false.
   */
  interactive?: boolean;
}

export type ResolvedWindowsOptions = Omit<WindowsOptions, 'onFailureDelaySec'> &
  Required<Pick<WindowsOptions, 'startType' | 'delayedAutoStart' | 'onFailureResetPeriodSec'>> & { onFailureDelaySec?: number };

function checkPassword(field: string, v: unknown): string {
  // The message never quotes the value.
  if (typeof v !== 'string' || v.includes('\0') || !v.isWellFormed()) throw new InvalidConfigError(field, 'must be a string without NUL characters');
  return v;
}

export function resolveWindowsOptions(v: unknown): ResolvedWindowsOptions {
  const o = resolveTable<ResolvedWindowsOptions>('windows', v, {
    startType: optional((f, x) => checkOneOf(f, x, ['automatic', 'manual', 'disabled'] as const), 'automatic'),
    delayedAutoStart: optional(checkBool, false),
    password: optional(checkPassword),
    onFailure: optional((f, x) => checkOneOf(f, x, ['restart', 'reboot', 'noaction'] as const)),
    onFailureDelaySec: optional((f, x) => checkDuration(f, x, 0, 86400)),
    onFailureResetPeriodSec: optional((f, x) => checkNumber(f, x, 0, 2 ** 31, true), 86400),
    interactive: optional(checkBool),
  });
  if (o.delayedAutoStart && o.startType !== 'automatic') {
    throw new InvalidConfigError('windows.delayedAutoStart', 'only applies to startType "automatic"');
  }
  if (o.password !== undefined) {
    // Not enumerable: JSON.stringify / console.log of a resolved config never show it.
    Object.defineProperty(o, 'password', { value: o.password, enumerable: false });
  }
  return o;
}
