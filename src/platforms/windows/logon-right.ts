/**
 * The "Log on as a service" right (SeServiceLogonRight) of an ordinary account a service runs as:
 * without it the SCM cannot start the service (error 1069, the most common failure users report).
 * Granted through the LSA (advapi32, loaded on first use) where the account lacks it, and taken
 * back only by the undo of the install that granted it: once kept, other services of that account
 * may rely on it, so uninstall leaves it.
 */
import { PermissionError } from '../../errors.js';
import { loadKoffi } from '../../sys/koffi.js';
import { accountSid } from './security.js';
import { ERROR } from './constants.js';
import { Win32Error } from './win32.js';

export const LOGON_RIGHT = 'SeServiceLogonRight';

interface Koffi {
  load(n: string): { func(s: string): Fn };
  struct(name: string, def: Record<string, string>): unknown;
  decode(p: unknown, t: unknown, len?: number): unknown;
}
type Fn = (...args: unknown[]) => unknown;

type LsaName = 'LsaOpenPolicy' | 'LsaEnumerateAccountRights' | 'LsaAddAccountRights' | 'LsaRemoveAccountRights' | 'LsaFreeMemory' | 'LsaClose' | 'LsaNtStatusToWinError';
type Lsa = Record<LsaName, Fn> & { decodeRights(p: unknown, n: number): string[] };

let bound: Lsa | undefined;
/** advapi32's LSA calls, bound on first use; LSA_UNICODE_STRING as koffi's struct (its Buffer a UTF-16 string). */
function lsa(): Lsa {
  if (bound) return bound;
  const koffi = loadKoffi<Koffi>();
  // Buffer as a pointer: an LSA string ends at its Length, not at a NUL (read below with that length).
  const out = koffi.struct('SkLsaUnicodeStringOut', { Length: 'uint16_t', MaximumLength: 'uint16_t', Buffer: 'void *' });
  koffi.struct('SkLsaUnicodeString', { Length: 'uint16_t', MaximumLength: 'uint16_t', Buffer: 'const char16_t *' });
  const adv = koffi.load('advapi32.dll');
  bound = {
    LsaOpenPolicy: adv.func('uint32_t __stdcall LsaOpenPolicy(void *system, uint8_t *attributes, uint32_t access, _Out_ void **policy)'),
    LsaEnumerateAccountRights: adv.func('uint32_t __stdcall LsaEnumerateAccountRights(void *policy, uint8_t *sid, _Out_ void **rights, _Out_ uint32_t *count)'),
    LsaAddAccountRights: adv.func('uint32_t __stdcall LsaAddAccountRights(void *policy, uint8_t *sid, SkLsaUnicodeString *rights, uint32_t count)'),
    LsaRemoveAccountRights: adv.func('uint32_t __stdcall LsaRemoveAccountRights(void *policy, uint8_t *sid, uint8_t all, SkLsaUnicodeString *rights, uint32_t count)'),
    LsaFreeMemory: adv.func('uint32_t __stdcall LsaFreeMemory(void *p)'),
    LsaClose: adv.func('uint32_t __stdcall LsaClose(void *policy)'),
    LsaNtStatusToWinError: adv.func('uint32_t __stdcall LsaNtStatusToWinError(uint32_t status)'),
    // The array LsaEnumerateAccountRights returns: n structs, each string Length bytes long.
    decodeRights: (p, n) =>
      (koffi.decode(p, out, n) as { Length: number; Buffer: unknown }[]).map((r) => (r.Buffer === null || r.Length === 0 ? '' : (koffi.decode(r.Buffer, 'char16_t', r.Length / 2) as string))),
  };
  return bound;
}

/** LSA_OBJECT_ATTRIBUTES (64-bit: 48 bytes), all zero as LsaOpenPolicy wants it. */
const OBJECT_ATTRIBUTES_BYTES = 48;
const POLICY_VIEW_LOCAL_INFORMATION = 0x1;
const POLICY_CREATE_ACCOUNT = 0x10;
const POLICY_LOOKUP_NAMES = 0x800;
const STATUS_SUCCESS = 0;
/** What LsaEnumerateAccountRights answers for an account with no rights at all. */
const STATUS_OBJECT_NAME_NOT_FOUND = 0xc0000034;

function check(status: number, what: string): void {
  if (status === STATUS_SUCCESS) return;
  const code = lsa().LsaNtStatusToWinError(status) as number;
  if (code === ERROR.ACCESS_DENIED) throw new PermissionError(`${what} was refused: granting "Log on as a service" needs an administrator`);
  throw new Win32Error(what, code);
}

const RIGHT = { Length: LOGON_RIGHT.length * 2, MaximumLength: LOGON_RIGHT.length * 2 + 2, Buffer: LOGON_RIGHT };

function withPolicy<T>(fn: (policy: unknown) => T): T {
  const a = lsa();
  const policy: unknown[] = [null];
  check(a.LsaOpenPolicy(null, Buffer.alloc(OBJECT_ATTRIBUTES_BYTES), POLICY_LOOKUP_NAMES | POLICY_CREATE_ACCOUNT | POLICY_VIEW_LOCAL_INFORMATION, policy) as number, 'LsaOpenPolicy');
  try {
    return fn(policy[0]);
  } finally {
    a.LsaClose(policy[0]);
  }
}

/** The account's rights (none: an account the LSA holds nothing for). */
export function accountRights(account: string): string[] {
  const a = lsa();
  const sid = accountSid(account);
  return withPolicy((policy) => {
    const rights: unknown[] = [null];
    const count = [0];
    const status = a.LsaEnumerateAccountRights(policy, sid, rights, count) as number;
    if (status === STATUS_OBJECT_NAME_NOT_FOUND) return [];
    check(status, `LsaEnumerateAccountRights(${account})`);
    try {
      return a.decodeRights(rights[0], count[0]!);
    } finally {
      a.LsaFreeMemory(rights[0]);
    }
  });
}

/** Grant the right where the account lacks it; true when this call granted it (so its undo may take it back). */
export function grantLogonRight(account: string): boolean {
  if (accountRights(account).includes(LOGON_RIGHT)) return false;
  const sid = accountSid(account);
  withPolicy((policy) => check(lsa().LsaAddAccountRights(policy, sid, [RIGHT], 1) as number, `LsaAddAccountRights(${account}, ${LOGON_RIGHT})`));
  return true;
}

/** Take back the right this install granted (its undo). */
export function revokeLogonRight(account: string): void {
  const sid = accountSid(account);
  withPolicy((policy) => check(lsa().LsaRemoveAccountRights(policy, sid, 0, [RIGHT], 1) as number, `LsaRemoveAccountRights(${account}, ${LOGON_RIGHT})`));
}
