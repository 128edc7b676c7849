// `supervision-bot cases import FILE`: the cases each worker holds, with their case category (the
// service area whose cadence the case's supervision follows) and allocation date. The file is the full
// list of open cases: a case it leaves out is closed, a case given again is open again. It carries a case
// reference, never a child's name: a column that looks like a name refuses the file. Any bad row means
// nothing changes, and every bad row is reported by line and field. A case whose category changes loses a
// frequency raised for it (caseCadence.ts): that was raised above the old category's.
import { parse as parseCsv } from 'csv-parse/sync';
import { DateTime } from 'luxon';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { PolicyPack } from '../domain/policy/schema.js';
import { caseReferenceProblem, normaliseCaseReference } from '../domain/triggers/raise.js';
import { parseIsoDate } from '../domain/time/localDate.js';
import { parseDirectoryFile } from '../directory/parseFile.js';
import type { RowProblem } from '../directory/rows.js';
import { writeAudit } from '../store/audit.js';
import type { Database } from '../store/schema.js';

export const caseListFields = ['case_reference', 'category', 'worker', 'allocated_on'] as const;

/** A column whose name suggests a person's name or identity: a case list carries none. */
const NAME_LIKE = /name|forename|surname|child|dob|birth|first|last|initials|address/i;

export type CaseImportResult = { ok: true; opened: number; updated: number; unchanged: number; closed: number } | { ok: false; problems: RowProblem[] };

interface CaseRow {
  line: number;
  case_reference: string;
  category: string;
  worker: string;
  allocated_on: string;
}

export async function importCases(input: {
  db: Kysely<Database>;
  pack: PolicyPack;
  fileName: string;
  text: string;
  now: Date;
  dryRun?: boolean;
}): Promise<CaseImportResult> {
  const refuse = async (problems: RowProblem[]): Promise<CaseImportResult> => {
    if (!input.dryRun) {
      await writeAudit(input.db, {
        at: input.now,
        actorId: null,
        action: 'cases.import.refused',
        objectType: 'case_list',
        objectId: 'import',
        detail: { problems: problems.slice(0, 100).map((problem) => ({ line: problem.line ?? null, field: problem.field ?? null })) },
      });
    }
    return { ok: false, problems };
  };
  const categories = Object.keys(input.pack.caseCategories ?? {});
  if (categories.length === 0) return refuse([{ message: `the ${input.pack.organisation} policy has no case categories, so it keeps no case list` }]);
  if (!/\.csv$/i.test(input.fileName)) return refuse([{ message: `'${input.fileName}' must end in .csv` }]);
  const header = headerOf(input.text);
  if (!header.ok) return refuse([{ line: 1, message: header.message }]);
  const headerProblems = header.columns.flatMap((column): RowProblem[] => {
    if ((caseListFields as readonly string[]).includes(column)) return [];
    if (NAME_LIKE.test(column)) {
      return [{ line: 1, field: column, message: "looks like a child's name or details: a case list carries the case reference only; remove this column" }];
    }
    return [{ line: 1, field: column, message: `is not a case list column; allowed: ${caseListFields.join(', ')}` }];
  });
  const missing = caseListFields.filter((field) => !header.columns.includes(field));
  if (missing.length > 0) headerProblems.push({ line: 1, message: `has no ${missing.join(', ')} column; a case list has: ${caseListFields.join(', ')}` });
  if (headerProblems.length > 0) return refuse(headerProblems);

  const parsed = parseDirectoryFile(input.fileName, input.text);
  if (!parsed.ok) return refuse(parsed.problems);
  if (parsed.rows.length === 0) return refuse([{ message: 'has no cases in it' }]);
  const today = DateTime.fromJSDate(input.now).setZone(input.pack.timezone).toISODate()!;
  const schema = rowSchema(input.pack, categories, today);
  const problems: RowProblem[] = [];
  const rows: CaseRow[] = [];
  const lineOf = new Map<string, number>();
  for (const raw of parsed.rows) {
    const result = schema.safeParse(raw.values);
    if (!result.success) {
      for (const issue of result.error.issues) problems.push({ line: raw.line, field: String(issue.path[0] ?? ''), message: issue.message });
      continue;
    }
    const earlier = lineOf.get(result.data.case_reference);
    if (earlier !== undefined) {
      problems.push({ line: raw.line, field: 'case_reference', message: `${result.data.case_reference} is already on line ${earlier}` });
      continue;
    }
    lineOf.set(result.data.case_reference, raw.line);
    rows.push({ line: raw.line, ...result.data });
  }

  // Workers by email (as the directory import gives them) or by their id in the directory.
  const named = [...new Set(rows.map((row) => row.worker))];
  const people = named.length
    ? await input.db
        .selectFrom('person')
        .select(['id', 'email'])
        .where((where) => where.or([where('email', 'in', named), where('id', 'in', named)]))
        .execute()
    : [];
  const workerId = new Map<string, string>();
  for (const person of people) {
    workerId.set(person.email, person.id);
    workerId.set(person.id, person.id);
  }
  for (const row of rows) {
    if (!workerId.has(row.worker)) {
      problems.push({
        line: row.line,
        field: 'worker',
        message: `${row.worker} is not in the directory; give the worker's email or id as the directory import has them`,
      });
    }
  }
  if (problems.length > 0) return refuse(problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0)));

  return input.db.transaction().execute(async (trx) => {
    const before = new Map((await trx.selectFrom('allocated_case').selectAll().execute()).map((current) => [current.case_reference, current]));
    let opened = 0;
    let updated = 0;
    let unchanged = 0;
    for (const row of rows) {
      const values = { category: row.category, worker_id: workerId.get(row.worker)!, allocated_on: row.allocated_on, closed_on: null };
      const current = before.get(row.case_reference);
      if (
        current &&
        current.closed_on === null &&
        current.category === values.category &&
        current.worker_id === values.worker_id &&
        current.allocated_on === values.allocated_on
      ) {
        unchanged += 1;
        continue;
      }
      if (current) updated += 1;
      else opened += 1;
      if (input.dryRun) continue;
      // A frequency raised for the case (caseFrequencyRaised) was raised above its old category's: a new
      // category, with a cadence of its own, starts from that category's.
      const reset = current && current.category !== values.category ? { every_weeks: null, every_set_by: null, every_set_at: null, every_reason: null } : {};
      await trx
        .insertInto('allocated_case')
        .values({ case_reference: row.case_reference, ...values, imported_at: input.now })
        .onConflict((conflict) => conflict.column('case_reference').doUpdateSet({ ...values, ...reset, imported_at: input.now }))
        .execute();
    }
    const closing = [...before.values()]
      .filter((current) => current.closed_on === null && !lineOf.has(current.case_reference))
      .map((current) => current.case_reference);
    if (!input.dryRun) {
      if (closing.length > 0) await trx.updateTable('allocated_case').set({ closed_on: today }).where('case_reference', 'in', closing).execute();
      await writeAudit(trx, {
        at: input.now,
        actorId: null,
        action: 'cases.import',
        objectType: 'case_list',
        objectId: 'import',
        detail: { opened, updated, unchanged, closed: closing.length },
      });
    }
    return { ok: true as const, opened, updated, unchanged, closed: closing.length };
  });
}

function headerOf(text: string): { ok: true; columns: string[] } | { ok: false; message: string } {
  try {
    const first = parseCsv(text, { to_line: 1, bom: true, trim: true, skip_empty_lines: true }) as string[][];
    return { ok: true, columns: (first[0] ?? []).map((column) => column.trim()) };
  } catch (error) {
    return { ok: false, message: `is not valid CSV: ${(error as Error).message}` };
  }
}

function rowSchema(pack: PolicyPack, categories: string[], today: string) {
  const reference = pack.caseReference;
  return z.object({
    case_reference: z.string({ error: `is required: the ${reference.system} case reference, e.g. ${reference.example}` }).transform((value, context) => {
      const problem = caseReferenceProblem(pack, value);
      if (problem) {
        // The value is not repeated: it may be a child's name.
        context.addIssue({
          code: 'custom',
          message: `is not a case reference of ${reference.system}, such as ${reference.example}; a case list never carries a child's name`,
        });
        return z.NEVER;
      }
      return normaliseCaseReference(pack, value);
    }),
    category: z
      .string({ error: `is required; allowed: ${categories.join(', ')}` })
      .transform((value) => value.trim().toLowerCase())
      .refine((value) => categories.includes(value), {
        error: (issue) => `'${String(issue.input)}' is not a case category of the ${pack.organisation} policy; allowed: ${categories.join(', ')}`,
      }),
    worker: z
      .string({ error: "is required: the worker's email or id in the directory" })
      .transform((value) => (value.includes('@') ? value.trim().toLowerCase() : value.trim())),
    allocated_on: z
      .string({ error: 'is required: the day the case was allocated, YYYY-MM-DD' })
      .refine((value) => parseIsoDate(value) !== undefined && value <= today, {
        error: (issue) =>
          parseIsoDate(String(issue.input)) === undefined
            ? `'${String(issue.input)}' is not a date; use YYYY-MM-DD`
            : `'${String(issue.input)}' is after today; give the day the case was allocated`,
      }),
  });
}
