import { Measure, Role } from '../modules/plan/role.enums.js';
import type { SeedData } from './seed-files.js';

/**
 * Words that make a clause an aim, not a report ("phấn đấu", "mục tiêu", "theo hướng", "dự kiến", "tối thiểu",
 * "ít nhất", "sẽ", "đến năm 2030"). A figure or status they govern must not be stored as an ACTUAL.
 */
const PLAN_WORDS = /phấn đấu|mục tiêu|theo hướng|dự kiến|tối thiểu|ít nhất|(?:^|[\s,(])sẽ(?=[\s,.)]|$)|đến năm \d{4}/iu;

/** The plan wording in `text`, or null. */
export function planWording(text: string): string | null {
  const m = PLAN_WORDS.exec(text);
  return m ? m[0].trim() : null;
}

/**
 * The clause that leads up to a figure in its quote: the text before it, back to the previous sentence, semicolon
 * or bracket. "xây dựng biểu mẫu điện tử theo hướng cắt giảm 20%" -> "... theo hướng cắt giảm ".
 */
export function clauseBefore(quote: string, figure: string): string {
  const at = quote.indexOf(figure);
  const before = at < 0 ? '' : quote.slice(0, at);
  const cut = Math.max(before.lastIndexOf('. '), before.lastIndexOf(';'), before.lastIndexOf('('), before.lastIndexOf(' - '));
  return before.slice(cut + 1);
}

const MULTIPLIERS: [RegExp, number][] = [
  [/^\s*triệu/u, 1e6],
  [/^\s*(tỉ|tỷ)/u, 1e9],
  [/^\s*(nghìn|ngàn)/u, 1e3],
];

/** Every number a quote can be read as stating: Vietnamese notation ("1.135.234", "68,45"), with "triệu"/"tỉ" applied. */
export function numbersIn(quote: string): number[] {
  const found: number[] = [];
  for (const m of quote.matchAll(/\d+(?:[.,]\d+)*/g)) {
    const token = m[0];
    const vietnamese = Number(token.replace(/\./g, '').replace(',', '.'));
    const plain = Number(token.replace(/,/g, ''));
    const after = quote.slice(m.index! + token.length);
    for (const base of [vietnamese, plain]) {
      if (!Number.isFinite(base)) continue;
      found.push(base);
      for (const [word, factor] of MULTIPLIERS) if (word.test(after)) found.push(base * factor);
    }
  }
  return found;
}

const same = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));
const yearOf = (date: string) => date.slice(0, 4);

/** A due date or period must be written in the quote (its year at least), or in a `dateQuote` of the same document. */
function checkDateStated(problems: string[], where: string, field: string, date: string | null, quote: string, dateQuote: string | null): void {
  if (date && !quote.includes(yearOf(date)) && !(dateQuote ?? '').includes(yearOf(date))) {
    problems.push(
      `${where}: ${field} ${date} is not stated in the quote (its year ${yearOf(date)} does not occur); quote the clause that gives it, or add it as "dateQuote"`,
    );
  }
}

/** Figures: their role (ACTUAL or TARGET), numbers that occur in the quote, measures and dates that fit the indicator. */
function checkObservationRoles(seed: SeedData, systems: Set<string>, indicatorMeasures: Map<string, Measure>, problems: string[]): void {
  for (const o of seed.observations) {
    const where = `observations.json (key "${o.key}")`;
    const text = seed.documentTexts.get(o.document);
    if (o.dateQuote && text !== undefined && !text.includes(o.dateQuote))
      problems.push(`${where}: dateQuote is not found verbatim in document "${o.document}": "${o.dateQuote}"`);
    if (o.role === Role.PLANNED)
      problems.push(`${where}: role must be ACTUAL or TARGET for a figure (PLANNED is for lifecycle and connection milestones)`);
    if (o.valueText && /\d/.test(o.valueText)) {
      const numbers = numbersIn(o.quote);
      for (const [field, value] of Object.entries({ value: o.value, numerator: o.numerator, denominator: o.denominator, target: o.target })) {
        if (value !== null && !numbers.some((n) => same(value, n))) problems.push(`${where}: ${field} ${value} does not occur in the quote`);
      }
    }
    if (o.role === Role.ACTUAL) {
      const wording = planWording(clauseBefore(o.quote, o.valueText ?? ''));
      if (wording)
        problems.push(
          `${where}: the quote states an aim ("${wording}") before "${o.valueText}": a target stored as an actual; set "role": "TARGET" with its "dueOn"`,
        );
      if (o.dueOn) problems.push(`${where}: dueOn is for targets; an ACTUAL is dated by asOf`);
    }
    if (o.role === Role.TARGET && o.value === null && o.numerator === null) problems.push(`${where}: a TARGET needs the value aimed at in "value"`);
    const measure = indicatorMeasures.get(o.indicator);
    const hasPeriod = o.periodStart !== null && o.periodEnd !== null;
    if (measure === Measure.PERIOD && o.role === Role.ACTUAL && !hasPeriod)
      problems.push(`${where}: indicator "${o.indicator}" is measured for a period: give periodStart and periodEnd`);
    if (measure !== undefined && measure !== Measure.PERIOD && (o.periodStart || o.periodEnd)) {
      problems.push(
        `${where}: indicator "${o.indicator}" is ${measure}, not for a period: use an indicator measured for a period (a series never mixes measures)`,
      );
    }
    checkDateStated(problems, where, 'dueOn', o.dueOn, o.quote, o.dateQuote);
    checkDateStated(problems, where, 'periodStart', o.periodStart, o.quote, o.dateQuote);
    checkDateStated(problems, where, 'periodEnd', o.periodEnd, o.quote, o.dateQuote);
    for (const code of o.relatedSystems) if (!systems.has(code)) problems.push(`${where}: related system "${code}" is not in systems.json`);
  }
}

/** Lifecycle and connection milestones: ACTUAL or PLANNED, a plan dated and stated, an actual not worded as a plan. */
function checkMilestoneRoles(seed: SeedData, problems: string[]): void {
  const milestones = [
    ...seed.systems.flatMap((s) =>
      s.lifecycle.map((e, i) => ({ e, where: `systems.json (code "${s.code}") lifecycle[${i}]`, planned: e.status === 'PLANNED' })),
    ),
    ...seed.connections.flatMap((c) =>
      c.history.map((e, i) => ({ e, where: `connections.json (key "${c.key}") history[${i}]`, planned: e.status === 'PLANNED' })),
    ),
  ];
  for (const { e, where, planned } of milestones) {
    if (e.role === Role.TARGET) problems.push(`${where}: role must be ACTUAL or PLANNED for a status`);
    if (e.role === Role.PLANNED) {
      if (!e.statedOn) problems.push(`${where}: a PLANNED milestone needs "statedOn", the date the plan was stated`);
      checkDateStated(problems, where, 'date', e.date, e.quote, null);
    } else {
      if (e.statedOn) problems.push(`${where}: statedOn is for PLANNED milestones`);
      const wording = planWording(e.quote);
      // "It is planned" is a fact; "it will be operational" is a plan, not the status it names.
      if (wording && !planned)
        problems.push(
          `${where}: the quote states a plan ("${wording}"): a planned milestone stored as an actual status; set "role": "PLANNED" with "statedOn"`,
        );
    }
  }
}

/** Problems with roles, numbers and dates the shape check cannot see; each names its file and entry. */
export function roleProblems(seed: SeedData, systems: Set<string>, indicatorMeasures: Map<string, Measure>): string[] {
  const problems: string[] = [];
  checkObservationRoles(seed, systems, indicatorMeasures, problems);
  checkMilestoneRoles(seed, problems);
  for (const c of seed.connections) {
    if (c.history.length && !c.history.some((e) => e.role === Role.ACTUAL)) {
      problems.push(`connections.json (key "${c.key}"): history needs at least one ACTUAL status (a connection is never current on a plan alone)`);
    }
  }
  return problems;
}
