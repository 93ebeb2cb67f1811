/**
 * The dispatcher of a service process that runs itself (run(), servicekit's host):
 * StartServiceCtrlDispatcherW on a libuv worker thread (koffi .async: it blocks until the service
 * reports STOPPED), ServiceMain and HandlerEx as koffi callbacks, run on the JS main thread.
 */
import { ScmService, type ScmProgram } from './scm-service.js';
import { Win32Error, lastError, win32 } from './win32.js';

/**
 * Run `program` as this process's service: the dispatcher on a libuv worker thread until STOPPED is
 * reported; `begin` is given the service before the SCM talks to it.
 */
export async function dispatch(program: ScmProgram, stopTimeoutMs: number, onReportFailed: (state: number) => void, begin: (svc: ScmService) => void = () => undefined): Promise<ScmService> {
  const w = win32();
  const { koffi } = w;
  let handle = 0;
  const svc = new ScmService(program, { stopTimeoutMs, report: (st) => handle !== 0 && (w.SetServiceStatus(handle, st) as boolean), onReportFailed });
  begin(svc);
  const handler = koffi.register((ctrl: number) => svc.control(ctrl), koffi.pointer(w.HandlerExProc));
  const serviceMain = koffi.register(() => {
    // One service in this process: the name is not looked at.
    handle = Number(w.RegisterServiceCtrlHandlerExW('', handler, null));
    // Without a handle the SCM sees the process never report and fails the start.
    if (handle === 0) svc.failure = { phase: 'start', cause: new Win32Error('RegisterServiceCtrlHandlerExW', lastError()) };
    else void svc.start();
  }, koffi.pointer(w.ServiceMainProc));
  // The dispatcher call holds a worker thread; this interval keeps the event loop alive meanwhile.
  const keepAlive = setInterval(() => undefined, 1 << 30);
  try {
    await new Promise<void>((resolve, reject) => {
      w.StartServiceCtrlDispatcherW.async([{ name: '', proc: serviceMain }, { name: null, proc: null }], (err: unknown, ok: unknown) => {
        if (err) reject(err);
        else if (!ok) reject(new Win32Error('StartServiceCtrlDispatcherW', lastError()));
        else resolve();
      });
    });
  } finally {
    clearInterval(keepAlive);
    svc.dispose();
    koffi.unregister(serviceMain);
    koffi.unregister(handler);
  }
  return svc;
}

