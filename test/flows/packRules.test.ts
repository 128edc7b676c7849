// Two rules of the seeds that the bot keeps but no chat test drove: Cafcass Cymru's three areas of
// development at most in a Practice Review Discussion (002, 2.5), and Bexley's group process for 4 to 10
// people (004, appendix 8). Expected values are written out from the seed, not read from the pack.
import { describe, expect, it } from 'vitest';
import type { Place } from '../../src/flows/context.js';
import { runAction } from '../../src/flows/router.js';
import { databases } from '../support/databases.js';
import { flowSetup } from '../support/flowSetup.js';
import { recordValues } from '../support/recording.js';

describe.each(databases)('seed rules through chat on $name', (database) => {
  it('cafcass-cymru: a PRD record with a fourth area of development is refused by its field, storing nothing, and three are kept', async () => {
    const directory = `email,name,role,team,supervisor,cohort,start_date,slack_user_id
ops@example.org,Head of Operations A,senior-manager,Wales,,,,U0OPSA
pm@example.org,Practice Manager P,supervisor,Wales,ops@example.org,,,U0PM
worker@example.org,Social Worker C,practitioner,Wales,pm@example.org,practitioner,2025-01-06,U0WORKER1
`;
    // Monday 30 November 2026, 10:00: a PRD booked for Tuesday 8 December at 10:00, held, then recorded.
    const { context, people, clock, store } = await flowSetup(database, { policy: 'cafcass-cymru', directory, at: '2026-11-30T10:00:00Z' });
    const sessionId = '2b7c9d1e-3f4a-4b5c-8d6e-7f8091a2b3c4';
    const booked = await runAction(context, people.pm!, 'session.book', {
      bookingId: sessionId,
      supervisee: people.worker!.id,
      kind: 'prd',
      date: '2026-12-08',
      time: '10:00',
    });
    expect(booked.view.data.title, JSON.stringify(booked.fieldErrors)).toBe('Booked');
    clock.advance(Date.parse('2026-12-08T12:00:00Z') - clock.now().getTime());
    await runAction(context, people.pm!, 'session.held', { sessionId });
    const form = await runAction(context, people.pm!, 'record.open', { sessionId });
    expect(form.view.data.title).toBe('Record of supervision: Practice Review Discussion (PRD recording template)');
    const values = recordValues(form.view, { caseReference: '', actionDue: '2026-12-14' });

    const four = 'Analysis of risk\nChild’s voice in reports\nChronologies\nCourt statements';
    const refused = await runAction(context, people.pm!, 'record.save', { ...values, 'f.development-areas': four });
    expect(refused.view.card).toBe('record');
    expect(refused.fieldErrors).toEqual({ 'f.development-areas': 'At most 3, one per line.' });
    expect(await store.db.selectFrom('record').selectAll().execute()).toEqual([]);

    const three = 'Analysis of risk\nChild’s voice in reports\nChronologies';
    const saved = await runAction(context, people.pm!, 'record.save', { ...values, 'f.development-areas': three });
    expect(saved.view.data.title, JSON.stringify(saved.fieldErrors)).toBe('Sent to Social Worker C to sign');
    const record = await store.db.selectFrom('record').select(['content']).executeTakeFirstOrThrow();
    expect((record.content as { values: Record<string, string> }).values['f.development-areas']).toBe(three);
  });

  it('bexley: setting up group supervision for a team of fewer than 4 tells the supervisor the group process is for 4 to 10 people, and a team of 4 is not told', async () => {
    const row = (name: string, team: string, supervisor: string) =>
      `${name.toLowerCase().replaceAll(' ', '.')}@example.org,${name},practitioner,${team},${supervisor}@example.org,case-holder,2025-06-02,`;
    const directory = [
      'email,name,role,team,supervisor,cohort,start_date,slack_user_id',
      'manager@example.org,Team Manager A,manager,North,,,,U0MANAGER',
      'north@example.org,Practice Manager N,supervisor,North,manager@example.org,,,U0NORTH',
      'south@example.org,Practice Manager S,supervisor,South,manager@example.org,,,U0SOUTH',
      row('Social Worker C', 'North', 'north'),
      row('Social Worker D', 'South', 'south'),
      row('Social Worker E', 'South', 'south'),
      row('Social Worker F', 'South', 'south'),
      '',
    ].join('\n');
    // Monday 2 November 2026, 10:00: North is 3 people (the team manager, the practice manager and one social worker), South is 4.
    const { context, people } = await flowSetup(database, { policy: 'bexley', directory, at: '2026-11-02T10:00:00Z' });
    const setUp = (who: 'north' | 'south', setupId: string) => {
      const place: Place = { kind: 'channel', platform: 'slack', conversationId: `C0${who.toUpperCase()}` };
      return runAction(
        context,
        people[who]!,
        'group.setup',
        { setupId, channel: place.conversationId, team: people[who]!.team_id, date: '2026-11-10', time: '10:00', duration: '90' },
        place,
      );
    };
    const small = await setUp('north', '5b2c8d1e-4f6a-4b7c-9d8e-0f1a2b3c4d5e');
    expect(small.view.data.title).toBe('Group supervision is set up');
    expect(small.view.data.text).toContain("The London Borough of Bexley, Children's Social Care policy's group process is for 4 to 10 people; North has 3.");
    const enough = await setUp('south', '6c3d9e2f-5a7b-4c8d-8e9f-1a2b3c4d5e6f');
    expect(enough.view.data.title).toBe('Group supervision is set up');
    expect(enough.view.data.text).not.toContain('group process is for');
  });
});
