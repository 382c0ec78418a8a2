import type { ApolloServerPlugin } from '@apollo/server';
import type { RequestContext } from '../api/context.js';
import { requestReadsOf } from '../db/read-routing.js';
import type { ReplicaSet } from '../db/replicas.js';

/**
 * Read replicas per operation: a query's statements may run on a replica (chosen once the operation is parsed, so
 * nothing runs there before it is known to be read-only); mutations and subscriptions stay on the primary. After a
 * mutation has committed, and before its answer is sent, the primary's WAL position is noted for the caller, so
 * the caller's next reads see its own write (src/db/replicas.ts).
 */
export function replicaRoutingPlugin(replicas: ReplicaSet): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, contextValue }) {
          if (operation?.operation === 'query') requestReadsOf(contextValue.em)?.readOnly();
        },
        async willSendResponse({ operation, contextValue }) {
          if (operation?.operation !== 'mutation') return;
          const route = requestReadsOf(contextValue.em);
          if (route) await replicas.wrote(route.subject);
        },
      };
    },
  };
}
