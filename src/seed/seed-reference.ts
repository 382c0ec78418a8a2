import fs from 'node:fs';
import path from 'node:path';
import { parseCsv } from '../text/csv.js';
import type { ReferenceData } from './seed-types.js';

/** The reference lists (the 63 provinces, the 34 they merged into, communes, ministries) from the CSVs in reference/. */
export function readReference(dir: string): ReferenceData {
  const csv = (file: string) => parseCsv(fs.readFileSync(path.join(dir, 'reference', file), 'utf8'));
  const codes = (s: string) =>
    s
      .split(';')
      .map((c) => c.trim())
      .filter(Boolean);
  return {
    provinces63: csv('provinces-63.csv').map((r) => ({
      code: r.code,
      name: r.name_vi,
      fullName: r.full_name_vi,
      nameAscii: r.name_ascii,
      type: r.type,
      successorCode: r.successor_code,
    })),
    provinces34: csv('provinces-34.csv').map((r) => ({
      code: r.code,
      name: r.name_vi,
      fullName: r.full_name_vi,
      nameAscii: r.name_ascii,
      type: r.type,
      mergedFromCodes: codes(r.merged_from_codes),
    })),
    communes: csv('communes-3321.csv').map((r) => ({
      code: r.code,
      fullName: r.full_name_vi,
      nameAscii: r.name_ascii,
      provinceCode: r.province_code,
      mergedFromCodes: codes(r.merged_from_codes),
    })),
    ministries: csv('ministries.csv').map((r) => ({
      code: r.code,
      name: r.name_vi,
      nameEn: r.name_en,
      kind: r.kind,
      validFrom: r.valid_from || null,
      validTo: r.valid_to || null,
      successorCodes: codes(r.successor_codes),
    })),
  };
}
