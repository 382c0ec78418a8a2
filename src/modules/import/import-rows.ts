import { parseCsv } from '../../seed/csv.js';

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

/** Parses a JSON file (an array of rows, or { "rows": [...] }) or a CSV file (a header row with the same names). */
export function parseImportFile(content: string, format: 'JSON' | 'CSV'): ImportRow[] {
  if (format === 'CSV') {
    const records = parseCsv(content.replace(/^\uFEFF/, ''));
    if (records.length && !('type' in records[0])) throw new ImportFileError('The CSV header needs a "type" column.');
    return records.map((record, i) => ({
      row: i + 1,
      type: record.type,
      fields: Object.fromEntries(Object.entries(record).filter(([k]) => k !== 'type').map(([k, v]) => {
        if (v === '') return [k, null];
        return [k, NUMERIC.has(k) && /^-?\d+(\.\d+)?$/.test(v.trim()) ? Number(v) : v];
      })),
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
