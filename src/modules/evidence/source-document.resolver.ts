import type { GraphQLResolveInfo } from 'graphql';
import { Args, Ctx, FieldResolver, Info, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../api/context.js';
import { noItems, PageArgs, pageRequest, selectsItems, toPage, type PageRequest } from '../../graphql/pagination.js';
import type { LoaderFamily } from '../../graphql/loader-utils.js';
import type { ChildPage } from '../../db/pages.js';
import type DataLoader from 'dataloader';
import { ConnectionEventConnection, ObservationConnection, SystemLifecycleEventConnection, TaskConnection } from '../entity-pages.js';
import { ObservationPageArgs, TaskPageArgs } from '../list-orders.js';
import { OBSERVATION_ORDER } from '../observation/observation.queries.js';
import { TASK_ORDER } from '../plan/plan.queries.js';
import { SourceDocument } from './source-document.entity.js';

/** The page and count loaders of one kind of row quoted from documents (evidence.loaders.ts). */
interface Quoted<T> {
  pages: LoaderFamily<number, ChildPage<T>>;
  counts: DataLoader<number, number>;
}

/** One document's page of what quotes it; the page statement is skipped when only totalCount is asked for. */
async function quotedPage<T extends { dbId: number }>(document: SourceDocument, info: GraphQLResolveInfo, request: PageRequest, quoted: Quoted<T>) {
  const found = selectsItems(info) ? await quoted.pages.for(request).load(document.dbId) : noItems<T>();
  return toPage({ ...found, request, count: () => quoted.counts.load(document.dbId) });
}

/** What a document is the evidence for, and its text. Every list is batched for all documents of a page. */
@Resolver(() => SourceDocument)
export class SourceDocumentResolver {
  @FieldResolver(() => String, {
    nullable: true,
    description: 'The verbatim text of the document (the seed file `fileName`); null when the hub holds none (a document named only by a write).',
  })
  text(@Root() document: SourceDocument, @Ctx() ctx: RequestContext) {
    return ctx.loaders.documentTextById.load(document.dbId);
  }

  @FieldResolver(() => ObservationConnection, { description: 'The figures quoted from this document, a page at a time.' })
  observations(
    @Root() document: SourceDocument,
    @Ctx() ctx: RequestContext,
    @Args(() => ObservationPageArgs) page: ObservationPageArgs,
    @Info() info: GraphQLResolveInfo,
  ) {
    return quotedPage(document, info, pageRequest(page, OBSERVATION_ORDER), ctx.loaders.figuresQuotedFrom);
  }

  @FieldResolver(() => ConnectionEventConnection, {
    description: 'The dated statuses of connections quoted from this document (planned milestones included, see `role`), in the order recorded.',
  })
  connectionEvents(
    @Root() document: SourceDocument,
    @Ctx() ctx: RequestContext,
    @Args(() => PageArgs) page: PageArgs,
    @Info() info: GraphQLResolveInfo,
  ) {
    return quotedPage(document, info, pageRequest(page), ctx.loaders.statusesQuotedFrom);
  }

  @FieldResolver(() => SystemLifecycleEventConnection, {
    description: 'The dated lifecycle statuses of systems quoted from this document (planned milestones included), in the order recorded.',
  })
  lifecycleEvents(
    @Root() document: SourceDocument,
    @Ctx() ctx: RequestContext,
    @Args(() => PageArgs) page: PageArgs,
    @Info() info: GraphQLResolveInfo,
  ) {
    return quotedPage(document, info, pageRequest(page), ctx.loaders.lifecycleQuotedFrom);
  }

  @FieldResolver(() => TaskConnection, { description: 'The tasks, commitments and milestones of plans quoted from this document, a page at a time.' })
  tasks(
    @Root() document: SourceDocument,
    @Ctx() ctx: RequestContext,
    @Args(() => TaskPageArgs) page: TaskPageArgs,
    @Info() info: GraphQLResolveInfo,
  ) {
    return quotedPage(document, info, pageRequest(page, TASK_ORDER), ctx.loaders.tasksQuotedFrom);
  }
}
