// Named (prepared) statements for the queries the bot runs again and again. PostgreSQL parses and
// plans an unnamed statement on every run, and for the bot's short queries that planning is most of
// the database's work (about 0.2 ms of 0.3 ms for the identity look-up); a named statement is planned
// once per connection. Kysely sends the same text for the same query, so the text names the statement.
import { createHash } from 'node:crypto';
import pg from 'pg';

/** Statements kept per connection: the bot's hot queries are a few dozen; one-off texts stop here. */
const PER_CONNECTION = 200;
/** A query with more parameters is a list of varying length (`in (...)`): its text rarely repeats. */
const MOST_PARAMETERS = 64;
/** PostgreSQL's answer when a table changed shape under a prepared `select *` (another replica migrated). */
const PLAN_CHANGED = '0A000';

const names = new Map<string, string>();
function nameOf(text: string): string {
  let name = names.get(text);
  if (name === undefined) {
    if (names.size >= 1_000) names.clear();
    name = `s${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
    names.set(text, name);
  }
  return name;
}

type Query = (...args: unknown[]) => unknown;

/** A node-postgres client that prepares each repeated parameterised query once on its connection. */
export class PreparingClient extends pg.Client {
  private readonly prepared = new Set<string>();
  /** Texts this connection runs unnamed from now on (their prepared plan no longer fits the table). */
  private readonly unnamed = new Set<string>();

  override query(...args: unknown[]): never {
    const plain = super.query.bind(this) as Query;
    const [text, values, callback] = args;
    if (typeof text !== 'string' || !Array.isArray(values) || values.length === 0 || values.length > MOST_PARAMETERS || callback !== undefined)
      return plain(...args) as never;
    const name = nameOf(text);
    if (this.unnamed.has(name) || (!this.prepared.has(name) && this.prepared.size >= PER_CONNECTION)) return plain(text, values) as never;
    this.prepared.add(name);
    return (plain({ name, text, values }) as Promise<unknown>).catch((error: { code?: string }) => {
      if (error?.code !== PLAN_CHANGED) throw error;
      this.unnamed.add(name);
      return plain(text, values);
    }) as never;
  }
}
