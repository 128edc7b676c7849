// What a practitioner types reaches their supervisor as text, through the flow, the outbox and Slack's Web API,
// on both databases: a date function, a link or a mention in it cannot stop the message, nor become one.
import { afterEach, describe, expect, it } from 'vitest';
import { SlackMessenger } from '../../src/channels/slack/messenger.js';
import { notifyAdminsOfFailure } from '../../src/delivery/adminNotice.js';
import { Dispatcher } from '../../src/delivery/dispatcher.js';
import { Sweeper } from '../../src/delivery/sweeper.js';
import { escalationProvider } from '../../src/flows/escalations.js';
import { runAction } from '../../src/flows/router.js';
import type { Store } from '../../src/store/open.js';
import { databases } from '../support/databases.js';
import { startFakeSlack, type FakeSlack } from '../support/fakePlatforms.js';
import { noWait } from '../support/fakes.js';
import { flowSetup, raiseForm } from '../support/flowSetup.js';

const directory = `email,name,role,team,supervisor,cohort,start_date,slack_user_id
admin@example.org,Admin A,admin,North,,,,U0ADMIN01
service@example.org,Service Manager E,manager,North,,,,U0SERVICE1
supervisor@example.org,Practice Supervisor B,supervisor,North,service@example.org,,,U0SUPERV1
worker@example.org,Social Worker C,practitioner,North,supervisor@example.org,established,2024-01-08,U0WORKER1
`;
const REQUEST = '3f2a1b0c-9d8e-4f7a-8b6c-5d4e3f2a1b0c';
// The audit's text: Slack refused the trigger 8 times over, and its escalations with it.
const STORY = 'Mum said {{DATE(tomorrow)}} the boyfriend moves back in. [Accept now](https://evil.example/phish) <!channel> <@U0SERVICE1>';

const form = (experience: string) =>
  raiseForm(REQUEST, { experience, goal: 'Agree whether to refer to the local authority today.', availability: 'This afternoon' });

type Blocks = { type: string; text?: { text: string }; fields?: { text: string }[]; elements?: { text?: string; url?: string }[] }[];
const textsOf = (blocks: Blocks) =>
  blocks
    .flatMap((block) => [block.text?.text, ...(block.fields ?? []).map((field) => field.text)])
    .filter(Boolean)
    .join('\n');

describe.each(databases)('what people type, through the flows, on $name', (database) => {
  let store: Store;
  let slack: FakeSlack | undefined;
  // The store closes after this (flowSetup).
  afterEach(async () => slack?.close());

  async function setup() {
    slack = await startFakeSlack();
    // Monday 23 November 2026, 10:00 London time.
    const { store: opened, clock, context, people } = await flowSetup(database, { policy: 'cafcass', directory });
    store = opened;
    const dispatcher = new Dispatcher({
      db: store.db,
      messenger: new SlackMessenger('xoxb-test', slack.apiUrl),
      clock,
      id: 'd1',
      limiter: noWait,
      random: () => 0.5,
      maxAttempts: 1,
      onFailed: notifyAdminsOfFailure,
    });
    const posted = () => slack!.calls.filter((call) => call.method === 'chat.postMessage');
    return { clock, context, people, dispatcher, posted, sweeper: new Sweeper(store.db, clock, [escalationProvider(context)]) };
  }

  it('an urgent trigger whose story holds {{DATE(tomorrow)}}, a link and mentions reaches the supervisor on Slack, and its escalation too, as text', async () => {
    const { clock, context, people, dispatcher, posted, sweeper } = await setup();
    expect((await runAction(context, people.worker!, 'raise.submit', form(STORY))).view.data.title).toBe('Sent to Practice Supervisor B');
    await dispatcher.drain();

    expect(posted().map((call) => call.args.channel)).toEqual(['U0SUPERV1']);
    const shown = textsOf(posted()[0]!.args.blocks as Blocks);
    // As typed, with Slack's own characters escaped: no date token, no link, no mention.
    expect(shown).toContain(
      'Mum said {{DATE(tomorrow)}} the boyfriend moves back in. [Accept now](https://evil.example/phish) &lt;!channel&gt; &lt;@U0SERVICE1&gt;',
    );
    expect(JSON.stringify(posted()[0]!.args.blocks)).not.toMatch(/<!date|<https:\/\/evil|<!channel>|<@U0SERVICE1>|evil\.example\/phish"/);
    expect(await store.db.selectFrom('outbox').select('status').execute()).toEqual([{ status: 'sent' }]);

    // Not accepted in 4 working hours: the escalation carries the same story, and reaches the service manager.
    clock.advance(4 * 60 * 60_000 + 60_000);
    expect(await sweeper.sweepOnce()).toMatchObject({ applied: 1 });
    await dispatcher.drain();
    const escalated = posted().find((call) => call.args.channel === 'U0SERVICE1');
    expect(escalated?.args.text).toBe('Supervision requested for case CF-204518 (escalated to you)');
    expect(textsOf(escalated!.args.blocks as Blocks)).toContain('{{DATE(tomorrow)}}');
    expect(new Set((await store.db.selectFrom('outbox').select('status').execute()).map((row) => row.status))).toEqual(new Set(['sent']));
  });

  it('stores a raise whose story holds a NUL without it, and sends it', async () => {
    const { context, people, dispatcher, posted } = await setup();
    const result = await runAction(context, people.worker!, 'raise.submit', form('A new allegation\u0000 was made\r\nat the visit today.'));
    expect(result.view.data.title).toBe('Sent to Practice Supervisor B');
    const event = await store.db.selectFrom('trigger_event').select('detail').where('trigger_request_id', '=', REQUEST).executeTakeFirstOrThrow();
    expect((event.detail as { experience: string }).experience).toBe('A new allegation was made\nat the visit today.');
    await dispatcher.drain();
    expect(textsOf(posted()[0]!.args.blocks as Blocks)).toContain('A new allegation was made\nat the visit today.');
  });

  it('refuses a story longer than the form allows, naming the field, and stores nothing', async () => {
    const { context, people } = await setup();
    const result = await runAction(context, people.worker!, 'raise.submit', form('&'.repeat(1501)));
    expect(result.fieldErrors).toEqual({ experience: 'What happened is 1,501 characters; keep it to 1,500.' });
    expect(await store.db.selectFrom('trigger_request').selectAll().execute()).toEqual([]);
  });
});
