// Every process keeps what the directory says in memory (src/store/directoryCache.ts); a change to
// `person`, `chat_identity`, `supervision_relationship` or `absence`, by any process, tells the others
// on commit so they forget it.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create function notify_directory_changed() returns trigger language plpgsql as $$
    begin
      perform pg_notify('directory_changed', current_schema());
      return null;
    end $$;
    create trigger person_changed after insert or update or delete or truncate on person
      for each statement execute function notify_directory_changed();
    create trigger chat_identity_changed after insert or update or delete or truncate on chat_identity
      for each statement execute function notify_directory_changed();
    create trigger supervision_relationship_changed after insert or update or delete or truncate on supervision_relationship
      for each statement execute function notify_directory_changed();
    create trigger absence_changed after insert or update or delete or truncate on absence
      for each statement execute function notify_directory_changed();
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop trigger absence_changed on absence;
    drop trigger supervision_relationship_changed on supervision_relationship;
    drop trigger chat_identity_changed on chat_identity;
    drop trigger person_changed on person;
    drop function notify_directory_changed();
  `.execute(db);
}
