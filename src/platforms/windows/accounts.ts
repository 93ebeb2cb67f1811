/**
 * The accounts a Windows service runs as (pure): LocalSystem (no userName), the built-in
 * `NT AUTHORITY\LocalService` and `NT AUTHORITY\NetworkService`, the service's virtual account
 * `NT SERVICE\NAME` (none of these has a password: the SCM refuses one), and an ordinary account
 * (`.\user`, `DOMAIN\user`, `user@domain`) with its password, which needs the "Log on as a
 * service" right (logon-right.ts grants it where it is missing — error 1069 otherwise).
 */
import { createHash } from 'node:crypto';
import { InvalidConfigError } from '../../errors.js';

export type AccountKind = 'local-system' | 'built-in' | 'virtual' | 'user';

/** The accounts the SCM logs on itself, by their names in lower case, as SDDL names them (SY: LocalSystem; LS, NS: the built-in ones). */
export const SERVICE_ACCOUNTS: Readonly<Record<string, 'SY' | 'LS' | 'NS'>> = {
  localsystem: 'SY',
  '.\\localsystem': 'SY',
  'nt authority\\system': 'SY',
  'nt authority\\localservice': 'LS',
  'nt authority\\local service': 'LS',
  'nt authority\\networkservice': 'NS',
  'nt authority\\network service': 'NS',
};
const VIRTUAL_DOMAIN = 'nt service\\';
/** A service SID: S-1-5-80 (SECURITY_SERVICE_ID_BASE_RID's authority), then the name's SHA-1 as five 32-bit parts. */
const SERVICE_SID_PREFIX = 'S-1-5-80';
const SID_PARTS = 5;
const PART_BYTES = 4;

export function accountKind(userName: string | undefined): AccountKind {
  if (userName === undefined) return 'local-system';
  const n = userName.toLowerCase();
  const known = SERVICE_ACCOUNTS[n];
  if (known !== undefined) return known === 'SY' ? 'local-system' : 'built-in';
  if (n.startsWith(VIRTUAL_DOMAIN)) return 'virtual';
  return 'user';
}

/**
 * The SID of a service (that of its virtual account, NT SERVICE\NAME), as Windows derives it: the
 * SHA-1 of the service name in upper case, UTF-16LE, read as five little-endian 32-bit numbers.
 */
export function serviceSid(name: string): string {
  const hash = createHash('sha1').update(Buffer.from(name.toUpperCase(), 'utf16le')).digest();
  const parts = Array.from({ length: SID_PARTS }, (_, i) => hash.readUInt32LE(i * PART_BYTES));
  return [SERVICE_SID_PREFIX, ...parts].join('-');
}

/** The virtual account's service name (NT SERVICE\web → web); undefined for other accounts. */
export function virtualService(userName: string): string | undefined {
  return accountKind(userName) === 'virtual' ? userName.slice(VIRTUAL_DOMAIN.length) : undefined;
}

/** What the SCM would refuse, refused before anything is written: a password for an account that has none, another service's virtual account. */
export function checkAccount(name: string, userName: string | undefined, hasPassword: boolean): AccountKind {
  const kind = accountKind(userName);
  if (hasPassword && kind !== 'user') throw new InvalidConfigError('windows.password', `${userName ?? 'LocalSystem'} has no password (the Service Control Manager logs it on itself): leave it out`);
  const own = userName === undefined ? undefined : virtualService(userName);
  if (own !== undefined && own.toLowerCase() !== name.toLowerCase()) {
    throw new InvalidConfigError('userName', `${userName} is the virtual account of the service ${own}; this service's own is NT SERVICE\\${name}`);
  }
  return kind;
}
