/** Windows API constants (winerror.h, winsvc.h, winnt.h), named once. Pure. */

export const ERROR = {
  ACCESS_DENIED: 5,
  FILE_NOT_FOUND: 2,
  BAD_EXE_FORMAT: 193,
  /** Wine's answer to a STOP while the service starts. */
  INVALID_SERVICE_CONTROL: 1052,
  SERVICE_REQUEST_TIMEOUT: 1053,
  SERVICE_DISABLED: 1058,
  SERVICE_LOGON_FAILED: 1069,
  SERVICE_ALREADY_RUNNING: 1056,
  SERVICE_DOES_NOT_EXIST: 1060,
  SERVICE_CANNOT_ACCEPT_CTRL: 1061,
  SERVICE_NOT_ACTIVE: 1062,
  SERVICE_SPECIFIC_ERROR: 1066,
  SERVICE_EXISTS: 1073,
  SERVICE_MARKED_FOR_DELETE: 1072,
  DUPLICATE_SERVICE_NAME: 1078,
  CALL_NOT_IMPLEMENTED: 120,
  INVALID_LEVEL: 124,
  MORE_DATA: 234,
  BROKEN_PIPE: 109,
  NO_DATA: 232,
  /** ERROR_PROCESS_ABORTED: what Windows' SCM records for a service process that ended without reporting STOPPED. */
  PROCESS_ABORTED: 1067,
  /** ERROR_INTERNAL_ERROR: the SCM could not create the service's process (seen under Wine with other processes starting beside it). */
  INTERNAL_ERROR: 1359,
} as const;

export const SC = {
  MANAGER_CONNECT: 0x1,
  MANAGER_ENUMERATE_SERVICE: 0x4,
  MANAGER_ALL_ACCESS: 0xf003f,
  SERVICE_ALL_ACCESS: 0xf01ff,
  SERVICE_QUERY_CONFIG: 0x1,
  SERVICE_CHANGE_CONFIG: 0x2,
  /** ChangeServiceConfigW: leave this value as it is. */
  SERVICE_NO_CHANGE: 0xffffffff,
  SERVICE_QUERY_STATUS: 0x4,
  SERVICE_START: 0x10,
  SERVICE_STOP: 0x20,
  SERVICE_WIN32_OWN_PROCESS: 0x10,
  /** Or'ed into the service type: may interact with the desktop (LocalSystem only). */
  SERVICE_INTERACTIVE_PROCESS: 0x100,
  SERVICE_ERROR_NORMAL: 1,
  /** Start types (CreateServiceW dwStartType, the service key's Start value). */
  AUTO_START: 2,
  DEMAND_START: 3,
  DISABLED: 4,
  /** EnumServicesStatusExW: running services only. */
  STATE_ACTIVE: 0x1,
  STATE_ALL: 0x3,
  /** QueryServiceStatusEx / EnumServicesStatusExW info level: SERVICE_STATUS_PROCESS. */
  STATUS_PROCESS_INFO: 0,
  // states
  STOPPED: 1,
  START_PENDING: 2,
  STOP_PENDING: 3,
  RUNNING: 4,
  CONTINUE_PENDING: 5,
  PAUSE_PENDING: 6,
  PAUSED: 7,
  // controls
  CONTROL_STOP: 1,
  CONTROL_INTERROGATE: 4,
  CONTROL_SHUTDOWN: 5,
  /** Sent before SHUTDOWN, with the time the service's PRESHUTDOWN_INFO asks for (Windows gives plain SHUTDOWN about 5 s). */
  CONTROL_PRESHUTDOWN: 0xf,
  ACCEPT_STOP: 0x1,
  ACCEPT_SHUTDOWN: 0x4,
  ACCEPT_PRESHUTDOWN: 0x100,
  // ChangeServiceConfig2W levels
  CONFIG_DESCRIPTION: 1,
  CONFIG_FAILURE_ACTIONS: 2,
  CONFIG_DELAYED_AUTO_START_INFO: 3,
  CONFIG_FAILURE_ACTIONS_FLAG: 4,
  CONFIG_SERVICE_SID_INFO: 5,
  CONFIG_REQUIRED_PRIVILEGES_INFO: 6,
  CONFIG_PRESHUTDOWN_INFO: 7,
} as const;

export const REG = { SZ: 1, EXPAND_SZ: 2, DWORD: 4, MULTI_SZ: 7 } as const;
/** Event types (ReportEventW; an event source's TypesSupported is their union). */
export const EVENTLOG = { ERROR: 0x1, WARNING: 0x2, INFORMATION: 0x4 } as const;
