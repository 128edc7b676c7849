// `supervision-bot deadline`: when the record of a supervision held at a given moment is due.
import { DateTime, type Zone } from 'luxon';
import { z } from 'zod';
import { loadPolicy, policyIds } from '../config/policyFiles.js';
import { calendarOf } from '../domain/policy/calendarOf.js';
import { citeSource } from '../domain/policy/cite.js';
import type { SupervisionKind } from '../domain/policy/schema.js';
import { recordDeadline } from '../domain/records/deadline.js';
import type { CommandIo } from './io.js';
import { argument, oneOf, parseOptions } from './usage.js';

const COMMAND = 'deadline';

function isoDateTime(zone: Zone) {
  return z.string({ error: 'is required: a date and time, e.g. 2026-12-23T15:00' }).transform((value, context) => {
    const parsed = DateTime.fromISO(value, { zone, setZone: /(?:Z|[+-]\d{2}:?\d{2})$/.test(value) });
    if (!parsed.isValid || !/T\d{2}:\d{2}/.test(value)) {
      context.addIssue({
        code: 'custom',
        message: `'${value}' is not a date and time; use ISO 8601, e.g. 2026-12-23T15:00 (London time) or 2026-12-23T15:00Z`,
      });
      return z.NEVER;
    }
    return parsed.setZone(zone);
  });
}

export function deadlineCommand(args: string[], io: CommandIo): number {
  const { values } = parseOptions(COMMAND, args, {
    policy: { type: 'string' },
    record: { type: 'string' },
    at: { type: 'string' },
    significant: { type: 'boolean' },
    json: { type: 'boolean' },
  });
  const policyId = argument(COMMAND, 'policy', oneOf(policyIds()), values.policy);
  const pack = loadPolicy(policyId);
  const recordKinds = Object.entries(pack.kinds)
    .filter(([, kind]) => kind?.record)
    .map(([name]) => name);
  const kind = argument(COMMAND, 'record', oneOf(recordKinds, `record kinds of ${policyId}`), values.record) as SupervisionKind;
  const calendar = calendarOf(pack);
  const at = argument(COMMAND, 'at', isoDateTime(calendar.zone), values.at);
  const result = recordDeadline({ pack, calendar, kind, at, significant: values.significant ?? false });
  const due = result.due.toISO()!;
  const citation = citeSource(pack, result.source);
  if (values.json) {
    io.out(JSON.stringify({ due, rule: result.rule, source: result.source, citation, local: result.local }));
    return 0;
  }
  io.out(
    `${pack.kinds[kind]?.title} held ${at.toFormat("cccc d LLLL yyyy 'at' HH:mm")}: record due by ${result.due.toFormat("cccc d LLLL yyyy 'at' HH:mm")} (${due}).`,
  );
  io.out(`Rule: ${result.rule}. Source: ${citation}${result.local ? '; a local choice, not a number from the policy' : ''}.`);
  return 0;
}
