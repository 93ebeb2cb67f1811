/**
 * What servicekit keeps in a service's registry key beside the SCM's own values: its mark, the
 * environment, the spec it last applied (JSON: what update compares against and restores on a
 * failure; never the password) and a salted scrypt digest of the password, if one was given (so a
 * new password is a change, and the old one is never stored).
 */
import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import { OWNER_VALUE, serviceKey } from './env.js';
import { multiSz, regSet, wide, withCreatedKey } from './registry.js';
import type { ScmSpec } from './render.js';
import { REG, regGetValue } from './win32.js';

/** The configuration as given (shared/state.ts's text), for `update NAME --option`. */
export const CONFIG_VALUE = 'ServicekitConfig';
/** The spec last applied, as JSON. */
export const SPEC_VALUE = 'ServicekitSpec';
/** "scrypt$SALT$HASH" (base64), or empty when no password was given. */
export const PASSWORD_VALUE = 'ServicekitPassword';
const SALT_BYTES = 16;
const HASH_BYTES = 32;

function readString(name: string, value: string): string | undefined {
  const v = regGetValue(serviceKey(name), value);
  return v === undefined ? undefined : v.data.toString('utf16le').replace(/\0+$/, '');
}

/** The spec servicekit last applied to the service, if it stored one. */
export function storedSpec(name: string): ScmSpec | undefined {
  const text = readString(name, SPEC_VALUE);
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as ScmSpec;
  } catch {
    return undefined;
  }
}

function digest(password: string): string {
  const salt = randomBytes(SALT_BYTES);
  return `scrypt$${salt.toString('base64')}$${scryptSync(password, salt, HASH_BYTES).toString('base64')}`;
}

/** Is `password` (when given) other than the one servicekit last set? */
export function passwordChanged(name: string, password: string | undefined): boolean {
  if (password === undefined) return false;
  const [kind, salt, hash] = (readString(name, PASSWORD_VALUE) ?? '').split('$');
  if (kind !== 'scrypt' || salt === undefined || hash === undefined) return true;
  const want = Buffer.from(hash, 'base64');
  return want.length !== HASH_BYTES || !timingSafeEqual(want, scryptSync(password, Buffer.from(salt, 'base64'), HASH_BYTES));
}

/** The stored configuration (see shared/state.ts), if any. */
export function storedConfigText(name: string): string | undefined {
  return readString(name, CONFIG_VALUE);
}

/** The key's values: the environment, the mark, the spec, the configuration, the password digest (kept when no password is given). */
export function writeServiceKey(name: string, spec: ScmSpec, configText: string, password: string | undefined): void {
  withCreatedKey(serviceKey(name), (key) => {
    regSet(key, 'Environment', REG.MULTI_SZ, multiSz(spec.environment));
    regSet(key, OWNER_VALUE, REG.SZ, wide(name));
    regSet(key, SPEC_VALUE, REG.SZ, wide(JSON.stringify(spec)));
    regSet(key, CONFIG_VALUE, REG.SZ, wide(configText));
    if (password !== undefined) regSet(key, PASSWORD_VALUE, REG.SZ, wide(digest(password)));
  });
}

/** Undo writeServiceKey: the old values, and the digest as it was (raw registry data, or none). */
export function restoreServiceKey(name: string, spec: ScmSpec, configText: string, previousDigest: Buffer | undefined): void {
  writeServiceKey(name, spec, configText, undefined);
  withCreatedKey(serviceKey(name), (key) => regSet(key, PASSWORD_VALUE, REG.SZ, previousDigest ?? wide('')));
}
