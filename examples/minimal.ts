/**
 * The smallest service: `node minimal.js install|start|stop|restart|uninstall` controls it,
 * `node minimal.js` runs it (in a terminal, or as the service under the manager).
 */
import { control, createService } from 'servicekit';

const service = createService(
  {
    start() {
      // Start the work; return promptly. run() keeps the process alive until the manager stops it.
      console.log('minimal: started');
    },
    stop() {
      console.log('minimal: stopped');
    },
  },
  { name: 'servicekit-minimal', displayName: 'servicekit minimal example', description: 'Does nothing, as a service.' },
);

const action = process.argv[2];
if (action) {
  await control(service, action);
  console.log(`${service.name}: ${action} done`);
} else {
  await service.run();
}
