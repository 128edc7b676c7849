// Writes that must commit together, as one statement: data-modifying CTEs ahead of the statement that
// follows. One statement is its own transaction, so they all commit or none do, in one round trip
// instead of BEGIN, a round trip per write and COMMIT. PostgreSQL runs every data-modifying CTE to
// completion whether or not it is read, and checks foreign keys at the end of the statement.
import type { InsertQueryBuilder, InsertResult, Kysely, QueryCreator } from 'kysely';
import type { Database } from './schema.js';

export function alongside(db: Kysely<Database>, writes: InsertQueryBuilder<Database, any, InsertResult>[]): QueryCreator<Database> {
  // The CTEs are run, never read, so the creator keeps the schema's own type.
  return writes.reduce<QueryCreator<Database>>((creator, write, index) => creator.with(`write_${index}`, () => write) as unknown as QueryCreator<Database>, db);
}
