/**
 * journald logger: the journal's native protocol (datagrams to /run/systemd/journal/socket, sent via
 * koffi -> libc; no native compile). Falls back to `<N>`-prefixed lines on stderr, which journald
 * also turns into priorities, when the socket cannot be used.
 */
import { existsSync } from 'node:fs';
import { UnixDatagramSender } from '../sys/libc.js';
import { loggerFrom, PRIORITY, type Level, type Logger } from './logger.js';

export const JOURNAL_SOCKET = '/run/systemd/journal/socket';

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

export function stderrPrefixed(level: Level, message: string): string {
  return message
    .split('\n')
    .map((l) => `<${PRIORITY[level]}>${l}`)
    .join('\n') + '\n';
}

export function journaldLogger(identifier: string, onError?: (e: unknown) => void, socketPath = JOURNAL_SOCKET): Logger {
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
