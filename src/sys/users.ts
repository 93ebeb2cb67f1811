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

/** uid/gid of an account, or InvalidConfigError when it does not exist. */
export async function lookupUser(host: Host, name: string): Promise<{ uid: number; gid: number }> {
  const r = await host.exec('getent', ['passwd', name], { allowFail: true });
  const f = r.stdout.trim().split(':');
  if (r.code !== 0 || f.length < 4) throw new InvalidConfigError('userName', `account ${name} does not exist`);
  return { uid: Number(f[2]), gid: Number(f[3]) };
}
