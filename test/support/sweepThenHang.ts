// A replica in a child process that sweeps 40 due items and, in the middle of applying their batch
// (keys claimed and messages queued, nothing committed), says so and hangs, so a test can kill it
// with SIGKILL mid-batch. Arguments: the store's location as JSON, and the sweep's moment.
import { Sweeper } from '../../src/delivery/sweeper.js';
import { openStore, type StoreLocation } from '../../src/store/open.js';
import { keyedMessages } from './batchItems.js';

const [location, at] = process.argv.slice(2);
const store = await openStore(JSON.parse(location!) as StoreLocation);
const hangs = keyedMessages(40, {
  midBatch: async () => {
    process.stdout.write('mid-batch\n');
    await new Promise(() => {});
  },
});
await new Sweeper(store.db, { now: () => new Date(at!) }, [hangs]).sweepOnce();
