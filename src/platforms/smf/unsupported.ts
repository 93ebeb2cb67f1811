/** The options SMF cannot honour, and why: refused when set (see ../support.ts). */
import type { Unsupported } from '../platform.js';
import { otherTemplates, NOT_LAUNCHD, NOT_WINDOWS } from '../support.js';

const RESTARTS = 'svc.startd restarts a child service whenever it exits (restart always)';

export const unsupported: Unsupported = {
  ...otherTemplates(),
  template: 'no template for SMF manifests (the Go library has none either)',
  ...NOT_LAUNCHD,
  ...NOT_WINDOWS,
  'userService=true': 'SMF has no per-user services',
  environmentFile: 'the values would be written into the repository, where every user reads them with svcprop',
  chroot: 'a method context has no root directory',
  restartSec: 'svc.startd restarts at once: it has no restart delay',
  'restart=no': RESTARTS,
  'restart=on-failure': RESTARTS,
  'restart=on-success': RESTARTS,
  'restart=on-abnormal': RESTARTS,
  'restart=on-abort': RESTARTS,
  'restart=on-watchdog': RESTARTS,
  successExitStatus: RESTARTS,
  pidFile: 'svc.startd tracks the process by its contract',
  'logOutput=true': 'svc.startd writes the output to /var/svc/log/PREFIX-NAME:default.log',
  logDirectory: 'svc.startd writes the output to /var/svc/log/PREFIX-NAME:default.log',
  'systemd.type': 'SMF has no readiness protocol: a child service is online once its program runs',
  'systemd.watchdogSec': 'SMF has no watchdog',
  'systemd.startLimitIntervalSec': 'svc.startd has its own restart rate limit (maintenance after repeated fast failures)',
  'systemd.startLimitBurst': 'svc.startd has its own restart rate limit (maintenance after repeated fast failures)',
  'systemd.limitNOFILE': 'not written into the manifest',
  'limits.*': 'SMF has no per-service resource limits (resource controls belong to projects and zones)',
  unitDependencies: 'dependencies given as systemd unit lines ("After=…") are systemd\'s; give plain service names',
};
