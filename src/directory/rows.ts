// Checking directory rows: each field with zod, then the rows against each other, the policy pack and the
// directory as it stands (supervision line and chat ids).
// Every problem names the line and the field, and what is allowed.
import { z } from 'zod';
import type { PolicyPack } from '../domain/policy/schema.js';
import { directoryRoles } from '../domain/policy/schema.js';
import { parseIsoDate } from '../domain/time/localDate.js';
import type { CurrentDirectory } from './current.js';
import { checkIdentities, type IdentityMove } from './identityRows.js';
import type { RawRow } from './parseFile.js';
import { checkSupervisionLine } from './supervisionLine.js';

/** Column names in CSV; YAML may use these or the camelCase forms. */
export const directoryFields = [
  'email',
  'name',
  'role',
  'team',
  'supervisor',
  'cohort',
  'start_date',
  'slack_user_id',
  'teams_aad_object_id',
  'registered_social_worker',
  'professional_supervisor',
] as const;
const aliases: Record<string, (typeof directoryFields)[number]> = {
  displayName: 'name',
  display_name: 'name',
  supervisorEmail: 'supervisor',
  supervisor_email: 'supervisor',
  startDate: 'start_date',
  slackUserId: 'slack_user_id',
  teamsAadObjectId: 'teams_aad_object_id',
  registeredSocialWorker: 'registered_social_worker',
  professionalSupervisor: 'professional_supervisor',
};

const YES = ['yes', 'y', 'true'];
const NO = ['no', 'n', 'false'];

const row = z.strictObject({
  email: z.email({ error: 'must be an email address, e.g. name@council.gov.uk' }).transform((value) => value.toLowerCase()),
  name: z.string({ error: 'is required: the name shown in chat' }).trim().min(1, { error: 'is required: the name shown in chat' }).max(200),
  role: z.enum(directoryRoles, { error: `must be one of: ${directoryRoles.join(', ')}` }),
  team: z.string().trim().min(1).max(200).optional(),
  supervisor: z
    .email({ error: "must be the supervisor's email address" })
    .transform((value) => value.toLowerCase())
    .optional(),
  cohort: z.string().trim().optional(),
  start_date: z
    .union([z.string(), z.date()])
    .transform((value, context) => {
      const text = value instanceof Date ? value.toISOString().slice(0, 10) : value.trim();
      if (parseIsoDate(text) === undefined) {
        context.addIssue({ code: 'custom', message: `'${text}' is not a date; use YYYY-MM-DD` });
        return z.NEVER;
      }
      return text;
    })
    .optional(),
  slack_user_id: z
    .string()
    .regex(/^[UW][A-Z0-9]{2,}$/, { error: 'must be a Slack user id such as U024BE7LH' })
    .optional(),
  teams_aad_object_id: z.uuid({ error: 'must be a Microsoft Entra (AAD) object id, a GUID such as 6f1d2a8e-0c3b-4a52-9d6f-1a2b3c4d5e6f' }).optional(),
  // Cafcass appendix 2 quality 8: whether the person is a registered social worker; empty when the directory does not say.
  registered_social_worker: z
    .union([z.string(), z.boolean()])
    .transform((value, context) => {
      const answer =
        typeof value === 'boolean' ? value : YES.includes(value.trim().toLowerCase()) ? true : NO.includes(value.trim().toLowerCase()) ? false : undefined;
      if (answer === undefined) {
        context.addIssue({ code: 'custom', message: `'${String(value).trim()}' must be yes or no (or left empty when not known)` });
        return z.NEVER;
      }
      return answer;
    })
    .optional(),
  // Who gives the person additional professional supervision: a registered social worker, by email.
  professional_supervisor: z
    .email({ error: 'must be the email address of the registered social worker who gives additional professional supervision' })
    .transform((value) => value.toLowerCase())
    .optional(),
});
/** What is known of supervision before the bot: `last_held_<kind>` columns, and `go_live`. */
export interface History {
  /** The last session held of each kind, YYYY-MM-DD. */
  lastHeld: Partial<Record<string, string>>;
  /** Missed supervision counts from this day where nothing earlier is known, YYYY-MM-DD. */
  goLive?: string;
}
export type DirectoryRow = z.output<typeof row> & { line: number; history?: History };

const LAST_HELD = /^last_held_(.+)$/;
const historyColumn = (key: string) => key === 'go_live' || LAST_HELD.test(key);

/** The history columns of a row, checked: dates no later than the import's day, kinds the pack has. */
function checkHistory(values: Record<string, unknown>, line: number, pack: PolicyPack, today: string, problems: RowProblem[]): History | undefined {
  const history: History = { lastHeld: {} };
  let any = false;
  for (const [field, value] of Object.entries(values)) {
    if (!historyColumn(field) || value === undefined || value === null || value === '') continue;
    const text = value instanceof Date ? value.toISOString().slice(0, 10) : String(value).trim();
    if (parseIsoDate(text) === undefined) {
      problems.push({ line, field, message: `'${text}' is not a date; use YYYY-MM-DD` });
      continue;
    }
    if (text > today) {
      problems.push({ line, field, message: `${text} is after today: give a day that has passed` });
      continue;
    }
    if (field === 'go_live') history.goLive = text;
    else {
      const kind = LAST_HELD.exec(field)![1]!;
      const kinds = Object.keys(pack.kinds).filter((candidate) => candidate !== 'situational');
      if (!kinds.includes(kind)) {
        problems.push({
          line,
          field,
          message: `'${kind}' is not a kind of supervision in the ${pack.id} policy; use one of: ${kinds.map((name) => `last_held_${name}`).join(', ')}`,
        });
        continue;
      }
      history.lastHeld[kind] = text;
    }
    any = true;
  }
  return any ? history : undefined;
}

export interface RowProblem {
  line?: number;
  field?: string;
  message: string;
}

/** A row's values under the CSV column names, before checking. */
export function canonicalValues(raw: RawRow): Record<string, unknown> {
  return Object.fromEntries(Object.entries(raw.values).map(([key, value]) => [aliases[key] ?? key, typeof value === 'number' ? String(value) : value]));
}

export type CheckedRows = { ok: true; rows: DirectoryRow[]; moves: IdentityMove[] } | { ok: false; problems: RowProblem[]; refusedMoves: IdentityMove[] };

/** Checks every row, against the others and the directory as it stands; returns the rows only when there is no problem at all. */
export function checkDirectoryRows(
  rawRows: RawRow[],
  pack: PolicyPack,
  current: CurrentDirectory,
  options: { reassignIdentities: boolean; today: string },
): CheckedRows {
  const problems: RowProblem[] = [];
  const rows: DirectoryRow[] = [];
  for (const raw of rawRows) {
    const values = canonicalValues(raw);
    const history = checkHistory(values, raw.line, pack, options.today, problems);
    const parsed = row.safeParse(Object.fromEntries(Object.entries(values).filter(([key]) => !historyColumn(key))), { reportInput: true });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        if (issue.code === 'unrecognized_keys') {
          problems.push({
            line: raw.line,
            field: issue.keys.join(', '),
            message: `is not a directory field; allowed: ${directoryFields.join(', ')}, go_live and last_held_<kind>`,
          });
        } else {
          const field = String(issue.path[0] ?? '');
          problems.push({
            line: raw.line,
            field,
            message: issue.input === undefined && !issue.message.startsWith('is required') ? `is required: it ${issue.message}` : issue.message,
          });
        }
      }
      continue;
    }
    rows.push({ ...parsed.data, line: raw.line, ...(history ? { history } : {}) });
  }

  const byEmail = new Map<string, DirectoryRow>();
  for (const person of rows) {
    const earlier = byEmail.get(person.email);
    if (earlier) problems.push({ line: person.line, field: 'email', message: `${person.email} is already on line ${earlier.line}` });
    else byEmail.set(person.email, person);
  }
  const cohorts = Object.keys(pack.cohorts);
  for (const person of rows) {
    if (person.cohort !== undefined && !cohorts.includes(person.cohort)) {
      problems.push({
        line: person.line,
        field: 'cohort',
        message: `'${person.cohort}' is not a cohort of the ${pack.id} policy; allowed: ${cohorts.join(', ')}`,
      });
    }
    if (person.role === 'practitioner' && person.cohort === undefined) {
      problems.push({
        line: person.line,
        field: 'cohort',
        message: `is required for a practitioner: it sets how often they are supervised; allowed: ${cohorts.join(', ')}`,
      });
    }
    if (person.cohort && pack.cohorts[person.cohort]?.needsStartDate && person.start_date === undefined) {
      problems.push({
        line: person.line,
        field: 'start_date',
        message: `is required for cohort '${person.cohort}': its supervision is counted from the start date (YYYY-MM-DD)`,
      });
    }
    if (person.professional_supervisor !== undefined) {
      const named = byEmail.get(person.professional_supervisor);
      const registered = named?.registered_social_worker ?? current.people.get(person.professional_supervisor)?.registeredSocialWorker;
      if (person.professional_supervisor === person.email)
        problems.push({ line: person.line, field: 'professional_supervisor', message: 'cannot be the person themselves' });
      else if (!named && !current.people.has(person.professional_supervisor))
        problems.push({
          line: person.line,
          field: 'professional_supervisor',
          message: `${person.professional_supervisor} is neither in this file nor in the directory`,
        });
      else if (registered !== true)
        problems.push({
          line: person.line,
          field: 'professional_supervisor',
          message: `${person.professional_supervisor} is not recorded as a registered social worker: give them registered_social_worker yes`,
        });
    }
    if (person.supervisor !== undefined) {
      if (person.supervisor === person.email) problems.push({ line: person.line, field: 'supervisor', message: 'cannot be the person themselves' });
      else if (!byEmail.has(person.supervisor) && !current.people.has(person.supervisor)) {
        problems.push({ line: person.line, field: 'supervisor', message: `${person.supervisor} is neither in this file nor in the directory` });
      }
    }
  }
  problems.push(...checkSupervisionLine(rows, current));
  const identities = checkIdentities(rows, current, options.reassignIdentities);
  problems.push(...identities.problems);
  problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  if (problems.length > 0) return { ok: false, problems, refusedMoves: options.reassignIdentities ? [] : identities.moves };
  return { ok: true, rows, moves: identities.moves };
}
