// The cadence watch reads, each morning, only the people whose supervision may be overdue that day (those in a
// cohort on plain rolling intervals who have held each kind recently enough are left in the database). What it
// tells must be what reading everyone would tell: the same notices, the same back-from-leave letters, the same
// own-overdue asks. Checked here on every pack and every cohort, with histories of all sorts (nothing held,
// held long ago, held recently, held "in the future" by mistake, on leave, back from leave, an agreed frequency,
// an agreed phase end, a Practice Review), on every working day from Tue 1 Dec 2026 to Fri 15 Jan 2027
// (Christmas and New Year's bank holidays among them).
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { loadPolicy } from '../../src/config/policyFiles.js';
import { calendarOf } from '../../src/domain/policy/calendarOf.js';
import { formatIsoDate, parseIsoDate } from '../../src/domain/time/localDate.js';
import { cadenceWatchProvider, mayBeOverdueToday, supervisedPeople } from '../../src/flows/cadenceWatch.js';
import type { FlowContext } from '../../src/flows/context.js';
import { databases } from '../support/databases.js';

const PACKS = ['bexley', 'cafcass', 'cafcass-cymru', 'cumberland', 'islington'] as const;
const PER_COHORT = 16;

/** A small deterministic generator, so a failure is the same on every run. */
function random(seed: number) {
  let state = seed;
  return (below: number) => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state % below;
  };
}

describe.each(databases)('the cadence watch, narrowed, on $name', (database) => {
  it('tells on every working day exactly what reading everyone would tell, on every pack and cohort', async () => {
    const store = await database.open();
    try {
      let narrowedAway = 0;
      for (const [packIndex, policy] of PACKS.entries()) {
        const pack = loadPolicy(policy);
        const next = random(packIndex + 7);
        const org = `org-${policy}`;
        await sql`insert into organisation (id, name, policy_id) values (${org}, ${policy}, ${policy})`.execute(store.db);
        await sql`insert into person (id, organisation_id, email, display_name, role) values (${`${org}-boss`}, ${org}, ${`boss@${policy}.example`}, 'Manager', 'manager')`.execute(
          store.db,
        );
        await sql`insert into person (id, organisation_id, email, display_name, role) values (${`${org}-sup`}, ${org}, ${`sup@${policy}.example`}, 'Supervisor', 'supervisor')`.execute(
          store.db,
        );
        await sql`insert into supervision_relationship (id, supervisee_id, supervisor_id, started_on) values (${`${org}-rsup`}, ${`${org}-sup`}, ${`${org}-boss`}, '2020-01-01')`.execute(
          store.db,
        );
        const kinds = [...new Set(Object.values(pack.cohorts).flatMap((cohort) => cohort.supervision.map((entry) => entry.kind)))];
        for (const cohort of Object.keys(pack.cohorts)) {
          for (let index = 0; index < PER_COHORT; index++) {
            const id = `${org}-${cohort}-${index}`;
            const start = formatIsoDate(parseIsoDate('2026-12-01')! - 20 - next(700));
            await sql`insert into person (id, organisation_id, email, display_name, role, cohort, start_date) values (${id}, ${org}, ${`${id}@example.org`}, ${`Person ${index}`}, 'practitioner', ${cohort}, ${start})`.execute(
              store.db,
            );
            await sql`insert into supervision_relationship (id, supervisee_id, supervisor_id, started_on) values (${`r-${id}`}, ${id}, ${`${org}-sup`}, '2020-01-01')`.execute(
              store.db,
            );
            // Of each kind: nothing, or up to three sessions held 0 to 400 days before 15 Jan 2027 (some after the day looked at).
            for (const kind of kinds) {
              const sessions = next(4);
              for (let session = 0; session < sessions; session++) {
                const day = parseIsoDate('2027-01-15')! - next(index % 3 === 0 ? 400 : 90);
                await sql`insert into supervision_session (id, organisation_id, kind, supervisee_id, starts_at, duration_minutes, status)
                  values (${`${id}-${kind}-${session}`}, ${org}, ${kind}, ${id}, ${`${formatIsoDate(day)}T10:00:00Z`}, 60, 'held')`.execute(store.db);
              }
            }
            const extra = next(10);
            if (extra === 0) {
              const from = parseIsoDate('2026-12-01')! - 60 + next(80);
              await sql`insert into absence (id, person_id, from_date, to_date, recorded_by) values (${`a-${id}`}, ${id}, ${formatIsoDate(from)}, ${formatIsoDate(from + 5 + next(40))}, ${`${org}-sup`})`.execute(
                store.db,
              );
            } else if (extra === 1)
              await sql`update person set agreed_frequency = ${JSON.stringify({ personal: '2 weeks' })} where id = ${id}`.execute(store.db);
            else if (extra === 2) await sql`update person set agreed_phase_ends = ${JSON.stringify(['2026-11-02'])} where id = ${id}`.execute(store.db);
            else if (extra === 3) await sql`update person set practice_review_on = ${'2026-11-20'} where id = ${id}`.execute(store.db);
          }
        }
        // Each pack on its own: the store holds one organisation's people at a time, as a deployment does.
        const context: FlowContext = { db: store.db, pack, calendar: calendarOf(pack), clock: { now: () => new Date() } };
        let told = 0;
        for (let day = parseIsoDate('2026-12-01')!; day <= parseIsoDate('2027-01-15')!; day++) {
          const now = context.calendar.atMinute(day, 9 * 60 + 30).toJSDate();
          const keys = async (narrow: boolean) =>
            (await cadenceWatchProvider(context, { narrow }).due(store.db, now))
              .map((item) => item.key)
              .filter((key) => key.includes(org))
              .sort();
          const everyone = await keys(false);
          expect(await keys(true), `${policy} on ${formatIsoDate(day)}`).toEqual(everyone);
          told += everyone.length;
          if (context.calendar.isWorkingDay(day))
            narrowedAway +=
              (await supervisedPeople(store.db)).filter((person) => person.id.startsWith(org)).length -
              (await supervisedPeople(store.db, mayBeOverdueToday(context, day))).filter((person) => person.id.startsWith(org)).length;
        }
        // The histories make plenty to tell.
        expect(told, policy).toBeGreaterThan(100);
        await sql`delete from absence`.execute(store.db);
        await sql`delete from supervision_session`.execute(store.db);
        await sql`delete from supervision_relationship`.execute(store.db);
        await sql`delete from person`.execute(store.db);
      }
      // And the narrowing left people out, or it would check nothing.
      expect(narrowedAway).toBeGreaterThan(100);
    } finally {
      await store.close();
    }
  });
});
