// Observations, reviews and agreements in the month's report (issue 20), against a history made in chat
// whose answers are known by construction, counted apart from the frequency table and never twice.
// Cafcass reports on case, group and observation (5.2), so its performance and learning reviews (three a
// year, one in each four months from the start date) are counted here: P holds November's in chat, Q none.
// Its students sign a supervision agreement at their first session, reviewed a year on: A's review is
// offered at a session a week before it is due and signed by both in time, B's is started by the
// supervisor and signed a week late, C's is never reviewed; D's first agreement waits for D's signature.
// November 2026, on PGlite and PostgreSQL.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Actor } from '../../src/flows/context.js';
import { runAction } from '../../src/flows/router.js';
import { obligationsReport } from '../../src/reports/obligations.js';
import { produceReport } from '../../src/reports/produce.js';
import { scheduledReport } from '../../src/reports/scheduled.js';
import { databases } from '../support/databases.js';
import { flowSetup, held } from '../support/flowSetup.js';

const directory = `email,name,role,team,supervisor,cohort,start_date,slack_user_id
manager@example.org,Team Manager M,manager,North,,,,U0MANAGER
supervisor@example.org,Practice Supervisor N,supervisor,North,manager@example.org,,,U0SUPERV1
a@example.org,Student A,practitioner,North,supervisor@example.org,student,2025-09-01,U0STUDENTA
b@example.org,Student B,practitioner,North,supervisor@example.org,student,2025-09-01,U0STUDENTB
c@example.org,Student C,practitioner,North,supervisor@example.org,student,2025-09-01,U0STUDENTC
d@example.org,Student D,practitioner,North,supervisor@example.org,student,2025-09-01,U0STUDENTD
p@example.org,Social Worker P,practitioner,North,supervisor@example.org,established,2025-08-01,U0WORKERP
q@example.org,Social Worker Q,practitioner,North,supervisor@example.org,established,2025-08-01,U0WORKERQ
`;

describe.each(databases)('observations, reviews and agreements in the report on $name', (database) => {
  it('cafcass: counts November 2026’s performance and learning reviews (1 of 2 held) and agreement reviews (1 in time, 1 late, 1 not done), with 2 signed and 1 waiting, and none of them in the frequency table', async () => {
    const setup = await flowSetup(database, { policy: 'cafcass', directory, at: '2025-11-03T10:00:00Z' });
    const { context, people, clock, store } = setup;
    const supervisor = people.supervisor!;
    const at = (iso: string) => clock.advance(Date.parse(iso) - clock.now().getTime());
    const book = async (who: string, kind: string, date: string) => {
      const bookingId = randomUUID();
      const booked = await runAction(context, supervisor, 'session.book', {
        bookingId,
        supervisee: people[who]!.id,
        kind,
        date,
        time: '10:00',
        duration: '90',
      });
      expect(booked.fieldErrors).toBeUndefined();
      return bookingId;
    };
    const hold = async (sessionId: string) =>
      expect((await runAction(context, supervisor, 'session.held', { sessionId })).view.data.title).not.toMatch(/isn't|wrong/);
    const latestAgreement = (who: string) =>
      store.db
        .selectFrom('supervision_agreement')
        .select(['id', 'round'])
        .where('supervisee_id', '=', people[who]!.id)
        .orderBy('round', 'desc')
        .executeTakeFirstOrThrow();
    const sign = async (actor: Actor, agreementId: string) =>
      expect((await runAction(context, actor, 'agreement.sign', { agreementId })).view.data.title).toMatch(/signed/i);
    const signBoth = async (who: string) => {
      const { id } = await latestAgreement(who);
      await sign(supervisor, id);
      await sign(people[who]!, id);
    };

    // P's and Q's reviews of the first three four-month periods, held before (Aug-Nov, Dec-Mar, Apr-Jul).
    for (const who of ['p', 'q']) for (const day of ['2025-10-15', '2026-02-16', '2026-06-15']) await held(setup, who, 'supervisor', `${day}T09:00:00Z`, 'plr');

    // November 2025: each student's first session offers the agreement, signed by both that day; its review falls due a year on.
    const first = { a: await book('a', 'case', '2025-11-10'), b: await book('b', 'case', '2025-11-12'), c: await book('c', 'case', '2025-11-17') };
    for (const [who, day] of [
      ['a', '2025-11-10'],
      ['b', '2025-11-12'],
      ['c', '2025-11-17'],
    ] as const) {
      at(`${day}T12:00:00Z`);
      await hold(first[who]);
      await signBoth(who);
    }
    expect((await store.db.selectFrom('supervision_agreement').select('review_due').orderBy('review_due').execute()).map((row) => row.review_due)).toEqual([
      '2026-11-10',
      '2026-11-12',
      '2026-11-17',
    ]);

    // A's session of Tue 3 Nov 2026, a week before the review is due, offers it; both sign on Thu 5 Nov: in time.
    at('2026-10-26T10:00:00Z');
    const aReview = await book('a', 'case', '2026-11-03');
    const dFirst = await book('d', 'case', '2026-11-24');
    at('2026-11-03T12:00:00Z');
    await hold(aReview);
    expect((await latestAgreement('a')).round).toBe(1);
    at('2026-11-05T10:00:00Z');
    await signBoth('a');
    // P's performance and learning review is held on Wed 18 Nov, by the period's end (Mon 30 Nov); Q holds none.
    at('2026-11-16T10:00:00Z');
    const plr = await book('p', 'plr', '2026-11-18');
    at('2026-11-18T12:00:00Z');
    await hold(plr);
    // B's review, due Thu 12 Nov, is started by the supervisor on Fri 20 Nov and signed that day: late.
    at('2026-11-20T10:00:00Z');
    expect((await runAction(context, supervisor, 'agreement.review', { agreementId: (await latestAgreement('b')).id })).view.data.title).toBe(
      'Sent to you both',
    );
    await signBoth('b');
    // D's first session offers D's first agreement: the supervisor signs, D has not yet.
    at('2026-11-24T12:00:00Z');
    await hold(dFirst);
    await sign(supervisor, (await latestAgreement('d')).id);

    const month = { year: 2026, month: 11 };
    const now = new Date('2026-12-02T10:00:00Z');
    const report = await obligationsReport(context, { month, now });
    expect(report).toMatchObject({ kinds: ['plr'], inFrequencyTable: ['observation'], agreements: true });
    const rows = report.teams.flatMap((team) =>
      team.rows.map((row) => [
        team.team,
        row.person,
        row.obligation,
        row.due,
        row.onTime,
        row.late,
        row.notHeld,
        row.overdue,
        row.signed ?? null,
        row.awaitingSignature ?? null,
      ]),
    );
    expect(rows).toEqual([
      ['North', 'Social Worker P', 'plr', 1, 1, 0, 0, 0, null, null],
      ['North', 'Social Worker Q', 'plr', 1, 0, 0, 1, 1, null, null],
      ['North', 'Student A', 'agreement-review', 1, 1, 0, 0, 0, 1, 0],
      ['North', 'Student B', 'agreement-review', 1, 0, 1, 0, 0, 1, 0],
      ['North', 'Student C', 'agreement-review', 1, 0, 0, 1, 1, 0, 0],
      ['North', 'Student D', 'agreement-review', 0, 0, 0, 0, 0, 0, 1],
    ]);
    expect(report.totals).toEqual({ due: 5, onTime: 2, late: 1, notHeld: 2, onLeave: 0, notYetDue: 0, overdue: 2, signed: 2, awaitingSignature: 1 });

    // The frequency table counts case supervision and observations, never the reviews counted here.
    const frequency = await scheduledReport(context, { month, now });
    const kinds = new Set(frequency.teams.flatMap((team) => team.rows.map((row) => row.kind)));
    expect([...kinds].sort()).toEqual(['case', 'observation']);

    // The JSON nests the same by team; the page has the section, with each person.
    const json = await produceReport(context, { month, format: 'json', now, actorId: people.manager!.id, via: 'test' });
    expect(JSON.parse(json.text).obligations.totals).toEqual(report.totals);
    const html = await produceReport(context, { month, format: 'html', now, actorId: people.manager!.id, via: 'test' });
    expect(html.text).toContain('<h2>Observations, reviews and agreements</h2>');
    expect(html.text).toContain(
      'Counted here: Performance and learning review, the supervision agreement’s review. Practice observation is counted in the frequency table above',
    );
    expect(html.text).toContain('<td>Student C: Supervision agreement review</td><td>1</td><td>0</td><td>0</td><td>1</td><td>0</td><td>1</td><td>0%</td>');
  });
});
