// The playground's demo organisation: invented people (no real ones), in the policy pack's own
// cohorts, each with a Teams identity the playground speaks for.
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { PolicyPack } from '../domain/policy/schema.js';
import { importDirectory } from '../directory/importDirectory.js';
import type { Database } from '../store/schema.js';
import { DateTime } from 'luxon';
import { calendarOf } from '../domain/policy/calendarOf.js';
import { bookableKinds, defaultMinutes } from '../domain/schedule/booking.js';
import { formatIsoDate } from '../domain/time/localDate.js';
import { ORGANISATION_ID } from '../store/organisation.js';
import { DEMO_HISTORY_DEFAULTS, seedDemoHistory, type DemoHistoryOptions, type DemoHistorySummary } from './demoHistory.js';

/** Demo people's addresses use a domain that can never exist (RFC 6761). */
export const DEMO_DOMAIN = '@demo.invalid';

/** The demo team's channel: a Teams channel id of the playground's own, never a real team's. Its group supervision is set up there. */
export const PLAYGROUND_CHANNEL = '19:playground-demo-team@thread.tacv2';

export interface DemoPerson {
  email: string;
  name: string;
  role: 'practitioner' | 'supervisor' | 'manager' | 'senior-manager';
  roleTitle: string;
  supervisor?: string;
  cohortPreference: string[];
  startedDaysAgo: number;
  /** The language they chose in settings, where not English (issue 21): the bot writes to them in it. */
  language?: 'cy';
}

export const demoPeople: DemoPerson[] = [
  { email: 'marcus.bell@demo.invalid', name: 'Marcus Bell', role: 'senior-manager', roleTitle: 'Service manager', cohortPreference: [], startedDaysAgo: 2400 },
  {
    email: 'helen.clarke@demo.invalid',
    name: 'Helen Clarke',
    role: 'manager',
    roleTitle: 'Team manager',
    supervisor: 'marcus.bell@demo.invalid',
    cohortPreference: [],
    startedDaysAgo: 1800,
  },
  {
    email: 'daniel.reid@demo.invalid',
    name: 'Daniel Reid',
    role: 'supervisor',
    roleTitle: 'Practice supervisor',
    supervisor: 'helen.clarke@demo.invalid',
    cohortPreference: [],
    startedDaysAgo: 1500,
  },
  {
    email: 'priya.shah@demo.invalid',
    name: 'Priya Shah',
    role: 'practitioner',
    roleTitle: 'Social worker (newly qualified)',
    supervisor: 'daniel.reid@demo.invalid',
    cohortPreference: ['nqsw', 'new-practitioner', 'asye', 'case-holder'],
    startedDaysAgo: 45,
  },
  {
    email: 'tom.evans@demo.invalid',
    name: 'Tom Evans',
    role: 'practitioner',
    roleTitle: 'Social worker, Cymraeg',
    supervisor: 'daniel.reid@demo.invalid',
    cohortPreference: ['established', 'staff', 'case-holder', 'practitioner'],
    startedDaysAgo: 900,
    language: 'cy',
  },
  {
    email: 'grace.okafor@demo.invalid',
    name: 'Grace Okafor',
    role: 'practitioner',
    roleTitle: 'Senior social worker',
    supervisor: 'daniel.reid@demo.invalid',
    cohortPreference: ['established', 'staff', 'case-holder', 'practitioner'],
    startedDaysAgo: 2000,
  },
];

function cohortFor(pack: PolicyPack, person: DemoPerson): string {
  const cohorts = Object.keys(pack.cohorts);
  return person.cohortPreference.find((id) => cohorts.includes(id)) ?? cohorts[0]!;
}

/**
 * Fills an empty directory with the demo people and their history (src/playground/demoHistory.ts: by
 * default six months from seed 1); leaves a directory that has anyone in it alone (undefined).
 */
export async function seedDemoDirectory(
  db: Kysely<Database>,
  pack: PolicyPack,
  now: Date,
  history: DemoHistoryOptions = DEMO_HISTORY_DEFAULTS,
): Promise<DemoHistorySummary | undefined> {
  const anyone = await db.selectFrom('person').select('id').limit(1).executeTakeFirst();
  if (anyone) return undefined;
  const day = (daysAgo: number) => new Date(now.getTime() - daysAgo * 86_400_000).toISOString().slice(0, 10);
  const rows = demoPeople.map((person) =>
    [
      person.email,
      person.name,
      person.role,
      'Demo team',
      person.supervisor ?? '',
      person.role === 'practitioner' ? cohortFor(pack, person) : '',
      person.role === 'practitioner' ? day(person.startedDaysAgo) : '',
      '',
      randomUUID(),
      // The demo organisation went live eight weeks ago: what was missed before then is not counted.
      day(56),
    ].join(','),
  );
  const text = ['email,name,role,team,supervisor,cohort,start_date,slack_user_id,teams_aad_object_id,go_live', ...rows].join('\n');
  const result = await importDirectory({ db, pack, fileName: 'demo.csv', text, now });
  if (!result.ok) throw new Error(`the demo directory does not fit the ${pack.id} policy: ${result.problems.map((problem) => problem.message).join('; ')}`);
  // Their own choice of language, as if made in settings: Tom Evans reads the bot in Welsh.
  for (const person of demoPeople)
    if (person.language) await db.updateTable('person').set({ language: person.language }).where('email', '=', person.email).execute();
  const summary = await seedDemoHistory(db, pack, now, history, {
    supervisor: 'daniel.reid@demo.invalid',
    onLeave: 'grace.okafor@demo.invalid',
    missedLatest: 'tom.evans@demo.invalid',
  });
  await seedBookedSessions(db, pack, now);
  return summary;
}

/**
 * Two sessions booked a few working days ahead (Priya Shah's on the third, Grace Okafor's on the fourth),
 * so that time travel shows a week of reminders: preparation, on the day, and "was it held?".
 */
async function seedBookedSessions(db: Kysely<Database>, pack: PolicyPack, now: Date): Promise<void> {
  const calendar = calendarOf(pack);
  const today = calendar.dayOf(DateTime.fromJSDate(now));
  const supervisor = await db.selectFrom('person').select('id').where('email', '=', 'daniel.reid@demo.invalid').executeTakeFirstOrThrow();
  for (const [email, workingDays, time] of [
    ['priya.shah@demo.invalid', 3, '10:00'],
    ['grace.okafor@demo.invalid', 4, '14:00'],
  ] as const) {
    const person = await db.selectFrom('person').selectAll().where('email', '=', email).executeTakeFirstOrThrow();
    const kind = pack.cohorts[person.cohort!]?.supervision.find((entry) => bookableKinds(pack).includes(entry.kind))?.kind;
    if (!kind) continue;
    await db
      .insertInto('supervision_session')
      .values({
        id: randomUUID(),
        organisation_id: ORGANISATION_ID,
        kind,
        supervisee_id: person.id,
        supervisor_id: supervisor.id,
        starts_at: DateTime.fromISO(`${formatIsoDate(calendar.addWorkingDays(today, workingDays))}T${time}`, { zone: calendar.zone }).toJSDate(),
        duration_minutes: defaultMinutes(pack, kind),
        status: 'booked',
        booked_by: supervisor.id,
        created_at: now,
        updated_at: now,
      })
      .execute();
  }
}
