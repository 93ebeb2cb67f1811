/**
 * A journal entry as `servicekit logs` prints it, whichever way it was read (sd-journal, or
 * `journalctl -o json --all` where libsystemd cannot be used): the same function formats both, so
 * both paths print the same lines. Pure.
 *
 *   2026-11-26T20:31:05+00:00 host ident[1234]: message
 *
 * (journalctl's short-iso layout; continuation lines of a multi-line message are indented to the
 * message column, as journalctl does.)
 */

export interface JournalEntry {
  /** Microseconds since the epoch (__REALTIME_TIMESTAMP). */
  realtimeUsec: bigint;
  hostname?: string;
  /** SYSLOG_IDENTIFIER, else _COMM. */
  identifier?: string;
  /** _PID, else SYSLOG_PID. */
  pid?: string;
  message: string;
}

/** The fields an entry is made of; read from the journal by these names. */
export const ENTRY_FIELDS = ['_HOSTNAME', 'SYSLOG_IDENTIFIER', '_COMM', '_PID', 'SYSLOG_PID', 'MESSAGE'] as const;
export type EntryField = (typeof ENTRY_FIELDS)[number];

/** An entry from its fields (undefined: absent). */
export function entryFrom(realtimeUsec: bigint, f: Partial<Record<EntryField, string>>): JournalEntry {
  const identifier = f.SYSLOG_IDENTIFIER ?? f._COMM;
  const pid = f._PID ?? f.SYSLOG_PID;
  return {
    realtimeUsec,
    ...(f._HOSTNAME === undefined ? {} : { hostname: f._HOSTNAME }),
    ...(identifier === undefined ? {} : { identifier }),
    ...(pid === undefined ? {} : { pid }),
    message: f.MESSAGE ?? '',
  };
}

/** A field of `journalctl -o json`: a string, an array of bytes (not valid UTF-8), or null. */
function jsonField(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (Array.isArray(v) && v.every((b) => typeof b === 'number')) return Buffer.from(v as number[]).toString('utf8');
  return undefined;
}

/** An entry from a line of `journalctl -o json --all`. */
export function entryFromJson(line: string): JournalEntry | undefined {
  let o: Record<string, unknown>;
  try {
    o = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const ts = o['__REALTIME_TIMESTAMP'];
  if (typeof ts !== 'string' || !/^\d+$/.test(ts)) return undefined;
  const f: Partial<Record<EntryField, string>> = {};
  for (const k of ENTRY_FIELDS) {
    const v = jsonField(o[k]);
    if (v !== undefined) f[k] = v;
  }
  return entryFrom(BigInt(ts), f);
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const MICROS_PER_MS = 1000n;

/** Local time as journalctl's short-iso writes it: 2026-11-26T20:31:05+00:00. */
export function isoLocal(usec: bigint): string {
  const d = new Date(Number(usec / MICROS_PER_MS));
  const off = -d.getTimezoneOffset();
  const sign = off < 0 ? '-' : '+';
  const date = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  return `${date}${sign}${pad(Math.floor(Math.abs(off) / 60))}:${pad(Math.abs(off) % 60)}`;
}

/** The printed line(s) of an entry. */
export function formatEntry(e: JournalEntry): string {
  const who = e.identifier === undefined ? '' : ` ${e.identifier}${e.pid === undefined ? '' : `[${e.pid}]`}`;
  const prefix = `${isoLocal(e.realtimeUsec)}${e.hostname === undefined ? '' : ` ${e.hostname}`}${who}: `;
  const [first = '', ...rest] = e.message.replace(/\n$/, '').split('\n');
  return [prefix + first, ...rest.map((l) => ' '.repeat(prefix.length) + l)].join('\n');
}
