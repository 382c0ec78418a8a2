import { Args, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../api/context.js';
import { SourceDocumentConnection } from '../entity-pages.js';
import { toPage } from '../../graphql/pagination.js';
import { SourceDocumentPageArgs } from '../list-orders.js';
import { Evidence } from './evidence.entity.js';
import { listSourceDocuments } from './evidence.service.js';
import { SourceDocument } from './source-document.entity.js';

@Resolver(() => Evidence)
export class EvidenceResolver {
  @Query(() => SourceDocumentConnection, { description: 'The source documents figures are taken from.' })
  async sourceDocuments(@Ctx() ctx: RequestContext, @Args(() => SourceDocumentPageArgs) page: SourceDocumentPageArgs) {
    return toPage(await listSourceDocuments(ctx, page));
  }

  @FieldResolver(() => SourceDocument, { description: 'The document the quote comes from.' })
  async document(@Root() evidence: Evidence, @Ctx() ctx: RequestContext) {
    return ctx.loaders.documentById.load(evidence.document.dbId);
  }
}
