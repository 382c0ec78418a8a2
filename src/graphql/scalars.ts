import { GraphQLError, GraphQLScalarType, type ValueNode } from 'graphql';
import { DateResolver } from 'graphql-scalars';

const toIsoDate = (value: unknown): string => {
  const iso = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : (value as Date).toISOString().slice(0, 10);
  // graphql-scalars checks the calendar (no 2023-02-30) but accepts year 0000, which PostgreSQL has no date for.
  if (!/^\d{4}-/.test(iso) || iso.startsWith('0000-'))
    throw new GraphQLError(`Date cannot represent ${iso}: send a calendar date from 0001-01-01 to 9999-12-31.`);
  return iso;
};

/** True for "YYYY-MM-DD" naming a real day from 0001-01-01 to 9999-12-31 (2023-02-30 and 2023-02-31 are not). */
export function isCalendarDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = match.slice(1).map(Number);
  const date = new Date(Date.UTC(2000, month - 1, day));
  date.setUTCFullYear(year); // years below 100 would otherwise be read as 19xx
  return year >= 1 && date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/**
 * graphql-scalars' `Date` (RFC 3339 full-date, validated by it), kept as the "YYYY-MM-DD" string on the way in so
 * dates never pass through time zones: PostgreSQL `date` columns are read as the same strings.
 */
export const DateScalar = new GraphQLScalarType({
  ...DateResolver.toConfig(),
  description: 'A calendar date, "YYYY-MM-DD" (RFC 3339 full-date), e.g. "2023-07-12".',
  serialize: (value) => (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : DateResolver.serialize(value)),
  parseValue: (value) => toIsoDate(DateResolver.parseValue(value)),
  parseLiteral: (ast: ValueNode, variables) => toIsoDate(DateResolver.parseLiteral(ast, variables)),
});
