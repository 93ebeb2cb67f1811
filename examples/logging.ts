/**
 * A service that logs every few seconds through service.logger(): the console when run in a
 * terminal, journald (with priorities) under systemd.
 *   node logging.js install [--user]    node logging.js start     node logging.js   (run it here)
 */
import { control, createService, interactive } from 'servicekit';

const userService = process.argv.includes('--user');
const intervalMs = Number(process.env['LOG_INTERVAL_MS'] ?? 3000);
let timer: NodeJS.Timeout | undefined;
let tick = 0;

const service = createService(
  {
    start(svc) {
      const log = svc.logger();
      log.info('logging example starting (interactive: %s)', interactive());
      timer = setInterval(() => {
        tick += 1;
        if (tick % 5 === 0) log.warning('tick %d: every fifth tick is a warning', tick);
        else log.info('tick %d', tick);
      }, intervalMs);
    },
    stop(svc) {
      clearInterval(timer);
      svc.logger().info('logging example stopping after %d ticks', tick);
    },
  },
  {
    name: 'servicekit-logging',
    displayName: 'servicekit logging example',
    description: 'Logs a line every few seconds.',
    userService,
    env: { LOG_INTERVAL_MS: String(intervalMs) },
  },
);

const action = process.argv.slice(2).find((a) => !a.startsWith('--'));
if (action) {
  await control(service, action);
  console.log(`${service.name}: ${action} done`);
} else {
  await service.run();
}
