// A message that fails for good is a bug report to the admins: ids only, never what the message said.
import { afterEach, describe, expect, it } from 'vitest';
import { notifyAdminsOfFailure } from '../../src/delivery/adminNotice.js';
import { Dispatcher } from '../../src/delivery/dispatcher.js';
import { enqueue } from '../../src/delivery/outbox.js';
import type { Store } from '../../src/store/open.js';
import { databases } from '../support/databases.js';
import { FakeClock, FakeMessenger, noWait } from '../support/fakes.js';

const STORY = 'Mum said the boyfriend moves back in {{DATE(tomorrow)}}';

describe.each(databases)('the admin notice on $name', (database) => {
  let store: Store;
  afterEach(async () => store?.close());

  it("names the outbox row, the card and the conversation, never the user's text, even when the error repeats it", async () => {
    store = await database.open();
    const { db } = store;
    const clock = new FakeClock('2026-11-23T10:00:00.000Z');
    // As toBlockKit failed before: its error quoted the text it could not convert.
    const messenger = new FakeMessenger((message) => {
      if (message.payload.kind === 'admin-notice') return { ok: true };
      throw new Error(`card 'trigger-request': body[2].facts[1]: ${STORY} needs an RFC 3339 timestamp with a time zone`);
    });
    const dispatcher = new Dispatcher({ db, messenger, clock, id: 'd1', limiter: noWait, random: () => 0.5, maxAttempts: 2, onFailed: notifyAdminsOfFailure });
    await db.insertInto('organisation').values({ id: 'org', name: 'Org', policy_id: 'cafcass' }).execute();
    await db.insertInto('person').values({ id: 'a1', organisation_id: 'org', email: 'admin@example.org', display_name: 'Admin', role: 'admin' }).execute();
    await db.insertInto('chat_identity').values({ person_id: 'a1', platform: 'slack', platform_user_id: 'U1', direct_conversation_id: 'D-admin' }).execute();
    const view = { card: 'trigger-request', data: { requestId: 'r1', facts: [{ title: 'What happened', value: STORY }] } };
    await enqueue(db, { idempotencyKey: 'trigger-request:r1', platform: 'slack', conversation: 'U0SUPERV1', payload: { view } }, clock.now());
    await dispatcher.drain();
    clock.advance(60 * 60_000);
    await dispatcher.drain();

    const failed = await db.selectFrom('outbox').select(['id', 'status']).where('idempotency_key', '=', 'trigger-request:r1').executeTakeFirstOrThrow();
    expect(failed.status).toBe('failed');
    const notices = messenger.delivered.filter((message) => message.payload.kind === 'admin-notice');
    expect(notices.map((notice) => notice.conversation)).toEqual(['D-admin']);
    const text = String(notices[0]!.payload.text);
    expect(text).toBe(
      `A message could not be delivered after 2 attempts: outbox ${failed.id}, card trigger-request, slack conversation U0SUPERV1. ` +
        'Its last error is kept in that outbox row (status failed). If it is not the platform refusing, please report it as a bug with these ids.',
    );
    expect(text).not.toMatch(/Mum|boyfriend|DATE/);
  });
});
