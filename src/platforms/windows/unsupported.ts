/** The options the Windows SCM cannot honour, and why: refused when set (see ../support.ts). */
import type { Unsupported } from '../platform.js';
import { NOT_SMF, otherTemplates, NOT_LAUNCHD } from '../support.js';

export const unsupported: Unsupported = {
  ...NOT_SMF,
  ...otherTemplates(),
  template: 'the Service Control Manager has no service file to template',
  ...NOT_LAUNCHD,
  'systemd.*': 'options of systemd',
  'userService=true': 'Windows services are machine-wide',
  chroot: 'Windows has no chroot',
  'limits.*': 'the Service Control Manager sets no resource limits (a job object would be needed)',
  groupName: 'a Windows service runs as an account, not a group',
  killSignal: 'Windows has no signals: the SCM sends SERVICE_CONTROL_STOP',
  environmentFile: "the values would be copied into the service's registry key, which every local user can read",
  'logOutput=true': 'Windows services log to the Event Log; output files are not supported',
  logDirectory: 'Windows services log to the Event Log',
  pidFile: 'the Service Control Manager tracks the process itself',
  reloadSignal: 'Windows has no signals to send on reload',
  successExitStatus: 'the Service Control Manager reports exit codes, it does not filter them',
  'restart=on-success': 'recovery actions run on failure only: use always, on-failure or no',
  'restart=on-abnormal': 'recovery actions run on failure only: use always, on-failure or no',
  'restart=on-abort': 'recovery actions run on failure only: use always, on-failure or no',
  'restart=on-watchdog': 'recovery actions run on failure only: use always, on-failure or no',
  unitDependencies: 'dependencies given as systemd unit lines ("After=…") are systemd\'s; give plain service names',
};
