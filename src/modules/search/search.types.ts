import { createUnionType, Field, Float, Int, ObjectType } from 'type-graphql';
import { PageInfo } from '../../graphql/pagination.js';
import { Agency } from '../agency/agency.entity.js';
import { Indicator } from '../observation/indicator.entity.js';
import { Observation } from '../observation/observation.entity.js';
import { InformationSystem } from '../system/information-system.entity.js';

export const SearchResult = createUnionType({
  name: 'SearchResult',
  description: 'Anything `search` can find; select fields by `__typename`.',
  types: () => [Agency, InformationSystem, Indicator, Observation] as const,
});

@ObjectType({ description: 'One search result with its cursor and relevance.' })
export class SearchEdge {
  @Field({ description: 'Opaque cursor: pass it as `after` to continue after this result.' })
  cursor!: string;

  @Field(() => Float, { description: 'Relevance: higher is better. Comparable within one search only.' })
  score!: number;

  @Field(() => SearchResult, { description: 'The object found.' })
  node!: typeof SearchResult;
}

@ObjectType({ description: 'A page of search results, best first.' })
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
