import { AgencyKind } from '../modules/agency/agency.entity.js';
import type { ReferenceData, SeedData } from './seed-files.js';

/** The day the 34 provinces and 3,321 communes took effect (Resolution 60-NQ/TW and the 2025 NA resolutions). */
export const REORGANISATION_2025 = '2025-07-01';
const LAST_DAY_OF_63 = '2025-06-30';
/** Agency codes in systems.json resolve on this date unless an entry says otherwise: the documents' period. */
export const DEFAULT_AGENCIES_ON = '2024-12-31';

/** One agency as the seed files describe it, before it has a database id. */
export interface CatalogueAgency {
  code: string;
  kind: AgencyKind;
  name: string;
  fullName: string | null;
  nameAscii: string;
  nameEn: string | null;
  parentCode: string | null;
  /** Date on which the parent code is resolved. */
  parentOn: string | null;
  validFrom: string | null;
  validTo: string | null;
  aliases: string[];
  successors: { code: string; on: string }[];
}

const MINISTRY_KINDS: Record<string, AgencyKind> = {
  ministry: AgencyKind.MINISTRY,
  ministry_level_agency: AgencyKind.MINISTRY_LEVEL_AGENCY,
  government_agency: AgencyKind.GOVERNMENT_AGENCY,
};

function provinceKind(type: string): AgencyKind {
  return type.startsWith('thành phố') ? AgencyKind.CENTRAL_CITY : AgencyKind.PROVINCE;
}

/** Turns the reference CSVs into agencies: ministries, the 63 provinces (to 30 June 2025), the 34 and their communes. */
function referenceAgencies(ref: ReferenceData): CatalogueAgency[] {
  const ministries = ref.ministries.map((m) => ({
    code: m.code,
    kind: MINISTRY_KINDS[m.kind] ?? AgencyKind.OTHER,
    name: m.name,
    fullName: m.name,
    nameAscii: '',
    nameEn: m.nameEn,
    parentCode: null,
    parentOn: null,
    validFrom: m.validFrom,
    validTo: m.validTo,
    aliases: [],
    successors: m.successorCodes.map((code) => ({ code, on: m.validTo ? nextDay(m.validTo) : REORGANISATION_2025 })),
  }));
  const old = ref.provinces63.map((p) => ({
    code: p.code,
    kind: provinceKind(p.type),
    name: p.name,
    fullName: p.fullName,
    nameAscii: p.nameAscii,
    nameEn: null,
    parentCode: null,
    parentOn: null,
    validFrom: null,
    validTo: LAST_DAY_OF_63,
    // Code 46 is listed under its 2025 name; 2020-2024 documents call it Thừa Thiên Huế.
    aliases: p.code === '46' ? ['Thừa Thiên Huế', 'Tỉnh Thừa Thiên Huế'] : [],
    successors: p.successorCode ? [{ code: p.successorCode, on: REORGANISATION_2025 }] : [],
  }));
  const current = ref.provinces34.map((p) => ({
    code: p.code,
    kind: provinceKind(p.type),
    name: p.name,
    fullName: p.fullName,
    nameAscii: p.nameAscii,
    nameEn: null,
    parentCode: null,
    parentOn: null,
    validFrom: REORGANISATION_2025,
    validTo: null,
    aliases: [],
    successors: [],
  }));
  const communes = ref.communes.map((c) => ({
    code: c.code,
    kind: AgencyKind.COMMUNE,
    name: c.fullName,
    fullName: c.fullName,
    nameAscii: c.nameAscii,
    nameEn: null,
    parentCode: c.provinceCode,
    parentOn: REORGANISATION_2025,
    validFrom: REORGANISATION_2025,
    validTo: null,
    aliases: [],
    successors: [],
  }));
  return [...ministries, ...old, ...current, ...communes];
}

function nextDay(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** All agencies of the seed data, resolvable by code on a date. */
export class AgencyCatalogue {
  readonly agencies: CatalogueAgency[];
  private readonly byCode = new Map<string, CatalogueAgency[]>();

  constructor(seed: Pick<SeedData, 'agencies' | 'reference'>) {
    const extra = seed.agencies.map((a) => ({
      code: a.code,
      kind: a.kind,
      name: a.name,
      fullName: a.fullName,
      nameAscii: a.nameAscii ?? '',
      nameEn: a.nameEn,
      parentCode: a.parent,
      parentOn: a.validFrom ?? DEFAULT_AGENCIES_ON,
      validFrom: a.validFrom,
      validTo: a.validTo,
      aliases: a.aliases,
      successors: [],
    }));
    this.agencies = [...referenceAgencies(seed.reference), ...extra];
    for (const agency of this.agencies) {
      const list = this.byCode.get(agency.code) ?? [];
      list.push(agency);
      this.byCode.set(agency.code, list);
    }
  }

  /** The unit with this code that existed on `date`, or undefined. */
  resolve(code: string, date: string): CatalogueAgency | undefined {
    return this.byCode.get(code)?.find((a) => (a.validFrom ?? '0000') <= date && date <= (a.validTo ?? '9999'));
  }

  /** Units sharing a code and overlapping in time: the database would refuse them, so the loader reports them first. */
  overlaps(): string[] {
    const problems: string[] = [];
    for (const [code, list] of this.byCode) {
      for (let i = 0; i < list.length; i++) {
        for (let j = i + 1; j < list.length; j++) {
          const a = list[i],
            b = list[j];
          if ((a.validFrom ?? '0000') <= (b.validTo ?? '9999') && (b.validFrom ?? '0000') <= (a.validTo ?? '9999')) {
            problems.push(`agency code "${code}" names two units valid at the same time ("${a.name}" and "${b.name}")`);
          }
        }
      }
    }
    return problems;
  }
}
