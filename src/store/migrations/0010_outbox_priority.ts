// The outbox's priority (issue 16): a trigger's messages before reminders, reminders before routine
// notices. The dispatcher claims in (priority, next_attempt_at, id) order, and skips a conversation
// that already has a message in flight, which the second index finds.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table outbox add column priority smallint not null default 2;
    -- Rows waiting now, as src/delivery/priority.ts ranks new ones (its patterns, as of this migration).
    update outbox set priority = case
        when idempotency_key like 'trigger:%' then 0
        when idempotency_key like any (array['action:%', 'catch-up:%', 'record-due:%', 'group-attendance:%', 'session:%:prepare',
          'session:%:today:%', 'session:%:outcome', 'group:%:attendance', 'group:%:attendance:again', 'group:%:record:reminder',
          'group:%:record:overdue%']) then 1
        else 2 end
      where status in ('pending', 'sending');
    drop index outbox_ready;
    create index outbox_ready on outbox (priority, next_attempt_at, id) where status in ('pending', 'sending');
    create index outbox_in_flight on outbox (platform, conversation) where status = 'sending';
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop index outbox_in_flight;
    drop index outbox_ready;
    create index outbox_ready on outbox (next_attempt_at) where status in ('pending', 'sending');
    alter table outbox drop column priority;
  `.execute(db);
}
