/**
 * "Started" means up for this long after the start: a program that dies at once, or a second later
 * and is restarted, is a failed start (ERR_START_FAILED), not a service that "started". install
 * watches it where the manager runs the program; servicekit's Windows service side (the preload
 * and the host) waits it out before it reports RUNNING.
 */
export const SETTLE_MS = 1500;
