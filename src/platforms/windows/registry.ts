/**
 * The write side of the Windows API that only install and uninstall use (loaded with the manager,
 * not at import): creating, filling and deleting registry keys, and the argument encodings.
 */
import { ERROR } from './constants.js';
import { HKEY_LOCAL_MACHINE, KEY_ALL_ACCESS, Win32Error, lastError, regCheck, regHandle, regOpenKey, using, win32 } from './win32.js';

/** Throw Win32Error unless `ok`; returns `ok` (a handle) otherwise. */
export function check<T>(what: string, ok: T): NonNullable<T> {
  if (!ok) throw new Win32Error(what, lastError());
  return ok as NonNullable<T>;
}

/** UTF-16LE, NUL-terminated. */
export function wide(s: string): Buffer {
  return Buffer.from(`${s}\0`, 'utf16le');
}

/** A double-NUL-terminated list of NUL-terminated UTF-16LE strings (REG_MULTI_SZ, dependencies). */
export function multiSz(items: readonly string[]): Buffer {
  return Buffer.from(items.map((s) => `${s}\0`).join('') + '\0', 'utf16le');
}


/** Create (or open) HKLM\sub. */
function regCreateKey(sub: string): number {
  const w = win32();
  const out = [0];
  regCheck(`RegCreateKeyExW(${sub})`, w.RegCreateKeyExW(HKEY_LOCAL_MACHINE, sub, 0, null, 0, KEY_ALL_ACCESS, null, out, [0]) as number);
  return Number(out[0]);
}


export function regSet(key: number, name: string, type: number, data: Buffer): void {
  regCheck(`RegSetValueExW(${name})`, win32().RegSetValueExW(key, name, 0, type, data, data.length) as number);
}

export function regDword(v: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(v >>> 0);
  return b;
}


/** Delete HKLM\sub with everything under it; a missing key is fine. */
export function regDeleteTree(sub: string): void {
  const w = win32();
  // RegDeleteTreeW empties the key; RegDeleteKeyW then removes the (empty) key itself.
  for (const [what, st] of [
    ['RegDeleteTreeW', w.RegDeleteTreeW(HKEY_LOCAL_MACHINE, sub) as number],
    ['RegDeleteKeyW', w.RegDeleteKeyW(HKEY_LOCAL_MACHINE, sub) as number],
  ] as const) {
    if (st !== 0 && st !== ERROR.FILE_NOT_FOUND) regCheck(`${what}(${sub})`, st);
  }
}


/** HKLM\sub, created if missing, for fn. */
export function withCreatedKey<T>(sub: string, fn: (key: number) => T): T {
  return using(regHandle(regCreateKey(sub)), (k) => fn(k.raw as number));
}


/** Does HKLM\sub exist? */
export function regKeyExists(sub: string): boolean {
  const key = regOpenKey(sub);
  if (key === undefined) return false;
  regHandle(key).close();
  return true;
}

