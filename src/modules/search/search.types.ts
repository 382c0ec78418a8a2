import { ArgsType, createUnionType, Field, Float, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { OrderDirection, PageArgs, PageInfo } from '../../graphql/pagination.js';
import { Agency } from '../agency/agency.entity.js';
import { Indicator } from '../observation/indicator.entity.js';
import { Observation } from '../observation/observation.entity.js';
import { InformationSystem } from '../system/information-system.entity.js';

export const SearchResult = createUnionType({
  name: 'SearchResult',
  description: 'Anything `search` can find; select fields by `__typename`.',
  types: () => [Agency, InformationSystem, Indicator, Observation] as const,
});

export enum SearchOrderField {
  RELEVANCE = 'RELEVANCE',
  NAME = 'NAME',
}
registerEnumType(SearchOrderField, {
  name: 'SearchOrderField',
  description: 'What search results can be ordered by.',
  valuesConfig: {
    RELEVANCE: { description: 'The score (default, best first).' },
    NAME: { description: 'The name in Vietnamese alphabetical order (figures, which have no name, by key).' },
  },
});

@InputType({ description: 'How to order search results: a field and a direction; results that tie are ordered by type and id.' })
export class SearchOrder {
  @Field(() => SearchOrderField, { description: 'What to order by.' })
  field!: SearchOrderField;

  @Field(() => OrderDirection, { nullable: true, description: 'Default: DESC (best first) for RELEVANCE, ASC for NAME.' })
  direction?: OrderDirection | null;
}

@ArgsType()
export class SearchArgs extends PageArgs {
  @Field(() => SearchOrder, { nullable: true, description: 'The order of the results; omit for the best first.' })
  orderBy?: SearchOrder | null;
}

@ObjectType({ description: 'One search result with its cursor and relevance.' })
export class SearchEdge {
  @Field({ description: 'Opaque cursor: pass it as `after` to continue after this result, or as `before` to page back from it.' })
  cursor!: string;

  @Field(() => Float, { description: 'Relevance: higher is better. Comparable within one search only.' })
  score!: number;

  @Field(() => SearchResult, { description: 'The object found.' })
  node!: typeof SearchResult;
}

@ObjectType({ description: 'A page of search results, best first unless `orderBy` says otherwise.' })
export class SearchConnection {
  @Field(() => [SearchEdge], { description: 'The results of this page with their cursors and scores.' })
  edges!: SearchEdge[];

  @Field(() => [SearchResult], { description: 'The results of this page (shortcut for edges.node).' })
  nodes!: (typeof SearchResult)[];

  @Field(() => PageInfo, { description: 'Whether more results follow, and the cursors to get them.' })
  pageInfo!: PageInfo;

  @Field(() => Int, { description: 'Number of results in all.' })
  totalCount!: number;
}
