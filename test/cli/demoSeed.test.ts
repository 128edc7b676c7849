// `supervision-bot demo seed`, as an administrator trying the bot runs it: the demo people and months of
// history written into an empty store, the same history for the same seed, a manager's report that has
// something in it at once; a store with a directory refused, nothing written; bad arguments named. On
// PGlite and PostgreSQL.
import { describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { readSettings } from '../../src/config/env.js';
import { openStore, type Store } from '../../src/store/open.js';
import { places, run, useCliPlace } from '../support/cli.js';

/** Reads the configured store (the one the commands just wrote). */
async function inStore<T>(read: (db: Store['db']) => Promise<T>): Promise<T> {
  const store = await openStore(readSettings().store);
  try {
    return await read(store.db);
  } finally {
    await store.close();
  }
}

/** One-to-one sessions held (group sessions are counted apart). */
const sessionsHeld = () =>
  inStore(async (db) => {
    const row = await db
      .selectFrom('supervision_session')
      .select((eb) => eb.fn.countAll<string>().as('count'))
      .where('status', '=', 'held')
      .where('kind', '<>', 'group')
      .executeTakeFirstOrThrow();
    return Number(row.count);
  });

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
    const counts =
      /with 3 months of history from seed 7: (\d+) sessions held on time, (\d+) late, (\d+) missed, 1 leave; (\d+) triggers answered \((\d+) escalated\); (\d+) records on time, (\d+) late, (\d+) actions\.$/.exec(
        seeded.stdout,
      );
    expect(counts, seeded.stdout).not.toBeNull();
    const [onTime, late, missed, triggers, escalated, recordsOnTime, recordsLate, actions] = counts!.slice(1).map(Number) as number[] as [
      number,
      number,
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    // Three practitioners, one or two triggers a month each over three months and this one so far: most answered
    // by the supervisor, some escalated; most recorded on time; an action on each record.
    expect(triggers).toBeGreaterThanOrEqual(9);
    expect(escalated).toBeGreaterThanOrEqual(1);
    expect(escalated).toBeLessThan(triggers);
    expect(recordsOnTime).toBeGreaterThan(recordsLate);
    expect(recordsLate).toBeGreaterThanOrEqual(1);
    expect(actions).toBe(recordsOnTime + recordsLate);
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
    // The JSON of the same month: triggers raised and answered, records written, actions agreed, none of them zero.
    const json = await run('report', '--month', lastMonth, '--format', 'json');
    const figures = JSON.parse(json.stdout) as {
      situational: { totals: { raised: number; acceptedInTime: number; escalated: number }; byTrigger: unknown[] };
      records: { totals: { records: { written: number; signed: number }; actions: { agreed: number } } };
    };
    expect(figures.situational.totals.raised).toBeGreaterThanOrEqual(3);
    expect(figures.situational.totals.acceptedInTime).toBeGreaterThanOrEqual(1);
    expect(figures.records.totals.records.written).toBeGreaterThanOrEqual(1);
    expect(figures.records.totals.records.signed).toBeGreaterThanOrEqual(1);
    expect(figures.records.totals.actions.agreed).toBe(figures.records.totals.records.written);

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
    // The whole report the same too (the JSON's ids aside): triggers, records, actions.
    const again = JSON.parse((await run('report', '--month', lastMonth, '--format', 'json')).stdout);
    expect(again.situational.totals).toEqual(figures.situational.totals);
    expect(again.situational.byTrigger).toEqual(figures.situational.byTrigger);
    expect(again.records.totals).toEqual(figures.records.totals);
  }, 240_000);
});
