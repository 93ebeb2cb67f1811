/**
 * Which services are servicekit's own. Every file servicekit installs carries a mark line naming
 * the service; a file counts as servicekit's when it is a regular file (not a link: an alias, or a
 * link to someone else's file), owned by the scope's owner (root, or the user for user services),
 * writable by nobody else, and marked with this service's name. Only such files are changed or
 * removed; control and read-only commands work on any service the manager knows.
 */
import { NotOwnedError } from '../errors.js';
import type { Host } from '../sys/host.js';

/** The mark's text; a format puts it in its own comment syntax (`# …`, `<!-- … -->`). */
export function markText(name: string): string {
  return `managed-by: servicekit (name=${name})`;
}

/** The mark as an XML comment (plists, SMF manifests), which cannot hold "--": a name's "--" is written "- -". */
export function xmlMark(name: string): string {
  return `<!-- ${markText(name).replace(/--/g, '- -')} -->`;
}

/** The mark a file of a service carries (what ownership is checked against): a part a manager is given. */
export type Marks = (name: string, file: string) => string;

/** Every file marked with a comment line (units, scripts, drop-ins, the stored configuration). */
export const LINE_MARKS: Marks = (name) => markText(name);

/** Files ending in `suffix` (plists, manifests) marked with an XML comment, the others with a line. */
export function xmlMarks(suffix: string): Marks {
  return (name, file) => (file.endsWith(suffix) ? xmlMark(name) : markText(name));
}

/** The mark as a shell/unit comment line. */
export function markLine(name: string): string {
  return `# ${markText(name)}`;
}

/** Throws NotOwnedError unless `file` is servicekit's own file of service `name` (see above). */
export async function assertOwned(host: Host, file: string, name: string, uid: number, mark = markText(name)): Promise<void> {
  const info = await host.lstat(file);
  if (info === undefined) return;
  if (info.kind === 'link') throw new NotOwnedError(name, file, 'is a link (an alias or someone else\'s file)');
  if (info.kind !== 'file') throw new NotOwnedError(name, file, 'is not a regular file');
  if (info.uid !== uid) throw new NotOwnedError(name, file, `is owned by uid ${info.uid}, not ${uid}`);
  if ((info.mode & 0o022) !== 0) throw new NotOwnedError(name, file, 'is writable by others');
  const content = await host.readFile(file);
  if (!content.includes(mark)) throw new NotOwnedError(name, file, `has no "${mark}" mark`);
}

/** The same test as a yes/no (for listing): names that are not valid service names are not ours. */
export async function isOwned(host: Host, file: string, name: string, uid: number, mark = markText(name)): Promise<boolean> {
  try {
    await assertOwned(host, file, name, uid, mark);
    return (await host.lstat(file)) !== undefined;
  } catch {
    return false;
  }
}
