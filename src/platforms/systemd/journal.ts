/**
 * Reading the journal with libsystemd's sd-journal (koffi): the matches journalctl would get, the
 * last N entries, and with follow the new ones as they are written (the journal's inotify fd polled
 * by the event loop). Where libsystemd cannot be loaded, `openJournal` returns undefined and the
 * manager runs `journalctl -o json --all` instead; both print through journal-format.ts.
 */
import { libsystemdBindings } from './libsystemd.js';
import { closeAtExit } from './bus.js';
import { ENTRY_FIELDS, entryFrom, type EntryField, type JournalEntry } from './journal-format.js';

type Fn = (...args: unknown[]) => unknown;
type Ptr = unknown;

interface Koffi {
  load(name: string): { func(sig: string): Fn };
  view(ptr: unknown, len: number): ArrayBuffer;
  decode(ptr: unknown, type: string, len: number): unknown;
  node: { poll(fd: number, opts: { readable: boolean }, cb: () => void): { close(): void } };
}

interface Lib {
  koffi: Koffi;
  open: Fn;
  close: Fn;
  addMatch: Fn;
  addDisjunction: Fn;
  seekTail: Fn;
  previous: Fn;
  previousSkip: Fn;
  next: Fn;
  getData: Fn;
  realtime: Fn;
  threshold: Fn;
  getFd: Fn;
  process: Fn;
}

/** sd_journal_open flags: this machine's journal only (as journalctl without --merge). */
const SD_JOURNAL_LOCAL_ONLY = 1;
/** sd_journal_process: nothing new. */
const SD_JOURNAL_NOP = 0;

/** libsystemd's sd-journal functions, or null when libsystemd cannot be loaded. */
const sdjournal = libsystemdBindings<Koffi, Lib>((koffi, sd) => ({
  koffi,
  open: sd.func('int sd_journal_open(_Out_ void **ret, int flags)'),
  close: sd.func('void sd_journal_close(void *j)'),
  addMatch: sd.func('int sd_journal_add_match(void *j, const uint8_t *data, size_t size)'),
  addDisjunction: sd.func('int sd_journal_add_disjunction(void *j)'),
  seekTail: sd.func('int sd_journal_seek_tail(void *j)'),
  previous: sd.func('int sd_journal_previous(void *j)'),
  previousSkip: sd.func('int sd_journal_previous_skip(void *j, uint64_t skip)'),
  next: sd.func('int sd_journal_next(void *j)'),
  getData: sd.func('int sd_journal_get_data(void *j, const char *field, _Out_ void **data, _Out_ size_t *length)'),
  realtime: sd.func('int sd_journal_get_realtime_usec(void *j, _Out_ uint64_t *ret)'),
  threshold: sd.func('int sd_journal_set_data_threshold(void *j, size_t sz)'),
  getFd: sd.func('int sd_journal_get_fd(void *j)'),
  process: sd.func('int sd_journal_process(void *j)'),
}));

export class Journal {
  private closed = false;

  private constructor(
    private readonly l: Lib,
    private readonly j: Ptr,
  ) {}

  /**
   * Open with journalctl's filter syntax: FIELD=value terms, "+" between alternatives (same-field
   * terms are alternatives, different fields all apply). Undefined when libsystemd cannot be used.
   */
  static open(filter: readonly string[]): Journal | undefined {
    const l = sdjournal();
    if (!l) return undefined;
    const out: Ptr[] = [null];
    if ((l.open(out, SD_JOURNAL_LOCAL_ONLY) as number) < 0) return undefined;
    const journal = new Journal(l, out[0]);
    // Whole fields, however long (journalctl's short output with --all does the same).
    l.threshold(out[0], 0);
    for (const term of filter) {
      const r = term === '+' ? (l.addDisjunction(out[0]) as number) : (l.addMatch(out[0], Buffer.from(term, 'utf8'), Buffer.byteLength(term)) as number);
      if (r < 0) {
        journal.close();
        return undefined;
      }
    }
    return journal;
  }

  private readonly data: Ptr[] = [null];
  private readonly len = [0];
  private readonly ts = [0n];

  /** A field's value ("FIELD=value" as stored, decoded as UTF-8), or undefined. */
  private field(name: EntryField): string | undefined {
    if ((this.l.getData(this.j, name, this.data, this.len) as number) < 0) return undefined;
    const len = Number(this.len[0]);
    // koffi's string decoding is the fast way; it stops at a NUL, so such (binary) values go through a Buffer.
    const s = this.l.koffi.decode(this.data[0], 'char', len) as string;
    if (Buffer.byteLength(s) === len) return s.slice(name.length + 1);
    return Buffer.from(this.l.koffi.view(this.data[0], len)).toString('utf8', name.length + 1);
  }

  /** The entry at the read position: its fallbacks (_COMM, SYSLOG_PID) looked up only when needed. */
  private entry(): JournalEntry | undefined {
    if ((this.l.realtime(this.j, this.ts) as number) < 0) return undefined;
    const f: Partial<Record<EntryField, string>> = {};
    for (const k of ENTRY_FIELDS) {
      if ((k === '_COMM' && f.SYSLOG_IDENTIFIER !== undefined) || (k === 'SYSLOG_PID' && f._PID !== undefined)) continue;
      const v = this.field(k);
      if (v !== undefined) f[k] = v;
    }
    return entryFrom(BigInt(this.ts[0]!), f);
  }

  /** The entries after the read position, oldest first. */
  private drain(): JournalEntry[] {
    const out: JournalEntry[] = [];
    while ((this.l.next(this.j) as number) > 0) {
      const e = this.entry();
      if (e) out.push(e);
    }
    return out;
  }

  /** The last `n` entries, oldest first (journalctl -n N). */
  tail(n: number): JournalEntry[] {
    this.l.seekTail(this.j);
    if (n <= 0) {
      // On the last entry, so that follow's next() reads only newer ones: right after seek_tail,
      // next() may return the last entry itself (seen with a user's journal under systemd 252).
      this.l.previous(this.j);
      return [];
    }
    // previous_skip leaves the position on the n-th last entry (or the first, when there are fewer).
    if ((this.l.previousSkip(this.j, n) as number) <= 0) return [];
    const first = this.entry();
    return [...(first ? [first] : []), ...this.drain()];
  }

  /** After tail(): new entries as they arrive, until the iteration stops or `signal` aborts. */
  async *follow(signal?: AbortSignal): AsyncIterable<JournalEntry> {
    const fd = this.l.getFd(this.j) as number;
    if (fd < 0 || signal?.aborted) return;
    let wake: (() => void) | undefined;
    const poller = this.l.koffi.node.poll(fd, { readable: true }, () => wake?.());
    const forget = closeAtExit(poller);
    const abort = () => wake?.();
    signal?.addEventListener('abort', abort, { once: true });
    try {
      // Checked before each wait too: an abort while the consumer held an entry woke nothing.
      while (!signal?.aborted) {
        await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
        if (signal?.aborted || (this.l.process(this.j) as number) === SD_JOURNAL_NOP) continue;
        yield* this.drain();
      }
    } finally {
      signal?.removeEventListener('abort', abort);
      forget();
      poller.close();
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.l.close(this.j);
  }
}
