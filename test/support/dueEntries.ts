// Shared ways to look at due dates in the policy tests: as ISO dates, with status, with phase.
import { DateTime } from 'luxon';
import type { DueEntry } from '../../src/domain/schedule/cadence.js';
import { iso } from './packs.js';

export const london = (text: string) => DateTime.fromISO(text, { zone: 'Europe/London' });

export const dates = (entries: readonly DueEntry[]) => entries.map((entry) => iso(entry.date));

export const rows = (entries: readonly DueEntry[]) =>
  entries.map((entry) =>
    entry.heldOn === undefined ? { date: iso(entry.date), status: entry.status } : { date: iso(entry.date), status: entry.status, heldOn: iso(entry.heldOn) },
  );

export const phased = (entries: readonly DueEntry[]) => entries.map((entry) => [iso(entry.date), entry.phase]);

/** "2026-12-31 held 2026-12-10", one string per entry. */
export const statuses = (entries: readonly DueEntry[]) =>
  entries.map((entry) => [iso(entry.date), entry.status, ...(entry.heldOn === undefined ? [] : [iso(entry.heldOn)])].join(' '));
