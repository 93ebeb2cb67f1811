/** Host checks shared by the managers' install preflight. */
import { constants as C, promises as fsp } from 'node:fs';
import { InvalidConfigError } from '../errors.js';
import type { Host } from './host.js';

export async function checkExecutable(host: Host, file: string): Promise<void> {
  if (!(await host.exists(file))) throw new InvalidConfigError('executable', `${file} does not exist`);
  try {
    const st = await fsp.stat(file);
    if (!st.isFile()) throw new InvalidConfigError('executable', `${file} is not a file`);
    await fsp.access(file, C.X_OK);
  } catch (e) {
    if (e instanceof InvalidConfigError) throw e;
    throw new InvalidConfigError('executable', `${file} is not executable`, { cause: e });
  }
}

/**
 * uid/gid of an account, or InvalidConfigError when it does not exist. `id NAME` answers the same
 * way on Linux (coreutils, BusyBox) and macOS (BSD id; macOS has no getent): "uid=501(alice)
 * gid=20(staff) groups=…", exit 1 for an unknown account. It asks the system's own user database
 * (NSS, Directory Services), not /etc/passwd.
 */
export async function lookupUser(host: Host, name: string): Promise<{ uid: number; gid: number }> {
  const r = await host.exec('id', [name], { allowFail: true });
  const m = /^uid=(\d+)\([^)]*\) gid=(\d+)\b/.exec(r.stdout.trim());
  if (r.code !== 0 || !m) throw new InvalidConfigError('userName', `account ${name} does not exist`);
  return { uid: Number(m[1]), gid: Number(m[2]) };
}
