/** The Windows group (Config.windows): its declarations, and the check across them. Pure. */
import { checkBool, checkDuration, checkNumber, checkOneOf, type Duration } from '../checks.js';
import { InvalidArgumentError, InvalidConfigError } from '../errors.js';
import { as, type FlagContext, type OptionDecl } from './declare.js';

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

const START_TYPES = ['automatic', 'manual', 'disabled'] as const;
const ON_FAILURE = ['restart', 'reboot', 'noaction'] as const;
const WINDOWS_ONLY = 'an option of the Windows SCM';
const DAY_SEC = 86400;

function checkPassword(field: string, v: unknown): string {
  // The message never quotes the value.
  if (typeof v !== 'string' || v.includes('\0') || !v.isWellFormed()) throw new InvalidConfigError(field, 'must be a string without NUL characters');
  return v;
}

/** --password-env VAR: the password from the command's environment, never from its command line. */
function passwordFromEnv(name: string, ctx: FlagContext): string {
  if (ctx.given['run-as'] === undefined) throw new InvalidArgumentError('--password-env is the password of the --run-as account: give --run-as too');
  const pw = ctx.env[name];
  if (pw === undefined) throw new InvalidArgumentError(`--password-env ${name}: not set in this environment`);
  return pw;
}

export const WINDOWS = {
  'windows.startType': {
    doc: 'When the SCM starts it: automatic (default), manual or disabled.',
    schema: { enum: START_TYPES },
    cli: { flag: 'start-type', arg: 'TYPE', help: 'Windows: automatic (default) | manual | disabled', to: as.text },
    check: (f: string, x: unknown) => checkOneOf(f, x, START_TYPES),
    default: 'automatic',
    sample: 'manual',
    refusal: WINDOWS_ONLY,
  },
  'windows.delayedAutoStart': {
    doc: 'Automatic start a little after boot.',
    schema: { type: 'boolean' },
    cli: { flag: 'delayed-start', help: 'Windows: delayed automatic start', to: as.on },
    check: checkBool,
    default: false,
    sample: true,
    refusal: WINDOWS_ONLY,
  },
  'windows.password': {
    doc: "The userName account's password (CreateServiceW only; never printed or stored).",
    cli: { flag: 'password-env', arg: 'VAR', help: "Windows: the --run-as account's password, read from variable VAR", to: passwordFromEnv },
    check: checkPassword,
    sample: 'secret',
    needs: { userName: '.\\svc' },
    refusal: WINDOWS_ONLY,
  },
  'windows.onFailure': {
    doc: 'Recovery action on failure: restart, reboot or noaction (default: from restart).',
    schema: { enum: ON_FAILURE },
    cli: { flag: 'on-failure', arg: 'ACTION', help: 'Windows: restart | reboot | noaction when it fails', to: as.text },
    check: (f: string, x: unknown) => checkOneOf(f, x, ON_FAILURE),
    sample: 'reboot',
    refusal: WINDOWS_ONLY,
  },
  'windows.onFailureDelaySec': {
    doc: 'Delay before the recovery action (default: restartSec).',
    schema: { oneOf: [{ type: 'number', minimum: 0 }, { type: 'string' }] },
    cli: { flag: 'on-failure-delay', arg: 'SEC', help: 'Windows: delay before the recovery action', to: as.duration },
    check: (f: string, x: unknown) => checkDuration(f, x, 0, DAY_SEC),
    sample: 9,
    refusal: WINDOWS_ONLY,
  },
  'windows.onFailureResetPeriodSec': {
    doc: 'Seconds without failure after which the failure count resets; default a day.',
    schema: { type: 'integer', minimum: 0 },
    cli: { flag: 'on-failure-reset', arg: 'SEC', help: 'Windows: seconds after which the failure count resets', to: as.number },
    check: (f: string, x: unknown) => checkNumber(f, x, 0, 2 ** 31, true),
    default: DAY_SEC,
    sample: 60,
    refusal: WINDOWS_ONLY,
  },
  'windows.interactive': {
    doc: 'May interact with the desktop (LocalSystem only).',
    schema: { type: 'boolean' },
    cli: { flag: 'interactive', help: 'Windows: the service may interact with the desktop (LocalSystem only)', to: as.on },
    check: checkBool,
    sample: true,
    refusal: WINDOWS_ONLY,
  },
} as const satisfies Record<string, OptionDecl>;

/** What the group's options say together; the password is kept out of JSON and logs. */
export function checkWindowsGroup(o: ResolvedWindowsOptions): ResolvedWindowsOptions {
  if (o.delayedAutoStart && o.startType !== 'automatic') {
    throw new InvalidConfigError('windows.delayedAutoStart', 'only applies to startType "automatic"');
  }
  if (o.password !== undefined) {
    // Not enumerable: JSON.stringify / console.log of a resolved config never show it.
    Object.defineProperty(o, 'password', { value: o.password, enumerable: false });
  }
  return o;
}
