import type { ApolloServerPlugin } from '@apollo/server';
import { ErrorCode } from '../graphql/errors.js';

const UNAVAILABLE = new Set<unknown>([ErrorCode.DATABASE_UNAVAILABLE, ErrorCode.DATABASE_BUSY]);

/**
 * A response carrying DATABASE_UNAVAILABLE (or DATABASE_BUSY: the pool stayed full) gets HTTP 503 and `retry-after: 1`, whether the database went away
 * before the operation ran or in the middle of it (any data resolved before is still in the body), so load
 * balancers, retries and dashboards see the outage for what it is.
 */
export const databaseOutageStatusPlugin: ApolloServerPlugin = {
  async requestDidStart() {
    return {
      async willSendResponse({ response }) {
        if (response.body.kind !== 'single') return;
        if (!response.body.singleResult.errors?.some((e) => UNAVAILABLE.has(e.extensions?.code))) return;
        response.http.status = 503;
        response.http.headers.set('retry-after', '1');
      },
    };
  },
};
