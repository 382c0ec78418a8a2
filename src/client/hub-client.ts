import { print } from 'graphql';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';

/** A GraphQL error as the hub sends it. */
export class HubError extends Error {
  constructor(
    message: string,
    public readonly code: string | undefined,
  ) {
    super(message);
  }
}

/** Where the hub is and the API key to send (null: none, an anonymous reader). */
export interface Hub {
  url: string;
  apiKey: string | null;
}

/** The network's reason a request never reached the hub: ECONNREFUSED, ENOTFOUND, ... (fetch hides it in `cause`). */
function networkReason(error: unknown): string {
  let cause = error as { code?: string; message?: string; cause?: unknown; errors?: { code?: string }[] } | undefined;
  while (cause?.cause) cause = cause.cause as typeof cause;
  return cause?.code ?? cause?.errors?.[0]?.code ?? cause?.message ?? String(error);
}

/**
 * Sends one typed operation to the hub over HTTP, with the API key as `Authorization: Bearer <key>` (the header
 * src/server/authenticate.ts reads); the result type follows from the document. A hub that cannot be reached is a
 * HubError naming its URL.
 */
export async function request<R, V>(hub: Hub, document: TypedDocumentNode<R, V>, variables: V): Promise<R> {
  let res: Response;
  try {
    res = await fetch(hub.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json',
        ...(hub.apiKey ? { authorization: `Bearer ${hub.apiKey}` } : {}),
      },
      body: JSON.stringify({ query: print(document), variables }),
    });
  } catch (error) {
    throw new HubError(`cannot reach the hub at ${hub.url}: ${networkReason(error)}`, undefined);
  }
  const body = (await res.json().catch(() => null)) as { data?: R; errors?: { message: string; extensions?: { code?: string } }[] } | null;
  if (!body) throw new HubError(`The hub at ${hub.url} answered HTTP ${res.status} without a GraphQL response.`, undefined);
  if (body.errors?.length) throw new HubError(body.errors.map((e) => e.message).join('; '), body.errors[0].extensions?.code);
  return body.data as R;
}
