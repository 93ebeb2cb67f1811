/**
 * Credentials for a manager with no start hook that runs as root before the program (launchd,
 * SMF): at install and update, root copies each source (checked as environment files are: no other
 * account can change it) into a directory of the service's own under servicekit's state directory
 * (root-owned parents), made afresh: root's and 0700 while it is filled, each file 0400, then the
 * directory handed to the service's account. The program finds it in $CREDENTIALS_DIRECTORY, as
 * under systemd. A secret changed at its source reaches the service at the next update, which sees
 * the difference and restarts it (as on Windows).
 */
import path from 'node:path';
import { PermissionError } from '../../errors.js';
import type { Host } from '../../sys/host.js';

/** Where the program finds its credentials, as under systemd. */
export const CREDENTIALS_VAR = 'CREDENTIALS_DIRECTORY';

const DIRECTORY_MODE = 0o700;
const PARENT_MODE = 0o755;
const FILE_MODE = 0o400;

export interface CredentialCopies {
  directory: string;
  /** NAME → source file. */
  files: Readonly<Record<string, string>>;
  owner: { uid: number; gid: number };
}

/** The directory's files now (NAME → bytes); none when it is not there. A link or a file in its place is refused. */
export async function readCopies(host: Host, directory: string): Promise<Map<string, Uint8Array>> {
  const st = await host.lstat(directory);
  if (st === undefined) return new Map();
  if (st.kind !== 'directory') throw new PermissionError(`${directory} is not a directory servicekit made (a ${st.kind}); remove it`);
  const names = (await host.readdir(directory)).sort();
  return new Map(await Promise.all(names.map(async (n) => [n, await host.readFileNoFollow(path.join(directory, n))] as const)));
}

/** Gone: each entry (a link is removed, never followed), then the directory. */
export async function removeCopies(host: Host, directory: string): Promise<void> {
  const st = await host.lstat(directory);
  if (st === undefined) return;
  if (st.kind !== 'directory') throw new PermissionError(`${directory} is not a directory servicekit made (a ${st.kind}); remove it`);
  for (const n of await host.readdir(directory)) await host.remove(path.join(directory, n));
  await host.removeDir(directory);
}

/** Made afresh from the sources (or from saved bytes: an undo). */
export async function writeCopies(host: Host, c: Omit<CredentialCopies, 'files'>, contents: ReadonlyMap<string, Uint8Array>): Promise<void> {
  await removeCopies(host, c.directory);
  await host.mkdirp(path.dirname(c.directory), PARENT_MODE);
  await host.mkdirp(c.directory, DIRECTORY_MODE);
  for (const [name, bytes] of contents) await host.writeFileAtomic(path.join(c.directory, name), bytes, { mode: FILE_MODE, uid: c.owner.uid, gid: c.owner.gid });
  // Handed over last: while root filled it, no other account could reach into it.
  await host.chown(c.directory, c.owner.uid, c.owner.gid);
}

export async function sourcesOf(host: Host, c: CredentialCopies): Promise<Map<string, Uint8Array>> {
  return new Map(await Promise.all(Object.entries(c.files).map(async ([n, f]) => [n, await host.readFileNoFollow(f)] as const)));
}

/** Do the copies differ from their sources (a secret changed, one added or gone)? */
export async function copiesStale(host: Host, c: CredentialCopies | undefined, directory: string): Promise<boolean> {
  const now = await readCopies(host, directory);
  const want = c === undefined ? new Map<string, Uint8Array>() : await sourcesOf(host, c);
  if ([...now.keys()].join('\n') !== [...want.keys()].sort().join('\n')) return true;
  return [...want].some(([n, bytes]) => !Buffer.from(bytes).equals(Buffer.from(now.get(n)!)));
}
