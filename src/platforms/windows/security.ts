/**
 * Access control on the files servicekit makes for a Windows service: an explicit, protected DACL
 * (inherited entries dropped) written as SDDL — full control for SYSTEM and Administrators, modify
 * for the service's account when it is another one — so no other local account can write (or read)
 * what the service's output holds.
 */
import { lstatSync } from 'node:fs';
import { PermissionError } from '../../errors.js';
import { loadKoffi } from '../../sys/koffi.js';
import { Win32Error } from './win32.js';

type Fn = (...args: unknown[]) => unknown;
interface Api {
  ConvertStringSecurityDescriptorToSecurityDescriptorW: Fn;
  SetFileSecurityW: Fn;
  LookupAccountNameW: Fn;
  ConvertSidToStringSidW: Fn;
  LocalFree: Fn;
  GetLastError: Fn;
  GetNamedSecurityInfoW: Fn;
  OpenProcessToken: Fn;
  GetTokenInformation: Fn;
  GetCurrentProcess: Fn;
  CloseHandle: Fn;
  decodeString: (p: unknown) => string;
  decodePointer: (buf: Buffer) => unknown;
}

let api: Api | undefined;
function acl(): Api {
  if (api) return api;
  const koffi = loadKoffi<{
    load(n: string): { func(s: string): Fn };
    decode(p: unknown, t: string, len?: number): unknown;
  }>();
  const adv = koffi.load('advapi32.dll');
  const k32 = koffi.load('kernel32.dll');
  api = {
    ConvertStringSecurityDescriptorToSecurityDescriptorW: adv.func('bool __stdcall ConvertStringSecurityDescriptorToSecurityDescriptorW(const char16_t *sddl, uint32_t rev, _Out_ void **sd, void *size)'),
    SetFileSecurityW: adv.func('bool __stdcall SetFileSecurityW(const char16_t *file, uint32_t info, void *sd)'),
    LookupAccountNameW: adv.func('bool __stdcall LookupAccountNameW(const char16_t *sys, const char16_t *name, _Out_ uint8_t *sid, _Inout_ uint32_t *sidSize, _Out_ uint16_t *domain, _Inout_ uint32_t *domainSize, _Out_ uint32_t *use)'),
    ConvertSidToStringSidW: adv.func('bool __stdcall ConvertSidToStringSidW(void *sid, _Out_ void **str)'),
    LocalFree: k32.func('void * __stdcall LocalFree(void *p)'),
    GetLastError: k32.func('uint32_t __stdcall GetLastError()'),
    GetNamedSecurityInfoW: adv.func('uint32_t __stdcall GetNamedSecurityInfoW(const char16_t *name, int type, uint32_t info, _Out_ void **owner, void *group, void *dacl, void *sacl, _Out_ void **sd)'),
    OpenProcessToken: adv.func('bool __stdcall OpenProcessToken(void *process, uint32_t access, _Out_ void **token)'),
    GetTokenInformation: adv.func('bool __stdcall GetTokenInformation(void *token, int cls, _Out_ uint8_t *info, uint32_t size, _Out_ uint32_t *needed)'),
    GetCurrentProcess: k32.func('void * __stdcall GetCurrentProcess()'),
    CloseHandle: k32.func('bool __stdcall CloseHandle(void *h)'),
    // A NUL-terminated UTF-16 string at p (not a pointer to one).
    decodeString: (p) => koffi.decode(p, 'char16_t', -1) as string,
    decodePointer: (buf) => koffi.decode(buf, 'void *'),
  };
  return api;
}

const SDDL_REVISION_1 = 1;
const DACL_SECURITY_INFORMATION = 0x4;
const PROTECTED_DACL_SECURITY_INFORMATION = 0x80000000;
const SID_BYTES = 68;
const DOMAIN_CHARS = 256;
/** SDDL's names for the well-known service accounts. */
const WELL_KNOWN: Readonly<Record<string, string>> = {
  localsystem: 'SY',
  'nt authority\\system': 'SY',
  'nt authority\\localservice': 'LS',
  'nt authority\\local service': 'LS',
  'nt authority\\networkservice': 'NS',
  'nt authority\\network service': 'NS',
};
/** File rights: full control; modify (read, write, execute, delete). */
const FULL = 'FA';
const MODIFY = '0x1301bf';

function sidOf(account: string): string {
  const known = WELL_KNOWN[account.toLowerCase()];
  if (known) return known;
  const a = acl();
  const sid = Buffer.alloc(SID_BYTES);
  const domain = Buffer.alloc(DOMAIN_CHARS * 2);
  if (!a.LookupAccountNameW(null, account.replace(/^\.\\/, ''), sid, [SID_BYTES], domain, [DOMAIN_CHARS], [0])) {
    throw new Win32Error(`LookupAccountNameW(${account})`, a.GetLastError() as number);
  }
  return sidString(sid);
}

/** SE_FILE_OBJECT, OWNER_SECURITY_INFORMATION, TOKEN_QUERY, TokenUser. */
const SE_FILE_OBJECT = 1;
const OWNER_SECURITY_INFORMATION = 0x1;
const TOKEN_QUERY = 0x8;
const TOKEN_USER = 1;
const TOKEN_USER_BYTES = 256;
/** The parts of a path's root: C: ; '', '', server, share. */
const DRIVE_ROOT_PARTS = 1;
const UNC_ROOT_PARTS = 4;
/** Owners another account cannot be: SYSTEM, Administrators, TrustedInstaller (and the installing account itself). */
const TRUSTED_OWNERS = new Set(['S-1-5-18', 'S-1-5-32-544', 'S-1-5-80-956008885-3418522649-1831038044-1853292631-2271478464']);

function sidString(sid: unknown): string {
  const a = acl();
  const out: unknown[] = [null];
  if (!a.ConvertSidToStringSidW(sid, out)) throw new Win32Error('ConvertSidToStringSidW', a.GetLastError() as number);
  try {
    return a.decodeString(out[0]);
  } finally {
    a.LocalFree(out[0]);
  }
}

function ownerOf(path: string): string {
  const a = acl();
  const owner: unknown[] = [null];
  const sd: unknown[] = [null];
  const err = a.GetNamedSecurityInfoW(path, SE_FILE_OBJECT, OWNER_SECURITY_INFORMATION, owner, null, null, null, sd) as number;
  if (err !== 0) throw new Win32Error(`GetNamedSecurityInfoW(${path})`, err);
  try {
    return sidString(owner[0]);
  } finally {
    a.LocalFree(sd[0]);
  }
}

function currentUser(): string {
  const a = acl();
  const token: unknown[] = [null];
  if (!a.OpenProcessToken(a.GetCurrentProcess(), TOKEN_QUERY, token)) throw new Win32Error('OpenProcessToken', a.GetLastError() as number);
  try {
    const info = Buffer.alloc(TOKEN_USER_BYTES);
    if (!a.GetTokenInformation(token[0], TOKEN_USER, info, TOKEN_USER_BYTES, [0])) throw new Win32Error('GetTokenInformation', a.GetLastError() as number);
    return sidString(a.decodePointer(info));
  } finally {
    a.CloseHandle(token[0]);
  }
}

/**
 * Before servicekit makes or uses `dir` (with its parents): every part that exists below the drive
 * root is a real directory (no junction or link another account could point elsewhere) owned by
 * SYSTEM, Administrators, TrustedInstaller or the installing account. Under %ProgramData% any user
 * may create a folder: one made there first by another account would let it choose what install
 * then writes through, or what it sets the access of.
 */
export function checkTrustedDirectory(dir: string): void {
  const parts = dir.replace(/\\+$/, '').split('\\');
  const me = currentUser();
  // Below the drive (C:) or the share (\\server\share).
  const first = dir.startsWith('\\\\') ? UNC_ROOT_PARTS + 1 : DRIVE_ROOT_PARTS + 1;
  for (let i = first; i <= parts.length; i++) {
    const p = parts.slice(0, i).join('\\');
    let isLink: boolean;
    try {
      isLink = lstatSync(p).isSymbolicLink();
    } catch {
      return; // it and what is below are made by install
    }
    if (isLink) throw new PermissionError(`${p} is a link or junction: servicekit will not write the service's logs through it`);
    const owner = ownerOf(p);
    if (!TRUSTED_OWNERS.has(owner) && owner !== me) throw new PermissionError(`${p} belongs to ${owner}, another account: it could change what is below it (remove it, or give logDirectory elsewhere)`);
  }
}

/** The SDDL of a directory only SYSTEM, Administrators and `account` may write (objects in it inherit it). */
export function directorySddl(accountSid: string | undefined): string {
  const extra = accountSid === undefined || accountSid === 'SY' ? '' : `(A;OICI;${MODIFY};;;${accountSid})`;
  return `D:P(A;OICI;${FULL};;;SY)(A;OICI;${FULL};;;BA)${extra}`;
}

export function applyDirectoryAcl(dir: string, account: string | undefined): void {
  const a = acl();
  const sd: unknown[] = [null];
  const sddl = directorySddl(account === undefined ? undefined : sidOf(account));
  if (!a.ConvertStringSecurityDescriptorToSecurityDescriptorW(sddl, SDDL_REVISION_1, sd, null)) {
    throw new Win32Error('ConvertStringSecurityDescriptorToSecurityDescriptorW', a.GetLastError() as number);
  }
  try {
    if (!a.SetFileSecurityW(dir, DACL_SECURITY_INFORMATION | PROTECTED_DACL_SECURITY_INFORMATION, sd[0])) {
      throw new Win32Error(`SetFileSecurityW(${dir})`, a.GetLastError() as number);
    }
  } finally {
    a.LocalFree(sd[0]);
  }
}
