// A dispatcher in a child process that claims outbox rows, says so, and hangs before sending,
// so the test can kill it with SIGKILL between claim and send.
import { Dispatcher } from '../../src/delivery/dispatcher.js';
import { openStore } from '../../src/store/open.js';
import { systemClock } from '../../src/ports/clock.js';

const [url, schema, leaseMs] = process.argv.slice(2);
const store = await openStore({ kind: 'postgres', url: url!, schema: schema! });
const dispatcher = new Dispatcher({
  db: store.db,
  clock: systemClock,
  id: `child-${process.pid}`,
  leaseMs: Number(leaseMs),
  messenger: { send: async () => ({ ok: true }) },
  afterClaim: async () => {
    process.stdout.write('claimed\n');
    await new Promise(() => {});
  },
});
await dispatcher.runOnce();
