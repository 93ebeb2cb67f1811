/**
 * kernel32 for servicekit's host: a Job Object that ends every process in it once its last handle
 * closes (the host's, which it holds until it exits, however it exits), with the host in it so its
 * children are born in it; a console of the host's own, so that a Ctrl-C can be sent to the program
 * (a service has none, and console control events only reach processes that share one).
 */
import { lazyBindings } from './bindings.js';
import { Win32Error } from './win32.js';

const k32 = lazyBindings('kernel32.dll', {
  CreateJobObjectW: 'void * __stdcall CreateJobObjectW(void *sa, const char16_t *name)',
  SetInformationJobObject: 'bool __stdcall SetInformationJobObject(void *job, int cls, const uint8_t *info, uint32_t size)',
  AssignProcessToJobObject: 'bool __stdcall AssignProcessToJobObject(void *job, void *process)',
  GetCurrentProcess: 'void * __stdcall GetCurrentProcess()',
  AllocConsole: 'bool __stdcall AllocConsole()',
  GenerateConsoleCtrlEvent: 'bool __stdcall GenerateConsoleCtrlEvent(uint32_t event, uint32_t group)',
  GetLastError: 'uint32_t __stdcall GetLastError()',
});

/** JobObjectExtendedLimitInformation and its 64-bit layout: JOBOBJECT_EXTENDED_LIMIT_INFORMATION. */
const EXTENDED_LIMIT_INFORMATION = 9;
const EXTENDED_LIMIT_SIZE = 144;
const LIMIT_FLAGS_OFFSET = 16;
const JOB_MEMORY_LIMIT_OFFSET = 120;
const JOB_OBJECT_LIMIT_JOB_MEMORY = 0x200;
const JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE = 0x2000;
const CTRL_C_EVENT = 0;
/** Every process attached to the console. */
const ALL_ON_CONSOLE = 0;

/** The job's handle: held (never closed) for the host's life, so the job ends with the host. */
let job: unknown;

export interface JobLimits {
  /** Bytes of memory all the job's processes may commit together. */
  memoryMax?: number;
}

export function killTreeWithProcess(limits: JobLimits = {}): void {
  const k = k32();
  job = k.CreateJobObjectW(null, null);
  if (!job) throw new Win32Error('CreateJobObjectW', k.GetLastError() as number);
  const info = Buffer.alloc(EXTENDED_LIMIT_SIZE);
  let flags = JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE;
  if (limits.memoryMax !== undefined) {
    flags |= JOB_OBJECT_LIMIT_JOB_MEMORY;
    info.writeBigUInt64LE(BigInt(limits.memoryMax), JOB_MEMORY_LIMIT_OFFSET);
  }
  info.writeUInt32LE(flags, LIMIT_FLAGS_OFFSET);
  if (!k.SetInformationJobObject(job, EXTENDED_LIMIT_INFORMATION, info, EXTENDED_LIMIT_SIZE)) throw new Win32Error('SetInformationJobObject', k.GetLastError() as number);
  if (!k.AssignProcessToJobObject(job, k.GetCurrentProcess())) throw new Win32Error('AssignProcessToJobObject', k.GetLastError() as number);
}

/** A console for the host and the children it starts; the host itself ignores the Ctrl-C it sends them. */
export function consoleForChildren(): void {
  k32().AllocConsole(); // false when the process has one already: then that one is shared
  process.on('SIGINT', () => undefined);
}

/** Ctrl-C to every process on the host's console: the program (and its own children), as a terminal's Ctrl-C. */
export function ctrlC(): boolean {
  return k32().GenerateConsoleCtrlEvent(CTRL_C_EVENT, ALL_ON_CONSOLE) as boolean;
}
