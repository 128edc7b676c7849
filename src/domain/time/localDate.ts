// Calendar dates as whole day numbers (days since 1970-01-01, UTC arithmetic), so date maths
// never meets a time zone or a clock change. Datetimes (deadlines, hours) use luxon instead.

export type DayNumber = number;

const MS_PER_DAY = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function fromYmd(year: number, month: number, day: number): DayNumber {
  return Math.floor(Date.UTC(year, month - 1, day) / MS_PER_DAY);
}

/** Parses YYYY-MM-DD; returns undefined for anything else, including 2026-02-30. */
export function parseIsoDate(text: string): DayNumber | undefined {
  const match = ISO_DATE.exec(text);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const value = fromYmd(year, month, day);
  const back = toYmd(value);
  return back.year === year && back.month === month && back.day === day ? value : undefined;
}

export function toYmd(value: DayNumber): { year: number; month: number; day: number } {
  const date = new Date(value * MS_PER_DAY);
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

export function formatIsoDate(value: DayNumber): string {
  const { year, month, day } = toYmd(value);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** ISO weekday: Monday 1 ... Sunday 7. 1970-01-01 was a Thursday. */
export function isoWeekday(value: DayNumber): number {
  return ((((value + 3) % 7) + 7) % 7) + 1;
}

/** Adds calendar months, clamping to the month's last day (31 January + 1 month = 28/29 February). */
export function addMonths(value: DayNumber, months: number): DayNumber {
  const { year, month, day } = toYmd(value);
  const index = year * 12 + (month - 1) + months;
  const targetYear = Math.floor(index / 12);
  const targetMonth = (index % 12) + 1;
  return fromYmd(targetYear, targetMonth, Math.min(day, daysInMonth(targetYear, targetMonth)));
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}
