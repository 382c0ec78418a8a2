import type { RequestContext } from '../../api/context.js';
import { pageRequest, type PageResult } from '../../graphql/pagination.js';
import type { SourceDocumentPageArgs } from '../list-orders.js';
import { SOURCE_DOCUMENT_ORDER, sourceDocumentPage } from './evidence.queries.js';
import type { SourceDocument } from './source-document.entity.js';

export function listSourceDocuments(ctx: RequestContext, args: SourceDocumentPageArgs): Promise<PageResult<SourceDocument>> {
  return sourceDocumentPage(ctx.em, pageRequest(args, SOURCE_DOCUMENT_ORDER));
}
