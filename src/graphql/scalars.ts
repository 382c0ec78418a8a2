import { GraphQLScalarType, type ValueNode } from 'graphql';
import { DateResolver } from 'graphql-scalars';

const toIsoDate = (value: unknown): string => {
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  return (value as Date).toISOString().slice(0, 10);
};

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
