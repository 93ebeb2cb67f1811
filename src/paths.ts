/** servicekit's own directories for system services: nothing else on the machine uses them. Pure. */

/** Runtime files (install lock, PID files), root-only; recreated at each start (/run is emptied at boot). */
export const SYSTEM_RUNTIME_DIR = '/run/servicekit';
/** Each system service's configuration as given (NAME.json, root-only), for `servicekit update NAME --option`. */
export const SYSTEM_STATE_DIR = '/var/lib/servicekit';
/** Default directory of log files (SysV, OpenRC, Upstart, launchd daemons, logOutput). */
export const SYSTEM_LOG_DIR = '/var/log/servicekit';
