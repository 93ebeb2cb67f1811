/**
 * A service that takes a while to stop (draining work, flushing buffers). run() gives stop() up to
 * stopTimeoutSec seconds, and the unit's own stop timeout leaves room for that.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { control, createService } from 'servicekit';

const drainMs = Number(process.env['DRAIN_MS'] ?? 5000);

const service = createService(
  {
    start(svc) {
      svc.logger().info('slow-stop example started; stopping will take %d ms', drainMs);
    },
    async stop(svc) {
      svc.logger().info('draining…');
      await sleep(drainMs);
      svc.logger().info('drained; exiting');
    },
  },
  {
    name: 'servicekit-slow-stop',
    displayName: 'servicekit slow-stop example',
    description: 'Takes a few seconds to stop.',
    stopTimeoutSec: 30,
    env: { DRAIN_MS: String(drainMs) },
  },
);

const action = process.argv[2];
if (action) {
  await control(service, action);
  console.log(`${service.name}: ${action} done`);
} else {
  await service.run();
}
