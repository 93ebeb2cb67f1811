/**
 * Where a Windows service's settings live, shared by the renderer, the manager and the service
 * side (src/run/windows-env.ts, which runs at import: kept tiny and free of the renderer).
 */

/** The name of the environment variable that carries the working directory to run(). */
export const CWD_VAR = '__servicekit_cwd';

/** The registry key of a service (its ImagePath, Environment, …). */
export function serviceKey(name: string): string {
  return `SYSTEM\\CurrentControlSet\\Services\\${name}`;
}

/** The Event Log source of a service (Application log). */
export function eventSourceKey(name: string): string {
  return `SYSTEM\\CurrentControlSet\\Services\\EventLog\\Application\\${name}`;
}
