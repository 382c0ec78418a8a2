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

/** Sends one typed operation to the hub over HTTP; the result type follows from the document. */
export async function request<R, V>(url: string, document: TypedDocumentNode<R, V>, variables: V): Promise<R> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ query: print(document), variables }),
  });
  const body = (await res.json().catch(() => null)) as { data?: R; errors?: { message: string; extensions?: { code?: string } }[] } | null;
  if (!body) throw new HubError(`The hub at ${url} answered HTTP ${res.status} without a GraphQL response.`, undefined);
  if (body.errors?.length) throw new HubError(body.errors.map((e) => e.message).join('; '), body.errors[0].extensions?.code);
  return body.data as R;
}
