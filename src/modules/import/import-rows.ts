import { textProblem } from '../../text/text-problems.js';
import { parseCsv } from '../../text/csv.js';

/** What an import file may hold: status changes, figures and systems, one per row. */
export type ImportRowType = 'connectionStatus' | 'observation' | 'system';
export const ROW_TYPES: ImportRowType[] = ['connectionStatus', 'observation', 'system'];

export interface ImportRow {
  /** 1-based position of the row among the file's rows (CSV: line number minus one, the header being line 1). */
  row: number;
  type: string;
  fields: Record<string, string | number | null>;
}

export class ImportFileError extends Error {}

const NUMERIC = new Set(['value', 'numerator', 'denominator', 'target']);

/**
 * Refuses the file when a row holds what no stored value may (the input guard's rule: NUL, control characters, lone
 * surrogates) or, in JSON, a value that is neither text, a number nor null; the message names the row and column.
 */
function checkRows(rows: ImportRow[]): ImportRow[] {
  const problems: string[] = [];
  for (const row of rows) {
    for (const [column, value] of Object.entries({ type: row.type, ...row.fields })) {
      const columnProblem = textProblem(column);
      const problem = columnProblem
        ? `the column name ${columnProblem}`
        : typeof value === 'string'
          ? textProblem(value)
          : value === null || typeof value === 'number'
            ? null
            : `must be text, a number or null, got ${Array.isArray(value) ? 'a list' : typeof value}.`;
      if (problem && problems.length < 20) problems.push(`row ${row.row}, "${columnProblem ? '?' : column.slice(0, 40)}": ${problem}`);
    }
  }
  if (problems.length) throw new ImportFileError(`Nothing was imported: ${problems.join('; ')}`);
  return rows;
}

/** Parses a JSON file (an array of rows, or { "rows": [...] }) or a CSV file (a header row with the same names). */
export function parseImportFile(content: string, format: 'JSON' | 'CSV'): ImportRow[] {
  return checkRows(parseRows(content, format));
}

function parseRows(content: string, format: 'JSON' | 'CSV'): ImportRow[] {
  if (format === 'CSV') {
    const records = parseCsv(content.replace(/^\uFEFF/, ''));
    if (records.length && !('type' in records[0])) throw new ImportFileError('The CSV header needs a "type" column.');
    return records.map((record, i) => ({
      row: i + 1,
      type: record.type,
      fields: Object.fromEntries(
        Object.entries(record)
          .filter(([k]) => k !== 'type')
          .map(([k, v]) => {
            if (v === '') return [k, null];
            return [k, NUMERIC.has(k) && /^-?\d+(\.\d+)?$/.test(v.trim()) ? Number(v) : v];
          }),
      ),
    }));
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(content);
  } catch (error) {
    throw new ImportFileError(`The file is not valid JSON: ${(error as Error).message}`);
  }
  const rows = Array.isArray(parsed) ? parsed : (parsed as { rows?: unknown })?.rows;
  if (!Array.isArray(rows)) throw new ImportFileError('A JSON import file is an array of rows, or an object with a "rows" array.');
  return rows.map((raw, i) => {
    const { type, ...fields } = (raw ?? {}) as Record<string, unknown>;
    return { row: i + 1, type: String(type ?? ''), fields: fields as ImportRow['fields'] };
  });
}
