// The setup most flow tests share: a store of its own (closed when the test finishes), a fake clock, a
// policy pack, a small directory imported, its people by their email's local part, and a FlowContext.
import { expect, onTestFinished } from 'vitest';
import { importDirectory, type ImportResult } from '../../src/directory/importDirectory.js';
import type { Actor, FlowContext } from '../../src/flows/context.js';
import { runAction } from '../../src/flows/router.js';
import type { Store } from '../../src/store/open.js';
import type { TestDatabase } from './databases.js';
import { FakeClock } from './fakes.js';
import { pack } from './packs.js';

export interface FlowSetup {
  store: Store;
  clock: FakeClock;
  /** The pack as loaded, with its calendar. */
  pack: ReturnType<typeof pack>;
  context: FlowContext;
  /** Everyone imported, by their email's local part: worker@example.org is people.worker. */
  people: Record<string, Actor>;
  imported: ImportResult;
}

/**
 * Opens a store on `database` (closed when the test finishes, after its afterEach hooks), sets the clock at
 * `at` (Monday 23 November 2026, 10:00 London time, unless given), loads the pack `policy` and imports
 * `directory` as staff.csv. The import must succeed unless `mayFail` is set: then the caller checks `imported`.
 */
export async function flowSetup(
  database: TestDatabase,
  options: { policy: string; directory: string; at?: string; mayFail?: boolean; language?: 'en-GB' | 'cy' | null },
): Promise<FlowSetup> {
  const store = await database.open();
  onTestFinished(() => store.close());
  const clock = new FakeClock(options.at ?? '2026-11-23T10:00:00Z');
  const loaded = pack(options.policy);
  const imported = await importDirectory({ db: store.db, pack: loaded.pack, fileName: 'staff.csv', text: options.directory, now: clock.now() });
  if (!options.mayFail) expect(imported.ok).toBe(true);
  // Everyone has chosen English (a pack's rules are checked in English), unless the test says otherwise: null, nobody has chosen.
  const language = options.language === undefined ? 'en-GB' : options.language;
  if (language) await store.db.updateTable('person').set({ language }).execute();
  const people = Object.fromEntries(
    (await store.db.selectFrom('person').selectAll().execute()).map((person) => [person.email.split('@')[0]!, person as Actor]),
  );
  const context: FlowContext = { db: store.db, pack: loaded.pack, calendar: loaded.calendar, clock };
  return { store, clock, pack: loaded, context, people, imported };
}

/** A raise form as the flow tests send it: an urgent harm-or-risk trigger on case CF-204518, unless overridden. */
export function raiseForm(requestId: string, overrides: Record<string, string> = {}): Record<string, string> {
  return {
    triggerId: 'harm-or-risk',
    requestId,
    caseReference: 'CF-204518',
    urgency: 'urgent',
    experience: 'A new allegation was made at the visit today.',
    goal: 'Agree what to do today.',
    availability: '',
    ...overrides,
  };
}

/** `actor` submits raiseForm(requestId, overrides). */
export function raise(context: FlowContext, actor: Actor, requestId: string, overrides: Record<string, string> = {}) {
  return runAction(context, actor, 'raise.submit', raiseForm(requestId, overrides));
}

/** A one-to-one session held at `at` (ISO), written straight to the store: history a test builds before what it drives. */
export function held(setup: Pick<FlowSetup, 'store' | 'people'>, who: string, supervisor: string, at: string, kind = 'case') {
  return setup.store.db
    .insertInto('supervision_session')
    .values({
      id: `${who}-${kind}-${at}`,
      organisation_id: 'default',
      kind,
      supervisee_id: setup.people[who]!.id,
      supervisor_id: setup.people[supervisor]!.id,
      starts_at: at,
      duration_minutes: 90,
      status: 'held',
    })
    .execute();
}
