import { DateTime, IANAZone } from 'luxon';
import { describe, expect, it } from 'vitest';
import { zoneNamed } from '../../../src/domain/calendar/zone.js';

describe('an organisation’s zone, with its offsets remembered', () => {
  const london = zoneNamed('Europe/London');
  const plain = IANAZone.create('Europe/London');

  it('gives the offsets luxon gives, minute by minute across both clock changes and asked twice', () => {
    // Sun 29 Mar 2026 01:00 UTC the clocks go forward; Sun 25 Oct 2026 01:00 UTC they go back.
    for (const change of ['2026-03-29T01:00:00Z', '2026-10-25T01:00:00Z']) {
      const at = Date.parse(change);
      for (let ms = at - 90 * 60_000; ms <= at + 90 * 60_000; ms += 17_000) {
        expect(london.offset(ms)).toBe(plain.offset(ms));
        expect(london.offset(ms)).toBe(plain.offset(ms));
      }
    }
    expect(london.offset(Date.parse('2026-03-29T00:59:59.999Z'))).toBe(0);
    expect(london.offset(Date.parse('2026-03-29T01:00:00Z'))).toBe(60);
  });

  it('puts local times where luxon puts them: 09:00 on the Monday after each change', () => {
    expect(DateTime.fromISO('2026-03-30T09:00', { zone: london }).toUTC().toISO()).toBe('2026-03-30T08:00:00.000Z');
    expect(DateTime.fromISO('2026-10-26T09:00', { zone: london }).toUTC().toISO()).toBe('2026-10-26T09:00:00.000Z');
  });

  it('is one zone per name, and refuses a name that is no zone', () => {
    expect(zoneNamed('Europe/London')).toBe(london);
    expect(() => zoneNamed('Europe/Atlantis')).toThrow(/not a time zone/);
  });
});
