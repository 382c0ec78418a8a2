import type { ApolloServerPlugin } from '@apollo/server';
import { dataChanged, type ReadCaches } from './caches.js';

/**
 * Clears this process's read caches once a mutation has run (its transaction has committed by then), before its
 * answer is sent: a client that reads right after its own write sees it, without waiting for the NOTIFY to come
 * back. Other processes are cleared by the NOTIFY.
 */
export function invalidateAfterMutationsPlugin(caches: ReadCaches): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ operation }) {
          if (operation?.operation === 'mutation') dataChanged(caches, null);
        },
      };
    },
  };
}
