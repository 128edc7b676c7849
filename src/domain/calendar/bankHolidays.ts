// Bank holidays come from date-holidays (maintained data, substitute days included), never a
// hand-typed list. Each nation-year is computed once and kept as a set of day numbers.
import Holidays from 'date-holidays';
import { parseIsoDate, type DayNumber } from '../time/localDate.js';
import { holidayRegion, type Nation } from './nations.js';

const sources = new Map<Nation, Holidays>();
const byYear = new Map<string, ReadonlySet<DayNumber>>();

export function bankHolidays(nation: Nation, year: number): ReadonlySet<DayNumber> {
  const key = `${nation}:${year}`;
  let days = byYear.get(key);
  if (!days) {
    let source = sources.get(nation);
    if (!source) {
      source = new Holidays('GB', holidayRegion[nation]);
      sources.set(nation, source);
    }
    const found = new Set<DayNumber>();
    for (const holiday of source.getHolidays(year)) {
      if (holiday.type !== 'public' && holiday.type !== 'bank') continue;
      const day = parseIsoDate(holiday.date.slice(0, 10));
      if (day !== undefined) found.add(day);
    }
    days = found;
    byYear.set(key, days);
  }
  return days;
}
