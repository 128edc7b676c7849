// Statements compiled once. For the busiest statements, whose shape never changes, Kysely builds and
// compiles the query the first time only (per store); every later run sends the same text with its own
// values. Building and compiling the five-part raise statement afresh was the largest share of the CPU
// a raised trigger cost the bot beyond its database round trip (docs/benchmarks.md).
//
// build() is called once, with a stand-in for each value, and must use every value as a whole
// parameter: a value to be serialised (JSON, an idempotency key) is passed already serialised, and
// build() never branches on a value. A list is one array parameter (`= any($1)`), never `in (...)`,
// whose length Kysely would fix at that compile. What build() does to a stand-in other than pass it on
// is found at the first compile and refused there, with the value's name: a stand-in inside a longer
// value, in the statement's text, copied, or not among the parameters at all.
import type { Compilable, CompiledQuery, Kysely, QueryResult } from 'kysely';
import { writesDirectory } from './directoryCache.js';
import type { Database } from './schema.js';

/** JSON already serialised, for a statement compiled once (its stand-in cannot be serialised at compile time). */
export type SerialisedJson = string & { readonly serialisedJson: true };
export const serialised = (value: unknown): SerialisedJson => JSON.stringify(value) as SerialisedJson;

/** A stand-in for the value called name: spaces around it, so trimming it would show; brackets JSON leaves as they are. */
const standIn = (name: string) => ` ⟦${name}⟧ `;
const STAND_IN = /⟦([^⟧]*)⟧/;

interface Compiled {
  query: CompiledQuery<unknown>;
  /** For each parameter, the name of the value it takes, or its fixed value. */
  slots: ({ value: string } | { fixed: unknown })[];
}

export function compiledOnce<Values extends Record<string, unknown>, Row>(
  label: string,
  build: (db: Kysely<Database>, values: Values) => Compilable<Row>,
): (db: Kysely<Database>, values: Values) => Promise<QueryResult<Row>> {
  const compiled = new WeakMap<Kysely<Database>, Compiled>();
  return async (db, values) => {
    let statement = compiled.get(db);
    if (!statement) {
      statement = compile(label, db, build as (db: Kysely<Database>, values: Record<string, unknown>) => Compilable<unknown>);
      compiled.set(db, statement);
    }
    const parameters = statement.slots.map((slot) => {
      if ('fixed' in slot) return slot.fixed;
      if (!(slot.value in values)) throw new Error(`${label}: no value given for ${slot.value}`);
      return values[slot.value];
    });
    return db.executeQuery({ ...statement.query, parameters }) as Promise<QueryResult<Row>>;
  };
}

function compile(label: string, db: Kysely<Database>, build: (db: Kysely<Database>, values: Record<string, unknown>) => Compilable<unknown>): Compiled {
  const refuse = (problem: string) => new Error(`${label} cannot be compiled once: ${problem}`);
  const asked = new Set<string>();
  const standIns = new Proxy({} as Record<string, unknown>, {
    get: (_, name) => {
      asked.add(String(name));
      return standIn(String(name));
    },
    // A copy of the values ({...values}) would hold none of them: refused rather than compiled empty.
    ownKeys: () => {
      throw refuse('build() copies or lists its values; read each one by name');
    },
  });
  const query = build(db, standIns).compile();
  if (writesDirectory(query.query)) throw refuse('it writes the directory, which the directory cache must see each time');
  const inText = STAND_IN.exec(query.sql);
  if (inText) throw refuse(`the value ${inText[1]} is in the statement's text, not a parameter`);
  const used = new Set<string>();
  const slots = query.parameters.map((parameter) => {
    if (typeof parameter !== 'string' || !STAND_IN.test(parameter)) return { fixed: parameter };
    const name = [...asked].find((each) => standIn(each) === parameter);
    if (name === undefined) throw refuse(`the value ${STAND_IN.exec(parameter)![1]} is changed or serialised inside it; pass it ready`);
    used.add(name);
    return { value: name };
  });
  const unused = [...asked].filter((name) => !used.has(name));
  if (unused.length > 0) throw refuse(`the values ${unused.join(', ')} are not parameters of the statement; pass them ready, as whole values`);
  return { query, slots };
}
