// Slack's signed requests seen within their replay window (issue 16): a request sent again with the same
// signature, to any replica, finds its row and is refused. Rows live until the signature is too old for Bolt
// to accept anyway, then are pruned.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table slack_request_seen (
      signature text primary key,
      expires_at timestamptz not null
    );
    create index slack_request_seen_expires on slack_request_seen (expires_at);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table slack_request_seen`.execute(db);
}
