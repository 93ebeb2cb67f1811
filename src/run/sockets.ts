/**
 * The program's listening sockets (`listen`), by address, ready for `server.listen(...)`, whatever
 * holds them: the manager where it holds them (its platform record's heldSockets: systemd's
 * LISTEN_FDS, launchd's launch_activate_socket), else the addresses for the program to bind itself.
 */
import { addressesFrom, bindTarget, checkListen, LISTEN_VAR, type SocketTarget } from '../listen.js';
import { candidates } from '../platforms.js';
import { realProbe } from '../platforms/probe.js';

let taken: Record<string, SocketTarget> | undefined;

/**
 * The service's listening sockets by address, each ready for `server.listen(...)`:
 *
 *   const { '8080': web } = sockets();        // the service was installed with --listen 8080
 *   http.createServer(handler).listen(web);
 *
 * Under systemd and launchd they are the manager's, open before the program started and kept open
 * while it restarts; elsewhere (and in a terminal) the addresses to bind. `addresses` are used where
 * the service was installed without `listen` (run in a terminal: `sockets(['8080'])`). The same
 * answer on every call (the manager's variables are consumed by the first).
 */
export function sockets(addresses?: readonly string[]): Record<string, SocketTarget> {
  if (taken) return taken;
  const given = addressesFrom(process.env[LISTEN_VAR]) ?? checkListen('addresses', addresses ?? []);
  for (const r of candidates(realProbe.platform)) {
    const held = r.heldSockets?.(given);
    if (held !== undefined) return (taken = held);
  }
  return (taken = Object.fromEntries(given.map((a) => [a, bindTarget(a)])));
}
