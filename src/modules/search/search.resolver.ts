import { Arg, Args, Ctx, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../../api/context.js';
import { search } from './search.service.js';
import { SearchArgs, SearchConnection } from './search.types.js';

@Resolver()
export class SearchResolver {
  @Query(() => SearchConnection, {
    description:
      'Ranked search over agencies, systems, indicators, figures and source documents. Accent- and case-insensitive: "lam dong", "Lâm Đồng" and "LAM ĐỒNG" give the same results; common abbreviations of unit names ("tp hcm", "hn", "ubnd") find the unit. `types` narrows it; each edge says which fields matched.',
  })
  search(
    @Ctx() ctx: RequestContext,
    @Arg('query', { description: 'Words to look for, with or without Vietnamese diacritics.' }) query: string,
    @Args(() => SearchArgs) page: SearchArgs,
  ) {
    return search(ctx, query, page);
  }
}
