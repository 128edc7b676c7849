// The cadence watch and the schedule views read, of each person's sessions held, only the latest of each
// kind on or before today (one row per person and kind, not a year of them). That is sound only if what
// is due from today, planned or overdue, depends on nothing older: checked here for every cohort of
// every pack, over random histories. A kind counted "N a year" at any time in the year (Bexley's four
// observations) needs every session of the last two years instead, and is checked with those.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { calendarOf } from '../../../src/domain/policy/calendarOf.js';
import type { SupervisionKind } from '../../../src/domain/policy/schema.js';
import { personSchedule } from '../../../src/domain/schedule/schedule.js';
import { COUNT_IN_YEAR_LOOKBACK_DAYS } from '../../../src/domain/schedule/cadence.js';
import { countedInYear } from '../../../src/domain/schedule/schedule.js';
import { fromYmd } from '../../../src/domain/time/localDate.js';
import { pack } from '../../support/packs.js';

const packIds = ['cafcass', 'cafcass-cymru', 'bexley', 'islington', 'cumberland'];

describe('what is due from today depends only on the latest session held of each kind', () => {
  for (const packId of packIds) {
    const policy = pack(packId).pack;
    const calendar = calendarOf(policy);
    for (const [cohortId, cohort] of Object.entries(policy.cohorts)) {
      it(`${packId}, ${cohortId}`, () => {
        const kinds = cohort.supervision.map((entry) => entry.kind);
        fc.assert(
          fc.property(
            fc.integer({ min: fromYmd(2024, 1, 1), max: fromYmd(2027, 6, 30) }),
            fc.integer({ min: 0, max: 900 }),
            fc.array(fc.tuple(fc.constantFrom(...kinds), fc.integer({ min: 0, max: 900 })), { maxLength: 30 }),
            (start, daysSinceStart, sessions) => {
              const today = start + daysSinceStart;
              const held: Partial<Record<SupervisionKind, number[]>> = {};
              for (const [kind, offset] of sessions) if (offset <= daysSinceStart) (held[kind] ??= []).push(start + offset);
              const latest: Partial<Record<SupervisionKind, number[]>> = {};
              const counted = countedInYear(cohort);
              for (const [kind, days] of Object.entries(held))
                latest[kind as SupervisionKind] = counted.has(kind as SupervisionKind)
                  ? // Every session of the lookback, two on one day counted as two (as the store returns them), else the latest.
                    days.some((day) => day >= today - COUNT_IN_YEAR_LOOKBACK_DAYS)
                    ? days.filter((day) => day >= today - COUNT_IN_YEAR_LOOKBACK_DAYS)
                    : [Math.max(...days)]
                  : [Math.max(...days)];
              const due = (history: typeof held) =>
                personSchedule({ pack: policy, calendar, cohortId, start, held: history, from: today, today, until: today + 90 })
                  .filter((entry) => entry.status === 'planned' || entry.status === 'overdue')
                  .map((entry) => `${entry.kind} ${entry.date} ${entry.status}`);
              expect(due(latest)).toEqual(due(held));
            },
          ),
          { numRuns: 150 },
        );
      });
    }
  }
});
