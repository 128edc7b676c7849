// The three UK bank-holiday calendars. England and Wales share one (Cafcass Cymru uses it).

export const nations = ['england-and-wales', 'scotland', 'northern-ireland'] as const;
export type Nation = (typeof nations)[number];

/** date-holidays' region code for each nation. */
export const holidayRegion: Record<Nation, string> = {
  'england-and-wales': 'ENG',
  scotland: 'SCT',
  'northern-ireland': 'NIR',
};
