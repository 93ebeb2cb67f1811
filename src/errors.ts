/**
 * Every error the library throws is a ServiceError with a stable `code`.
 * Callers branch on `code` (or `instanceof`), never on the English message.
 */
export type ErrorCode =
  | 'ERR_NAME_REQUIRED'
  | 'ERR_INVALID_CONFIG'
  | 'ERR_NO_SERVICE_SYSTEM'
  | 'ERR_UNSUPPORTED'
  | 'ERR_NOT_INSTALLED'
  | 'ERR_ALREADY_INSTALLED'
  | 'ERR_NOT_OWNED'
  | 'ERR_INTERRUPTED'
  | 'ERR_PERMISSION'
  | 'ERR_COMMAND_FAILED'
  | 'ERR_START_FAILED'
  | 'ERR_TIMEOUT'
  | 'ERR_PROGRAM'
  | 'ERR_INVALID_ARGUMENT'
  | 'ERR_SYSCALL';

export interface ServiceErrorOptions {
  cause?: unknown;
}

export class ServiceError extends Error {
  readonly code: ErrorCode;
  /** Set on an install error when undoing the partial install also failed: each step whose undo failed. */
  declare readonly rollbackFailures?: readonly RollbackFailure[];
  constructor(code: ErrorCode, message: string, options?: ServiceErrorOptions) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.name = new.target.name;
  }
}

/** Config.name is missing or empty. */
export class NameRequiredError extends ServiceError {
  constructor() {
    super('ERR_NAME_REQUIRED', 'config.name is required');
  }
}

/** A config value is malformed or cannot be represented by the chosen service manager. */
export class InvalidConfigError extends ServiceError {
  /** Dotted path of the offending field, e.g. `env.PATH` or `arguments[2]`. */
  readonly field: string;
  constructor(field: string, message: string, options?: ServiceErrorOptions) {
    super('ERR_INVALID_CONFIG', `invalid ${field}: ${message}`, options);
    this.field = field;
  }
}

/** No supported service manager was detected (or the forced one is not available here). */
export class NoServiceSystemError extends ServiceError {
  constructor(message = 'no service system detected', options?: ServiceErrorOptions) {
    super('ERR_NO_SERVICE_SYSTEM', message, options);
  }
}

/** The operation is not supported by this service manager. */
export class UnsupportedError extends ServiceError {
  constructor(message: string, options?: ServiceErrorOptions) {
    super('ERR_UNSUPPORTED', message, options);
  }
}

export class NotInstalledError extends ServiceError {
  readonly service: string;
  constructor(service: string, options?: ServiceErrorOptions) {
    super('ERR_NOT_INSTALLED', `service ${service} is not installed`, options);
    this.service = service;
  }
}

export class AlreadyInstalledError extends ServiceError {
  readonly service: string;
  constructor(service: string, where: string, options?: ServiceErrorOptions) {
    super('ERR_ALREADY_INSTALLED', `service ${service} is already installed (${where})`, options);
    this.service = service;
  }
}

/**
 * The service exists but servicekit did not install it (a hand-written or packaged unit, an alias,
 * a distribution's init script, a service created by other tools): servicekit changes and removes
 * only its own. `path` names what was found.
 */
export class NotOwnedError extends ServiceError {
  readonly service: string;
  readonly path: string;
  constructor(service: string, path: string, why: string, options?: ServiceErrorOptions) {
    super('ERR_NOT_OWNED', `service ${service} was not installed by servicekit: ${path} ${why}; servicekit changes and removes only its own services`, options);
    this.service = service;
    this.path = path;
  }
}

/** The operation needs privileges this process does not have (root / Administrator). */
export class PermissionError extends ServiceError {
  constructor(message: string, options?: ServiceErrorOptions) {
    super('ERR_PERMISSION', message, options);
  }
}

/** An external command (systemctl, …) failed. */
export class CommandFailedError extends ServiceError {
  readonly command: string;
  readonly args: readonly string[];
  readonly exitCode: number | null;
  readonly stderr: string;
  constructor(
    command: string,
    args: readonly string[],
    exitCode: number | null,
    stderr: string,
    options?: ServiceErrorOptions,
  ) {
    const detail = stderr.trim().split('\n').slice(-3).join(' | ');
    super(
      'ERR_COMMAND_FAILED',
      `${command} ${args.join(' ')} failed` +
        (exitCode === null ? '' : ` (exit ${exitCode})`) +
        (detail ? `: ${detail}` : ''),
      options,
    );
    this.command = command;
    this.args = args;
    this.exitCode = exitCode;
    this.stderr = stderr;
  }
}

/** The service did not reach the running state. `logTail` holds its last log lines when known. */
export class StartFailedError extends ServiceError {
  readonly service: string;
  readonly logTail: readonly string[];
  constructor(service: string, state: string, logTail: readonly string[], options?: ServiceErrorOptions) {
    super(
      'ERR_START_FAILED',
      `service ${service} did not start (state: ${state})` +
        (logTail.length ? `; last log lines:\n  ${logTail.join('\n  ')}` : ''),
      options,
    );
    this.service = service;
    this.logTail = logTail;
  }
}

export class TimeoutError extends ServiceError {
  constructor(message: string, options?: ServiceErrorOptions) {
    super('ERR_TIMEOUT', message, options);
  }
}

/** The user's program (start/stop callback) failed; `cause` is what it threw. */
export class ProgramError extends ServiceError {
  readonly phase: 'start' | 'stop' | 'shutdown' | 'reload';
  constructor(phase: 'start' | 'stop' | 'shutdown' | 'reload', cause: unknown) {
    super('ERR_PROGRAM', `program ${phase} failed: ${describe(cause)}`, { cause });
    this.phase = phase;
  }
}

/** An install was interrupted (its AbortSignal fired, e.g. on SIGINT): what it had done is undone. */
export class InterruptedError extends ServiceError {
  constructor(message = 'interrupted', options?: ServiceErrorOptions) {
    super('ERR_INTERRUPTED', message, options);
  }
}

export class InvalidArgumentError extends ServiceError {
  constructor(message: string, options?: ServiceErrorOptions) {
    super('ERR_INVALID_ARGUMENT', message, options);
  }
}

/** Attached to an install error when undoing the partial install also failed. */
export interface RollbackFailure {
  step: string;
  error: unknown;
}

function describe(e: unknown): string {
  if (e instanceof Error) return e.message;
  return String(e);
}

/** A C library call (through koffi) failed; `errno` is the C errno. */
export class SyscallError extends ServiceError {
  readonly syscall: string;
  readonly errno: number;
  constructor(syscall: string, errno: number, options?: ServiceErrorOptions) {
    super('ERR_SYSCALL', `${syscall} failed (errno ${errno})`, options);
    this.syscall = syscall;
    this.errno = errno;
  }
}
