import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/globalSetup.ts'],
    testTimeout: 30_000,
    // Starting a bot (embedded database, migrations, servers) in beforeAll, as several files do at once.
    hookTimeout: 30_000,
    // Waiting for a reply over HTTP or in the browser: generous on a busy 2-core CI machine.
    expect: { poll: { timeout: 10_000, interval: 50 } },
    pool: 'forks',
    // Each worker imports the bot once and runs its files one after another in the same module cache,
    // instead of importing everything again for each of 140 files (imports were 228 s of a 604 s run;
    // without isolation the whole suite takes about 230 s). Every test opens its own store and clock and
    // undoes what it sets in process.env (test/support), so nothing leaks from one file to the next.
    isolate: false,
    // Two files at once on a 2-core machine (vitest's default is one fewer than the cores): most of a
    // test's time is spent waiting on a database or a socket, so the second core is otherwise idle.
    maxWorkers: 2,
  },
});
