/** Test-only: a unix datagram receiver through koffi, to read what the notifier sends. */
import { createRequire } from 'node:module';
import { sockaddrUn } from '../../src/sys/libc.js';

type Fn = (...args: unknown[]) => unknown;
const require = createRequire(import.meta.url);
const koffi = require('koffi') as { load(n: string): { func(s: string): Fn }; errno(): number };
const lib = koffi.load('libc.so.6');
const socket = lib.func('int socket(int, int, int)');
const bind = lib.func('int bind(int, const void *, uint32_t)');
const recv = lib.func('intptr_t recv(int, _Out_ void *, size_t, int)');
const close = lib.func('int close(int)');
const MSG_DONTWAIT = 0x40;

export class UnixDatagramReceiver {
  private readonly fd: number;
  constructor(path: string) {
    this.fd = socket(1, 2, 0) as number;
    const { addr, len } = sockaddrUn(path);
    if ((bind(this.fd, addr, len) as number) < 0) throw new Error(`bind ${path}: errno ${koffi.errno()}`);
  }
  receive(): string {
    const buf = Buffer.alloc(65536);
    const n = Number(recv(this.fd, buf, buf.length, MSG_DONTWAIT));
    if (n < 0) throw new Error(`recv: errno ${koffi.errno()}`);
    return buf.subarray(0, n).toString();
  }
  close(): void {
    close(this.fd);
  }
}
