import { ArgsType, createUnionType, Field, Float, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { OrderDirection, PageArgs, PageInfo } from '../../graphql/pagination.js';
import { Agency } from '../agency/agency.entity.js';
import { SourceDocument } from '../evidence/source-document.entity.js';
import { Indicator } from '../observation/indicator.entity.js';
import { Observation } from '../observation/observation.entity.js';
import { InformationSystem } from '../system/information-system.entity.js';
import { SearchField } from './search-field.js';

export const SearchResult = createUnionType({
  name: 'SearchResult',
  description: 'Anything `search` can find; select fields by `__typename`.',
  types: () => [Agency, InformationSystem, Indicator, Observation, SourceDocument] as const,
});

export enum SearchResultType {
  AGENCY = 'AGENCY',
  INFORMATION_SYSTEM = 'INFORMATION_SYSTEM',
  INDICATOR = 'INDICATOR',
  OBSERVATION = 'OBSERVATION',
  SOURCE_DOCUMENT = 'SOURCE_DOCUMENT',
}
registerEnumType(SearchResultType, {
  name: 'SearchResultType',
  description: 'A kind of object `search` finds (`types` narrows the search to some of them).',
  valuesConfig: {
    AGENCY: { description: 'Agencies (`Agency`): matched on code, names, aliases and abbreviations.' },
    INFORMATION_SYSTEM: { description: 'Information systems (`InformationSystem`): code and names.' },
    INDICATOR: { description: 'Indicators (`Indicator`): code and names.' },
    OBSERVATION: { description: 'Figures (`Observation`): indicator, agency and system names, value as written, quote.' },
    SOURCE_DOCUMENT: { description: 'Source documents (`SourceDocument`): title, publisher and author.' },
  },
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
    NAME: { description: 'The name in Vietnamese alphabetical order (source documents by title; figures, which have no name, by key).' },
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

  @Field(() => [SearchResultType], {
    nullable: true,
    description: 'Only these kinds of objects (totals and pages count only them); omit for every kind. An empty list is refused.',
  })
  types?: SearchResultType[] | null;
}

@ObjectType({ description: 'One search result with its cursor and relevance.' })
export class SearchEdge {
  @Field({ description: 'Opaque cursor: pass it as `after` to continue after this result, or as `before` to page back from it.' })
  cursor!: string;

  @Field(() => Float, { description: 'Relevance: higher is better. Comparable within one search only.' })
  score!: number;

  @Field(() => [SearchField], {
    description:
      'The fields of the object the query matched, in a fixed order: those holding a word of the query, or for a match by similarity only (a typo), those closest to the query.',
  })
  matchedFields!: SearchField[];

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

  @Field(() => Int, {
    description: 'Number of results in all, counted up to 1,000: a search matching more says 1,000 and `totalCountIsExact: false`.',
  })
  totalCount!: number;

  @Field({
    description:
      'Whether `totalCount` is the exact number of matches. False when more than 1,000 match: then only the best 1,000 candidates (exact phrase first, then every word, then similar names) are ranked and paged.',
  })
  totalCountIsExact!: boolean;
}
