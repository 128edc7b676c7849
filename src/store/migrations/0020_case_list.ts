// Issue 19. The cases each worker holds, with the service area (case category) whose cadence their
// supervision follows, as the case list import gives them: a case reference, never a child's name. A case
// left out of a later full import is closed (closed_on), not deleted; given again, it is open again.
// Case discussions are found by case reference in record, so that is indexed.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table allocated_case (
      case_reference text primary key,
      category text not null,
      worker_id text not null references person (id),
      allocated_on date not null,
      closed_on date,
      imported_at timestamptz not null
    );
    create index allocated_case_worker on allocated_case (worker_id) where closed_on is null;
    create index record_case_reference on record (case_reference) where case_reference is not null;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop index record_case_reference;
    drop table allocated_case;
  `.execute(db);
}
