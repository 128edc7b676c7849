// A directory file (YAML or CSV) as rows with the line each starts on, before any checking.
import { parse as parseCsv } from 'csv-parse/sync';
import { isMap, isSeq, LineCounter, parseDocument, type Node } from 'yaml';

export interface RawRow {
  line: number;
  values: Record<string, unknown>;
}

export type ParsedFile = { ok: true; rows: RawRow[] } | { ok: false; problems: { line?: number; field?: string; message: string }[] };

export function parseDirectoryFile(fileName: string, text: string): ParsedFile {
  if (/\.csv$/i.test(fileName)) return parseCsvText(text);
  if (/\.ya?ml$/i.test(fileName)) return parseYamlText(text);
  return { ok: false, problems: [{ message: `'${fileName}' must end in .csv, .yaml or .yml` }] };
}

function parseCsvText(text: string): ParsedFile {
  try {
    const records = parseCsv(text, {
      columns: (header: string[]) => header.map((name) => name.trim()),
      skip_empty_lines: true,
      trim: true,
      info: true,
      bom: true,
    }) as {
      record: Record<string, string>;
      info: { lines: number; empty_lines: number };
    }[];
    let previousEnd = 1;
    let previousEmpty = 0;
    const rows: RawRow[] = records.map(({ record, info }) => {
      const line = previousEnd + 1 + (info.empty_lines - previousEmpty);
      previousEnd = info.lines;
      previousEmpty = info.empty_lines;
      return { line, values: Object.fromEntries(Object.entries(record).filter(([, value]) => value !== '')) };
    });
    return { ok: true, rows };
  } catch (error) {
    const csvError = error as { message: string; lines?: number };
    return { ok: false, problems: [{ line: csvError.lines, message: `is not valid CSV: ${csvError.message}` }] };
  }
}

function parseYamlText(text: string): ParsedFile {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, uniqueKeys: true });
  if (document.errors.length > 0) {
    return {
      ok: false,
      problems: document.errors.map((error) => ({ line: error.linePos?.[0]?.line, message: `is not valid YAML: ${error.message.split('\n')[0]}` })),
    };
  }
  // Either a list of people, or `people:` holding the list.
  let list: Node | null | undefined = document.contents as Node | null;
  if (isMap(list)) list = list.get('people', true) as Node | undefined;
  if (!isSeq(list)) return { ok: false, problems: [{ line: 1, message: "must be a list of people, or have 'people:' with a list" }] };
  const rows = list.items.map((item) => {
    const offset = (item as Node).range?.[0] ?? 0;
    const value = (item as Node & { toJSON(): unknown }).toJSON();
    return {
      line: lineCounter.linePos(offset).line,
      values: value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : { '(row)': value },
    };
  });
  return { ok: true, rows };
}
