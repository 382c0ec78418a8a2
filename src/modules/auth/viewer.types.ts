import { DateTimeResolver } from 'graphql-scalars';
import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';

export enum ViewerRole {
  ANONYMOUS = 'ANONYMOUS',
  READER = 'READER',
  EDITOR = 'EDITOR',
  ADMIN = 'ADMIN',
}
registerEnumType(ViewerRole, {
  name: 'ViewerRole',
  description: 'What the caller may do.',
  valuesConfig: {
    ANONYMOUS: { description: 'No API key: reads only (when ANONYMOUS_READ is on).' },
    READER: { description: 'A reader key: reads only, counted by its own rate limit.' },
    EDITOR: { description: 'An editor key: changes what belongs to the agencies of its scope.' },
    ADMIN: { description: 'An admin key: changes anything, reads the whole audit log.' },
  },
});

@ObjectType({ description: "The rate limit's window as it stands after this request." })
export class RateLimitState {
  @Field(() => Int, { description: 'Requests allowed per window (a minute): RATE_LIMIT_PER_MINUTE.' })
  limit!: number;

  @Field(() => Int, { description: 'Requests left in this window after this one.' })
  remaining!: number;

  @Field(() => DateTimeResolver, { description: 'When the window ends and `remaining` is back to `limit`.' })
  resetAt!: Date;

  @Field({ description: 'What is counted: "key" (the API key, wherever it is used from) or "address" (the client address, without a key).' })
  countedBy!: string;
}

@ObjectType({ description: "This query's cost against the limit every query has (objects the response may hold)." })
export class QueryCostState {
  @Field(() => Int, { description: 'The cost of this query (pages counted at their `first` or `last`).' })
  cost!: number;

  @Field(() => Int, { description: 'The most a query may cost: MAX_COST.' })
  limit!: number;

  @Field(() => Int, { description: 'What is left of the limit for this query: `limit - cost`.' })
  remaining!: number;
}

@ObjectType({ description: 'Who is calling, with what rights, and what is left of the limits.' })
export class Viewer {
  @Field(() => String, { nullable: true, description: "The API key's name; null for an anonymous caller." })
  name!: string | null;

  @Field(() => Int, { nullable: true, description: "The API key's id (as in the audit log); null for an anonymous caller." })
  keyId!: number | null;

  @Field(() => ViewerRole, { description: 'ANONYMOUS, READER, EDITOR or ADMIN.' })
  role!: ViewerRole;

  @Field(() => [String], {
    description:
      'For an editor: the codes of the agencies it may change (with their communes, bodies and the units they succeeded). Empty otherwise (an admin may change everything, readers nothing).',
  })
  agencyCodes!: string[];

  @Field(() => RateLimitState, { nullable: true, description: 'Where the caller stands in the rate limit; null when the limit is off.' })
  rateLimit!: RateLimitState | null;

  @Field(() => QueryCostState, { nullable: true, description: "This query's cost against MAX_COST; null outside an HTTP request." })
  queryCost!: QueryCostState | null;
}
