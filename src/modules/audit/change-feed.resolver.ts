import { DateTimeResolver } from 'graphql-scalars';
import { Arg, Args, Ctx, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../../api/context.js';
import { PageArgs } from '../../graphql/pagination.js';
import { changeFeed } from './change-feed.service.js';
import { ChangeConnection, ChangeKind } from './change-feed.types.js';

@Resolver()
export class ChangeFeedResolver {
  @Query(() => ChangeConnection, {
    description:
      'The public change feed: statuses, figures and systems changed through the API or an import since a time, oldest first, a page at a time; what changed and when, without who (that is `auditLog`, for writers). Follow it with `after: pageInfo.endCursor`. Seed data is not a change.',
  })
  changes(
    @Ctx() ctx: RequestContext,
    @Arg('since', () => DateTimeResolver, { description: 'Changes committed at or after this time, e.g. "2026-12-01T00:00:00Z".' }) since: Date,
    @Args(() => PageArgs) page: PageArgs,
    @Arg('kinds', () => [ChangeKind], { nullable: true, description: 'Only changes of these kinds; omit for all.' }) kinds?: ChangeKind[] | null,
  ) {
    return changeFeed(ctx, since, kinds, page);
  }
}
