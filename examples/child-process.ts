/**
 * A service that runs another program and keeps it alive: start spawns it, stop sends it SIGTERM
 * and waits for it to exit. The child is part of the service (same cgroup under systemd).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { control, createService } from 'servicekit';

let child: ChildProcess | undefined;
let stopping = false;

function launch(log: { info(f: string, ...a: unknown[]): void; error(f: string, ...a: unknown[]): void }): void {
  child = spawn(process.execPath, ['-e', 'setInterval(() => console.log("child alive", process.pid), 5000)'], { stdio: 'inherit' });
  log.info('child started, pid %d', child.pid);
  child.on('exit', (code, signal) => {
    if (stopping) return;
    log.error('child exited (code %s, signal %s); starting it again in 1 s', code, signal);
    setTimeout(() => launch(log), 1000);
  });
}

const service = createService(
  {
    start(svc) {
      launch(svc.logger());
    },
    async stop(svc) {
      stopping = true;
      if (child && child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await once(child, 'exit');
      }
      svc.logger().info('child stopped');
    },
  },
  { name: 'servicekit-child', displayName: 'servicekit child-process example', description: 'Runs and supervises a child program.' },
);

const action = process.argv[2];
if (action) {
  await control(service, action);
  console.log(`${service.name}: ${action} done`);
} else {
  await service.run();
}
