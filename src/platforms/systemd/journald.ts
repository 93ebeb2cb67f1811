/**
 * journald logger: `<N>`-prefixed lines on stderr when stderr is the journal stream, else the
 * journal's native protocol (datagrams to /run/systemd/journal/socket, sent via koffi -> libc; no
 * native compile), falling back to prefixed stderr lines when the socket cannot be used.
 */
import { existsSync } from 'node:fs';
import { loggerFrom, PRIORITY, type Level, type Logger } from '../../log/logger.js';
import { UnixDatagramSender } from '../../sys/libc.js';
import { realProbe, type Probe } from '../probe.js';

export const JOURNAL_SOCKET = '/run/systemd/journal/socket';

/** True when stderr is the journal stream systemd gave this process (JOURNAL_STREAM = its "dev:ino"). */
export function stderrIsJournal(probe: Pick<Probe, 'env' | 'stderrId'> = realProbe): boolean {
  const js = probe.env['JOURNAL_STREAM'];
  return js !== undefined && js !== '' && probe.stderrId() === js;
}

/** Serialise journal fields; values with a newline use the binary length-prefixed form. */
export function journalDatagram(fields: Record<string, string>): Buffer {
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) {
    const value = Buffer.from(v, 'utf8');
    if (v.includes('\n')) {
      const len = Buffer.alloc(8);
      len.writeBigUInt64LE(BigInt(value.length));
      parts.push(Buffer.from(`${k}\n`), len, value, Buffer.from('\n'));
    } else {
      parts.push(Buffer.from(`${k}=`), value, Buffer.from('\n'));
    }
  }
  return Buffer.concat(parts);
}

const PREFIX: Record<Level, string> = { error: `<${PRIORITY.error}>`, warning: `<${PRIORITY.warning}>`, info: `<${PRIORITY.info}>` };

/** `<N>` before every line (journald reads the priority per line), newline-terminated. */
export function stderrPrefixed(level: Level, message: string): string {
  const p = PREFIX[level];
  // The common single-line case without split/join: this is the logger's hot path.
  if (!message.includes('\n')) return `${p}${message}\n`;
  return `${p}${message.replaceAll('\n', `\n${p}`)}\n`;
}

/**
 * When stderr already is the journal (a service started by systemd), messages go there with their
 * `<N>` priority prefix — journald's documented stream format, as fast as console.log (the native
 * protocol costs one synchronous datagram per message, a third of that rate). Otherwise they go
 * to the journal socket with the native protocol.
 */
export function journaldLogger(
  identifier: string,
  onError?: (e: unknown) => void,
  socketPath = JOURNAL_SOCKET,
  useStream = stderrIsJournal(),
): Logger {
  if (useStream) return loggerFrom((level, message) => void process.stderr.write(stderrPrefixed(level, message)), onError);
  let sender: UnixDatagramSender | undefined;
  let useSocket = existsSync(socketPath);
  return loggerFrom((level, message) => {
    if (useSocket) {
      try {
        sender ??= new UnixDatagramSender(socketPath);
        sender.send(journalDatagram({ MESSAGE: message, PRIORITY: String(PRIORITY[level]), SYSLOG_IDENTIFIER: identifier }));
        return;
      } catch (e) {
        // Too large for one datagram, or no socket after all: this message goes to stderr instead.
        onError?.(e);
        if (!(e instanceof RangeError) && sender === undefined) useSocket = false;
      }
    }
    process.stderr.write(stderrPrefixed(level, message));
  }, onError);
}
