// The supervision agreement through Teams and Slack (issue 19; Bexley appendix 1, Cumberland 10, Cafcass Cymru
// 1.14): offered to both when their first session is marked held, headed as the pack's template is, signed
// by each with their own button, kept on the personal file, its yearly review shown in "upcoming" and
// chased when overdue. Over PGlite, and PostgreSQL too when DATABASE_URL is set.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardText, postTeams, startBot, TEAMS, teamsActivity, type BotHarness } from '../support/botServer.js';
import { databases } from '../support/databases.js';
import { slackInteractions } from '../support/slackInteractions.js';
import { teamsChat, type Card } from '../support/walk.js';

const at = (harness: BotHarness, iso: string) => harness.clock.advance(Date.parse(iso) - harness.clock.now().getTime());

describe.each(databases)('the supervision agreement in Teams, Bexley, on $name', (database) => {
  let harness: BotHarness;
  const { invoke, delivered } = teamsChat(() => harness);
  let workerId: string;
  beforeAll(async () => {
    harness = await startBot({ POLICY: 'bexley' }, database);
    for (const person of [TEAMS.supervisor, TEAMS.practitioner]) await postTeams(harness, teamsActivity(harness, { from: person, text: 'help' }));
    workerId = (await harness.store.db.selectFrom('person').select('id').where('email', '=', 'worker@example.org').executeTakeFirstOrThrow()).id;
  });
  afterAll(async () => harness.close());

  const holdSession = async (date: string) => {
    const sessionId = randomUUID();
    expect(
      cardText(await invoke(TEAMS.supervisor, 'session.book', { bookingId: sessionId, supervisee: workerId, kind: 'case', date, time: '10:00' })),
    ).toContain('Booked');
    at(harness, `${date}T12:00:00Z`);
    expect(cardText(await invoke(TEAMS.supervisor, 'session.held', { sessionId }))).toContain('Marked as held');
  };
  /** What one drain of the outbox delivers to each of the two. */
  const deliveredToBoth = async () => {
    const before = harness.connector.sent.length;
    await harness.bot.dispatcher.drain();
    const to = (person: (typeof TEAMS)['practitioner']) =>
      harness.connector.sent
        .slice(before)
        .filter((sent) => decodeURIComponent(sent.path).includes(`a:personal-${person.id}`))
        .map((sent) => (sent.activity.attachments as { content: Card }[])[0]!.content);
    return { supervisor: to(TEAMS.supervisor), practitioner: to(TEAMS.practitioner) };
  };
  const titled = (cards: Card[], title: string) => cards.filter((card) => cardText(card).includes(title));

  it('offers the Bexley supervision contract to both at their first session held, with the headings of appendix 1 and a Sign button each', async () => {
    await holdSession('2026-11-25');
    const told = await deliveredToBoth();
    for (const cards of [told.supervisor, told.practitioner]) {
      const offers = titled(cards, 'Your supervision agreement to sign');
      expect(offers).toHaveLength(1);
      const text = cardText(offers[0]);
      expect(text).toContain('Formal individual supervision, standard two: preparation');
      expect(text).toContain('Both parties will attend supervision prepared and agree an agenda.');
      expect(text).toContain('How differences are acknowledged and dealt with');
      expect(text).toContain('Rule\nBexley supervision policy, individual standard one');
      // Bexley: either may add terms to the minimum terms before both sign (individual standard one).
      expect(offers[0]!.actions!.map((action) => action.verb)).toEqual(['agreement.sign', 'agreement.arrangements']);
    }
    expect(await harness.store.db.selectFrom('supervision_agreement').selectAll().execute()).toHaveLength(1);
  });

  it('is signed by each with their own button: the other is told, a second press changes nothing, and signed by both its review is set a year on', async () => {
    const agreement = await harness.store.db.selectFrom('supervision_agreement').selectAll().executeTakeFirstOrThrow();
    const signedBySupervisor = await invoke(TEAMS.supervisor, 'agreement.sign', { agreementId: agreement.id });
    expect(cardText(signedBySupervisor)).toContain('You signed the supervision agreement');
    expect(cardText(await invoke(TEAMS.supervisor, 'agreement.sign', { agreementId: agreement.id }))).toContain(
      'You signed this agreement on Wed 25 Nov 2026. Nothing was changed.',
    );
    const [toWorker] = titled(await delivered(TEAMS.practitioner), 'Practice Supervisor B signed your supervision agreement');
    expect(cardText(toWorker)).toContain('It is waiting for your signature.');
    expect(toWorker!.actions!.map((action) => action.verb)).toEqual(['agreement.sign', 'agreement.arrangements']);

    expect(cardText(await invoke(TEAMS.practitioner, 'agreement.sign', toWorker!.actions![0]!.data))).toContain(
      'Signed by both of you and kept on the personal supervision file. Its review is due by Thu 25 Nov 2027.',
    );
    const [toSupervisor] = titled(await delivered(TEAMS.supervisor), 'Your supervision agreement is signed');
    expect(cardText(toSupervisor)).toContain("kept on Social Worker C's personal supervision file. Its review is due by Thu 25 Nov 2027.");
    expect(toSupervisor!.actions ?? []).toEqual([]);
    const audit = await harness.store.db.selectFrom('audit_log').select('actor_id').where('action', '=', 'agreement.sign').execute();
    expect(audit).toHaveLength(2);
  });

  it('is read from the personal file by the two and the manager above them, and is no one else’s to sign (Slack)', async () => {
    const agreement = await harness.store.db.selectFrom('supervision_agreement').selectAll().executeTakeFirstOrThrow();
    const read = await invoke(TEAMS.practitioner, 'agreement');
    expect(cardText(read)).toContain('Supervision agreement: Social Worker C and Practice Supervisor B');
    expect(cardText(read)).toContain('Signed by both on Wed 25 Nov 2026');

    const { click } = slackInteractions(harness);
    const answer = async (verb: string) => {
      const before = harness.slack.responses.length;
      await click('U0MANAGER', verb, { agreementId: agreement.id });
      await expect.poll(() => harness.slack.responses.length).toBeGreaterThan(before);
      return JSON.stringify(harness.slack.responses.at(-1));
    };
    expect(await answer('agreement.show')).toContain('How differences are acknowledged and dealt with');
    expect(await answer('agreement.sign')).toContain('Only the supervisor and the supervisee named in this agreement can sign it. Nothing was changed.');
    expect((await harness.store.db.selectFrom('supervision_agreement').selectAll().executeTakeFirstOrThrow()).signed_at).toEqual(agreement.signed_at);
  });

  it('offers nothing more at the next session held; its review shows in upcoming for both as it nears', async () => {
    await holdSession('2026-12-09');
    await harness.bot.dispatcher.drain();
    expect(await harness.store.db.selectFrom('supervision_agreement').selectAll().execute()).toHaveLength(1);
    at(harness, '2027-10-04T09:00:00Z');
    for (const person of [TEAMS.practitioner, TEAMS.supervisor]) {
      const upcoming = await invoke(person, 'upcoming');
      expect(cardText(upcoming)).toContain('Thu 25 Nov 2027');
      expect(cardText(upcoming)).toMatch(/Supervision agreement review with (Practice Supervisor B|Social Worker C)/);
    }
  });

  it('chases an overdue review: the supervisor is told once a week with Review it now, the supervisee too, and Review it now sends it to both to sign again', async () => {
    at(harness, '2027-11-29T10:00:00Z');
    await harness.bot.sweeper.sweepOnce();
    const told = await deliveredToBoth();
    const [toSupervisor] = titled(told.supervisor, 'A supervision agreement review is overdue');
    expect(cardText(toSupervisor)).toContain('Your supervision agreement with Social Worker C was due for its review by Thu 25 Nov 2027.');
    const [toWorker] = titled(told.practitioner, 'Your supervision agreement review is overdue');
    expect(cardText(toWorker)).toContain('Practice Supervisor B has been asked to review it with you.');
    at(harness, '2027-11-30T10:00:00Z');
    await harness.bot.sweeper.sweepOnce();
    expect(titled(await delivered(TEAMS.supervisor), 'A supervision agreement review is overdue')).toHaveLength(0);

    const review = toSupervisor!.actions!.find((action) => action.verb === 'agreement.review')!;
    expect(cardText(await invoke(TEAMS.practitioner, review.verb!, review.data))).toContain(
      'Only the supervisor named in this agreement can start its review.',
    );
    expect(cardText(await invoke(TEAMS.supervisor, review.verb!, review.data))).toContain('Sent to you both');
    expect(cardText(await invoke(TEAMS.supervisor, review.verb!, review.data))).toContain('Nothing was changed.');
    const offered = await deliveredToBoth();
    for (const cards of [offered.supervisor, offered.practitioner]) expect(titled(cards, 'Your supervision agreement to review and sign')).toHaveLength(1);
    expect(await harness.store.db.selectFrom('supervision_agreement').select('round').orderBy('round').execute()).toEqual([{ round: 0 }, { round: 1 }]);
  });
});

describe.each(databases)('the supervision agreement in Teams, Cumberland and Cafcass Cymru, on $name', (database) => {
  const packs = [
    // A Cumberland practitioner's frequency is the policy's alone: nothing to set (a student's move on from weekly is: agreementFrequency.test.ts).
    { policy: 'cumberland', kind: 'personal', heading: 'Recording and signing the notes', rule: 'Cumberland', verbs: ['agreement.sign'] },
    // Cafcass Cymru 2.11: how often PSMs are held is set out in the agreement, so What we agreed is offered.
    {
      policy: 'cafcass-cymru',
      kind: 'psm',
      heading: 'How often we meet, and the support agreed',
      rule: '1.14',
      verbs: ['agreement.sign', 'agreement.arrangements'],
    },
  ];
  it.each(packs)(
    'offers $policy’s agreement to both when their first $kind session is marked held, headed from its policy',
    async ({ policy, kind, heading, rule, verbs }) => {
      const harness = await startBot({ POLICY: policy }, database);
      try {
        const { invoke } = teamsChat(() => harness);
        for (const person of [TEAMS.supervisor, TEAMS.practitioner]) await postTeams(harness, teamsActivity(harness, { from: person, text: 'help' }));
        const worker = await harness.store.db.selectFrom('person').select('id').where('email', '=', 'worker@example.org').executeTakeFirstOrThrow();
        const sessionId = randomUUID();
        expect(
          cardText(await invoke(TEAMS.supervisor, 'session.book', { bookingId: sessionId, supervisee: worker.id, kind, date: '2026-11-25', time: '10:00' })),
        ).toContain('Booked');
        expect(await harness.store.db.selectFrom('supervision_agreement').selectAll().execute()).toHaveLength(0);
        at(harness, '2026-11-25T12:00:00Z');
        expect(cardText(await invoke(TEAMS.supervisor, 'session.held', { sessionId }))).toContain('Marked as held');
        const read = await invoke(TEAMS.practitioner, 'agreement');
        expect(cardText(read)).toContain(heading);
        expect(cardText(read)).toContain(rule);
        expect(read.actions!.map((action) => action.verb)).toEqual(verbs);
      } finally {
        await harness.close();
      }
    },
  );
});

describe.each(databases)('how often PSMs are held, set in the Cafcass Cymru agreement in Teams, on $name', (database) => {
  it('Cafcass Cymru 2.11: What we agreed on the agreement sets PSMs every 6 weeks; every 4 months is refused on its field; upcoming shows the next PSM 6 weeks on', async () => {
    const harness = await startBot({ POLICY: 'cafcass-cymru' }, database);
    try {
      const { invoke } = teamsChat(() => harness);
      for (const person of [TEAMS.supervisor, TEAMS.practitioner]) await postTeams(harness, teamsActivity(harness, { from: person, text: 'help' }));
      const worker = await harness.store.db.selectFrom('person').select('id').where('email', '=', 'worker@example.org').executeTakeFirstOrThrow();
      const sessionId = randomUUID();
      await invoke(TEAMS.supervisor, 'session.book', { bookingId: sessionId, supervisee: worker.id, kind: 'psm', date: '2026-11-25', time: '10:00' });
      at(harness, '2026-11-25T12:00:00Z');
      expect(cardText(await invoke(TEAMS.supervisor, 'session.held', { sessionId }))).toContain('Marked as held');
      expect(cardText(await invoke(TEAMS.practitioner, 'upcoming'))).not.toContain('Practitioner Support Meeting');

      const read = await invoke(TEAMS.supervisor, 'agreement');
      const open = read.actions!.find((action) => action.verb === 'agreement.arrangements')!;
      const form = await invoke(TEAMS.supervisor, open.verb!, open.data);
      expect(cardText(form)).toContain('How often: Practitioner Support Meeting (e.g. 1 month, 6 weeks)');
      const { agreementId } = open.data as { agreementId: string };
      const refused = await invoke(TEAMS.supervisor, 'agreement.arrangements.save', { agreementId, every: '4 months' });
      expect(cardText(refused)).toContain(
        'How often: every 4 months is less often than Practitioner Support Meetings must be held (at least one in each quarter',
      );
      expect(cardText(await invoke(TEAMS.supervisor, 'agreement.arrangements.save', { agreementId, every: '6 weeks' }))).toContain(
        'Saved. Practitioner Support Meetings: every 6 weeks.',
      );
      // Six weeks after Wed 25 Nov: Wed 6 Jan 2027.
      expect(cardText(await invoke(TEAMS.practitioner, 'upcoming'))).toContain('Wed 6 Jan 2027\nPractitioner Support Meeting');
    } finally {
      await harness.close();
    }
  });
});
