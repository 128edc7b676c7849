// `supervision-bot demo seed`, as an administrator trying the bot runs it: the demo people and months of
// history written into an empty store, the same history for the same seed, a manager's report that has
// something in it at once; a store with a directory refused, nothing written; bad arguments named. On
// PGlite and PostgreSQL.
import { describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { readSettings } from '../../src/config/env.js';
import { openStore } from '../../src/store/open.js';
import { places, run, useCliPlace } from '../support/cli.js';

async function sessionsHeld() {
  const store = await openStore(readSettings().store);
  try {
    const row = await store.db
      .selectFrom('supervision_session')
      .select((eb) => eb.fn.countAll<string>().as('count'))
      .where('status', '=', 'held')
      .executeTakeFirstOrThrow();
    return Number(row.count);
  } finally {
    await store.close();
  }
}

/** The report's rows without the directory's ids, which differ from one store to the next. */
const withoutIds = (csv: string) =>
  csv.split('\n').map((line) =>
    line
      .split(',')
      .filter((_, index) => index !== 3)
      .join(','),
  );

describe.each(places)('supervision-bot demo seed on $name', (place) => {
  it('writes the demo people and months of history, the same for the same seed, so the managers have a report at once; refuses a store with a directory (Cafcass)', async () => {
    expect(await run('demo')).toMatchObject({ code: 2, stderr: "supervision-bot demo: '' is not a demo command; allowed: seed" });
    await useCliPlace(place, 'cafcass');
    expect(await run('demo', 'seed', '--months', '0')).toMatchObject({ code: 2, stderr: 'supervision-bot demo seed: --months must be 1 to 24' });
    expect(await run('demo', 'seed', '--months', 'six')).toMatchObject({
      code: 2,
      stderr: 'supervision-bot demo seed: --months must be a whole number, 1 to 24',
    });
    expect(await run('demo', 'seed', '--seed', '1.5')).toMatchObject({ code: 2, stderr: 'supervision-bot demo seed: --seed must be a whole number' });

    const seeded = await run('demo', 'seed', '--months', '3', '--seed', '7');
    expect(seeded.code).toBe(0);
    const counts = /with 3 months of history from seed 7: (\d+) sessions held on time, (\d+) late, (\d+) missed, 1 leave\.$/.exec(seeded.stdout);
    expect(counts).not.toBeNull();
    const [onTime, late, missed] = counts!.slice(1).map(Number) as [number, number, number];
    // Three practitioners, monthly or more often, over three months and this one so far.
    expect(onTime).toBeGreaterThan(late);
    expect(onTime + late + missed).toBeGreaterThanOrEqual(6);
    expect(missed).toBeGreaterThanOrEqual(1);
    expect(await sessionsHeld()).toBe(onTime + late);

    const lastMonth = DateTime.now().setZone('Europe/London').minus({ months: 1 }).toFormat('yyyy-MM');
    const report = await run('report', '--month', lastMonth);
    expect(report.code).toBe(0);
    const rows = report.stdout.split('\n').slice(1);
    expect(new Set(rows.map((row) => row.split(',')[2]))).toEqual(new Set(['Grace Okafor', 'Priya Shah', 'Tom Evans']));
    const due = rows.reduce((sum, row) => sum + Number(row.split(',')[5]), 0);
    expect(due).toBeGreaterThanOrEqual(3);

    // Again into the same store: refused, nothing written.
    expect(await run('demo', 'seed', '--seed', '7')).toMatchObject({
      code: 2,
      stderr: 'supervision-bot demo seed: the store already has a directory; the demo is written only into an empty one',
    });
    expect(await sessionsHeld()).toBe(onTime + late);

    // The same seed into another empty store: the same history.
    await useCliPlace(place, 'cafcass');
    expect(await run('demo', 'seed', '--months', '3', '--seed', '7')).toEqual(seeded);
    expect(withoutIds((await run('report', '--month', lastMonth)).stdout)).toEqual(withoutIds(report.stdout));
  }, 120_000);
});
