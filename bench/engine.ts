// How fast the policy engine answers, against a bare baseline measured in the same run.
// The baseline does the arithmetic alone (start + interval, no calendar, no phases, no held sessions),
// so the ratio shows what the policy engine adds on this machine, whatever else the machine is doing.
import { performance } from 'node:perf_hooks';
import { loadPolicy, policyIds } from '../src/config/policyFiles.js';
import { calendarOf } from '../src/domain/policy/calendarOf.js';
import type { PolicyPack, SupervisionKind } from '../src/domain/policy/schema.js';
import { personSchedule } from '../src/domain/schedule/schedule.js';
import { addMonths, fromYmd, type DayNumber } from '../src/domain/time/localDate.js';

const today = fromYmd(2026, 11, 23);
const horizon = today + 90;

export function time<T>(label: string, runs: number, body: () => T): { label: string; ms: number; result: T } {
  let result = body(); // warm-up
  const started = performance.now();
  for (let run = 0; run < runs; run += 1) result = body();
  return { label, ms: (performance.now() - started) / runs, result };
}

/** A deterministic pseudo-random sequence, so every run measures the same people. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

interface Person {
  pack: PolicyPack;
  calendar: ReturnType<typeof calendarOf>;
  cohortId: string;
  start: DayNumber;
  held: Partial<Record<SupervisionKind, DayNumber[]>>;
}

function people(count: number): Person[] {
  const next = random(42);
  const packs = policyIds().map((id) => {
    const pack = loadPolicy(id);
    return { pack, calendar: calendarOf(pack), cohorts: Object.keys(pack.cohorts) };
  });
  const result: Person[] = [];
  for (let index = 0; index < count; index += 1) {
    const { pack, calendar, cohorts } = packs[index % packs.length]!;
    const cohortId = cohorts[Math.floor(next() * cohorts.length)]!;
    const start = today - Math.floor(next() * 3650);
    const held: Partial<Record<SupervisionKind, DayNumber[]>> = {};
    for (const entry of pack.cohorts[cohortId]!.supervision) {
      // The last two sessions held, somewhere in the past 10 weeks.
      const last = Math.max(start, today - Math.floor(next() * 70));
      held[entry.kind] = last - 28 > start ? [last - 28, last] : [last];
    }
    result.push({ pack, calendar, cohortId, start, held });
  }
  return result;
}

export function runEngineBench(): string {
  const cafcass = loadPolicy('cafcass');
  const cafcassCalendar = calendarOf(cafcass);
  const tenYearStart = fromYmd(2026, 11, 21);
  const tenYearEnd = addMonths(tenYearStart, 120);

  const oneEngine = time(
    'schedule: one NQSW over ten years (Cafcass, all kinds)',
    200,
    () => personSchedule({ pack: cafcass, calendar: cafcassCalendar, cohortId: 'nqsw', start: tenYearStart, until: tenYearEnd }).length,
  );
  const oneBare = time('baseline: start + 4 weeks, repeated over ten years', 200, () => {
    let count = 0;
    for (let cursor = tenYearStart + 28; cursor <= tenYearEnd; cursor += 28) count += 1;
    return count;
  });

  const crowd = people(50_000);
  const manyEngine = time('due dates of 50,000 people for the next 90 days', 3, () => {
    let count = 0;
    for (const person of crowd) {
      count += personSchedule({ ...person, until: horizon, from: today, today }).length;
    }
    return count;
  });
  const manyBare = time('baseline: last held + 4 weeks, 50,000 people x kinds, no calendar', 3, () => {
    let count = 0;
    for (const person of crowd) {
      for (const days of Object.values(person.held)) {
        for (let cursor = days![days!.length - 1]! + 28; cursor <= horizon; cursor += 28) if (cursor >= today) count += 1;
      }
    }
    return count;
  });

  const rows = [
    ['what', 'time', 'results', 'ratio to baseline'],
    ['---', '---', '---', '---'],
    [oneEngine.label, `${oneEngine.ms.toFixed(3)} ms`, String(oneEngine.result), `${(oneEngine.ms / oneBare.ms).toFixed(0)}x`],
    [oneBare.label, `${oneBare.ms.toFixed(4)} ms`, String(oneBare.result), '1x'],
    [manyEngine.label, `${manyEngine.ms.toFixed(0)} ms`, String(manyEngine.result), `${(manyEngine.ms / manyBare.ms).toFixed(0)}x`],
    [manyBare.label, `${manyBare.ms.toFixed(1)} ms`, String(manyBare.result), '1x'],
  ];
  const budgetMs = 2000;
  return [
    '## Policy engine',
    '',
    rows.map((row) => `| ${row.join(' | ')} |`).join('\n'),
    '',
    `50,000 people in ${manyEngine.ms.toFixed(0)} ms: ${manyEngine.ms < budgetMs ? 'within' : 'OVER'} the ${budgetMs} ms budget.`,
  ].join('\n');
}
