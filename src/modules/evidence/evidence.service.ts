import type { RequestContext } from '../../api/context.js';
import { pageRequest, type PageArgs, type PageResult } from '../../graphql/pagination.js';
import { sourceDocumentPage } from './evidence.queries.js';
import type { SourceDocument } from './source-document.entity.js';

export function listSourceDocuments(ctx: RequestContext, args: PageArgs): Promise<PageResult<SourceDocument>> {
  return sourceDocumentPage(ctx.em, pageRequest(args));
}
