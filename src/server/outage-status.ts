import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLFormattedError } from 'graphql';
import { committedChanges, enterMutationField, type RequestCommits } from '../db/commit.js';
import type { RequestContext } from '../api/context.js';
import { ChangeSavedReadFailedError, ErrorCode } from '../errors.js';

const UNAVAILABLE = new Set<unknown>([ErrorCode.DATABASE_UNAVAILABLE, ErrorCode.DATABASE_BUSY]);

const OTHER_PART_MESSAGE =
  'The database is not reachable right now; this part of the request changed nothing, but other parts of it ' +
  'saved changes, or may have (see extensions.savedChanges and the other errors): do not send the whole request again.';

/**
 * An outage error of a request that has committed something no longer says "changed nothing": under the mutation
 * field that committed, it becomes CHANGE_SAVED_READ_FAILED naming what was saved; elsewhere its message says
 * other parts saved (or may have saved) changes.
 */
function afterCommit(
  error: GraphQLFormattedError,
  saved: RequestCommits['saved'],
  outcomeUnknown: boolean,
  requestId: string,
): GraphQLFormattedError {
  if (!UNAVAILABLE.has(error.extensions?.code)) return error;
  const own = saved.filter((s) => s.field != null && s.field === error.path?.[0]).flatMap((s) => s.changes);
  if (own.length) {
    const rewritten = new ChangeSavedReadFailedError(own, requestId);
    return { message: rewritten.message, path: error.path, locations: error.locations, extensions: rewritten.extensions };
  }
  if (!saved.length && !outcomeUnknown) return error;
  return { ...error, message: OTHER_PART_MESSAGE, extensions: { ...error.extensions, savedChanges: saved.flatMap((s) => s.changes) } };
}

/**
 * A response carrying DATABASE_UNAVAILABLE (or DATABASE_BUSY: the pool stayed full) gets HTTP 503 and `retry-after: 1`, whether the database went away
 * before the operation ran or in the middle of it (any data resolved before is still in the body), so load
 * balancers, retries and dashboards see the outage for what it is. But 503 says "changed nothing, retry": a request
 * that committed a change (src/db/commit.ts), or whose COMMIT went unanswered (502), never gets it.
 */
export const databaseOutageStatusPlugin: ApolloServerPlugin<RequestContext> = {
  async requestDidStart() {
    return {
      async executionDidStart({ operation, contextValue }) {
        // No operation when the document names none that matches operationName: graphql-js answers that itself.
        if (operation?.operation !== 'mutation') return;
        // Root fields of a mutation run one after another: a commit belongs to the field running when it happens.
        return {
          willResolveField({ info }) {
            if (!info.path.prev) enterMutationField(contextValue, String(info.path.key));
          },
        };
      },
      async willSendResponse({ response, contextValue }) {
        if (response.body.kind !== 'single') return;
        const result = response.body.singleResult;
        const saved = committedChanges(contextValue);
        const outcomeUnknown = !!result.errors?.some((e) => e.extensions?.code === ErrorCode.COMMIT_OUTCOME_UNKNOWN);
        if (result.errors && (saved.length || outcomeUnknown)) {
          result.errors = result.errors.map((e) => afterCommit(e, saved, outcomeUnknown, contextValue.requestId));
        }
        if (saved.length || outcomeUnknown) {
          if (response.http.status === 503) {
            response.http.status = outcomeUnknown ? 502 : 200;
            response.http.headers.delete('retry-after');
          }
          return;
        }
        if (!result.errors?.some((e) => UNAVAILABLE.has(e.extensions?.code))) return;
        response.http.status = 503;
        response.http.headers.set('retry-after', '1');
      },
    };
  },
};
