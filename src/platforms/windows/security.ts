/**
 * Access control on the files servicekit makes for a Windows service: an explicit, protected DACL
 * (inherited entries dropped) written as SDDL — full control for SYSTEM and Administrators, modify
 * for the service's account when it is another one — so no other local account can write (or read)
 * what the service's output holds.
 */
import { lstatSync } from 'node:fs';
import { InvalidConfigError, PermissionError } from '../../errors.js';
import { loadKoffi } from '../../sys/koffi.js';
import { SERVICE_ACCOUNTS, serviceSid, virtualService } from './accounts.js';
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
  GetAce: Fn;
  GetAclInformation: Fn;
  OpenProcessToken: Fn;
  GetTokenInformation: Fn;
  GetCurrentProcess: Fn;
  CloseHandle: Fn;
  decodeString: (p: unknown) => string;
  decodePointer: (buf: Buffer) => unknown;
  decodeBytes: (p: unknown, n: number) => Buffer;
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
    GetNamedSecurityInfoW: adv.func('uint32_t __stdcall GetNamedSecurityInfoW(const char16_t *name, int type, uint32_t info, _Out_ void **owner, void *group, _Out_ void **dacl, void *sacl, _Out_ void **sd)'),
    GetAce: adv.func('bool __stdcall GetAce(void *acl, uint32_t index, _Out_ void **ace)'),
    GetAclInformation: adv.func('bool __stdcall GetAclInformation(void *acl, _Out_ uint8_t *info, uint32_t size, int cls)'),
    OpenProcessToken: adv.func('bool __stdcall OpenProcessToken(void *process, uint32_t access, _Out_ void **token)'),
    GetTokenInformation: adv.func('bool __stdcall GetTokenInformation(void *token, int cls, _Out_ uint8_t *info, uint32_t size, _Out_ uint32_t *needed)'),
    GetCurrentProcess: k32.func('void * __stdcall GetCurrentProcess()'),
    CloseHandle: k32.func('bool __stdcall CloseHandle(void *h)'),
    // A NUL-terminated UTF-16 string at p (not a pointer to one).
    decodeString: (p) => koffi.decode(p, 'char16_t', -1) as string,
    decodePointer: (buf) => koffi.decode(buf, 'void *'),
    decodeBytes: (p, n) => Buffer.from(koffi.decode(p, 'uint8_t', n) as number[]),
  };
  return api;
}

const SDDL_REVISION_1 = 1;
const DACL_SECURITY_INFORMATION = 0x4;
const PROTECTED_DACL_SECURITY_INFORMATION = 0x80000000;
const SID_BYTES = 68;
const DOMAIN_CHARS = 256;
/** File rights: full control; modify (read, write, execute, delete). */
const FULL = 'FA';
const MODIFY = '0x1301bf';

/** The account as SDDL names it in a DACL: a well-known alias, a virtual account's service SID, else its looked-up SID. */
export function sidOf(account: string): string {
  const known = SERVICE_ACCOUNTS[account.toLowerCase()];
  if (known) return known;
  // A virtual account's SID is its service's, derived from the name (it exists only once the service does).
  const service = virtualService(account);
  if (service !== undefined) return serviceSid(service);
  return sidString(accountSid(account));
}

/** An account's SID as the system looks it up (`.\\user`: this machine's). */
export function accountSid(account: string): Buffer {
  const a = acl();
  const sid = Buffer.alloc(SID_BYTES);
  const domain = Buffer.alloc(DOMAIN_CHARS * 2);
  if (!a.LookupAccountNameW(null, account.replace(/^\.\\/, ''), sid, [SID_BYTES], domain, [DOMAIN_CHARS], [0])) {
    throw new Win32Error(`LookupAccountNameW(${account})`, a.GetLastError() as number);
  }
  return sid;
}

/** SE_FILE_OBJECT, OWNER_SECURITY_INFORMATION, TOKEN_QUERY, TokenUser. */
const SE_FILE_OBJECT = 1;
const OWNER_SECURITY_INFORMATION = 0x1;
const EVERYONE = 'S-1-1-0';
/** AclSizeInformation: ACL_SIZE_INFORMATION { AceCount, AclBytesInUse, AclBytesFree }. */
const ACL_SIZE_INFORMATION = 2;
const ACL_SIZE_INFORMATION_BYTES = 12;
/** ACE_HEADER (type, flags, size) and the mask after it; the SID follows. */
const ACE_HEADER_BYTES = 8;
const ACCESS_ALLOWED_ACE_TYPE = 0;
const INHERIT_ONLY_ACE = 0x8;
/** FILE_WRITE_DATA, FILE_APPEND_DATA, FILE_WRITE_EA, FILE_WRITE_ATTRIBUTES, DELETE, WRITE_DAC, WRITE_OWNER, GENERIC_ALL, GENERIC_WRITE. */
const WRITE_RIGHTS = 0x2 | 0x4 | 0x10 | 0x100 | 0x10000 | 0x40000 | 0x80000 | 0x10000000 | 0x40000000;
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

/** The owner of `path` and the accounts its DACL lets write it (ACCESS_ALLOWED entries that apply to it). */
function accessOf(path: string): { owner: string; writers: string[] } {
  const a = acl();
  const owner: unknown[] = [null];
  const dacl: unknown[] = [null];
  const sd: unknown[] = [null];
  const err = a.GetNamedSecurityInfoW(path, SE_FILE_OBJECT, OWNER_SECURITY_INFORMATION | DACL_SECURITY_INFORMATION, owner, null, dacl, null, sd) as number;
  if (err !== 0) throw new Win32Error(`GetNamedSecurityInfoW(${path})`, err);
  try {
    const writers: string[] = [];
    // No DACL at all: everyone has every right.
    if (!dacl[0]) writers.push(EVERYONE);
    else {
      const size = Buffer.alloc(ACL_SIZE_INFORMATION_BYTES);
      if (!a.GetAclInformation(dacl[0], size, ACL_SIZE_INFORMATION_BYTES, ACL_SIZE_INFORMATION)) throw new Win32Error('GetAclInformation', a.GetLastError() as number);
      for (let i = 0; i < size.readUInt32LE(0); i++) {
        const ace: unknown[] = [null];
        if (!a.GetAce(dacl[0], i, ace)) throw new Win32Error('GetAce', a.GetLastError() as number);
        const head = a.decodeBytes(ace[0], ACE_HEADER_BYTES);
        const [type, flags, bytes] = [head.readUInt8(0), head.readUInt8(1), head.readUInt16LE(2)];
        if (type !== ACCESS_ALLOWED_ACE_TYPE || flags & INHERIT_ONLY_ACE || !(head.readUInt32LE(4) & WRITE_RIGHTS)) continue;
        writers.push(sidString(a.decodeBytes(ace[0], bytes).subarray(ACE_HEADER_BYTES)));
      }
    }
    return { owner: sidString(owner[0]), writers };
  } finally {
    a.LocalFree(sd[0]);
  }
}

function ownerOf(path: string): string {
  return accessOf(path).owner;
}

/**
 * A file root may read and act on (an environment file): a real file (no link), owned by SYSTEM,
 * Administrators, TrustedInstaller or the installing account, that no other account may write, in
 * directories no other account owns.
 */
export function checkTrustedFile(field: string, file: string): void {
  try {
    checkTrustedDirectory(file.slice(0, file.lastIndexOf('\\')));
  } catch (e) {
    throw new InvalidConfigError(field, (e as Error).message, { cause: e });
  }
  let isLink: boolean;
  try {
    isLink = lstatSync(file).isSymbolicLink();
  } catch (e) {
    throw new InvalidConfigError(field, `${file} does not exist`, { cause: e });
  }
  if (isLink) throw new InvalidConfigError(field, `${file} is a link: give the file itself`);
  const me = currentUser();
  const { owner, writers } = accessOf(file);
  const trusted = (sid: string) => TRUSTED_OWNERS.has(sid) || sid === me;
  if (!trusted(owner)) throw new InvalidConfigError(field, `${file} belongs to ${owner}, another account`);
  const others = writers.filter((sid) => !trusted(sid));
  if (others.length) throw new InvalidConfigError(field, `${file} can be written by ${others.join(', ')}: only SYSTEM, Administrators and the installing account may (icacls "${file}" /inheritance:r /grant:r Administrators:F SYSTEM:F)`);
}

let installingUser: string | undefined;

/** The installing account's SID (asked once: it does not change in a process). */
function currentUser(): string {
  installingUser ??= tokenUser();
  return installingUser;
}

function tokenUser(): string {
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
