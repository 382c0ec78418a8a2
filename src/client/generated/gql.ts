/* eslint-disable */
import * as types from './graphql.js';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query ConnectionStatusPage($filter: ConnectionFilter, $first: Int!, $after: String) {\n    connections(filter: $filter, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        key\n        status\n        statusSince\n        consumer {\n          code\n          name\n          owner {\n            code\n            name\n          }\n        }\n        provider {\n          code\n          name\n          owner {\n            code\n            name\n          }\n        }\n        via {\n          code\n          name\n        }\n        evidence {\n          quote\n          document {\n            key\n            title\n            publishedAt\n          }\n        }\n      }\n    }\n  }\n": typeof types.ConnectionStatusPageDocument,
    "\n  query SystemSummaryPage($filter: SystemFilter, $first: Int!, $after: String, $asOf: Date) {\n    informationSystems(filter: $filter, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        code\n        name\n        kind\n        status\n        owner {\n          code\n          name\n        }\n        connectionSummary(asOf: $asOf) {\n          connected\n          total\n          text\n          basis\n          asOf\n          consistent\n          note\n          evidence {\n            quote\n            document {\n              key\n              title\n              publishedAt\n            }\n          }\n        }\n      }\n    }\n  }\n": typeof types.SystemSummaryPageDocument,
};
const documents: Documents = {
    "\n  query ConnectionStatusPage($filter: ConnectionFilter, $first: Int!, $after: String) {\n    connections(filter: $filter, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        key\n        status\n        statusSince\n        consumer {\n          code\n          name\n          owner {\n            code\n            name\n          }\n        }\n        provider {\n          code\n          name\n          owner {\n            code\n            name\n          }\n        }\n        via {\n          code\n          name\n        }\n        evidence {\n          quote\n          document {\n            key\n            title\n            publishedAt\n          }\n        }\n      }\n    }\n  }\n": types.ConnectionStatusPageDocument,
    "\n  query SystemSummaryPage($filter: SystemFilter, $first: Int!, $after: String, $asOf: Date) {\n    informationSystems(filter: $filter, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        code\n        name\n        kind\n        status\n        owner {\n          code\n          name\n        }\n        connectionSummary(asOf: $asOf) {\n          connected\n          total\n          text\n          basis\n          asOf\n          consistent\n          note\n          evidence {\n            quote\n            document {\n              key\n              title\n              publishedAt\n            }\n          }\n        }\n      }\n    }\n  }\n": types.SystemSummaryPageDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConnectionStatusPage($filter: ConnectionFilter, $first: Int!, $after: String) {\n    connections(filter: $filter, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        key\n        status\n        statusSince\n        consumer {\n          code\n          name\n          owner {\n            code\n            name\n          }\n        }\n        provider {\n          code\n          name\n          owner {\n            code\n            name\n          }\n        }\n        via {\n          code\n          name\n        }\n        evidence {\n          quote\n          document {\n            key\n            title\n            publishedAt\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query ConnectionStatusPage($filter: ConnectionFilter, $first: Int!, $after: String) {\n    connections(filter: $filter, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        key\n        status\n        statusSince\n        consumer {\n          code\n          name\n          owner {\n            code\n            name\n          }\n        }\n        provider {\n          code\n          name\n          owner {\n            code\n            name\n          }\n        }\n        via {\n          code\n          name\n        }\n        evidence {\n          quote\n          document {\n            key\n            title\n            publishedAt\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SystemSummaryPage($filter: SystemFilter, $first: Int!, $after: String, $asOf: Date) {\n    informationSystems(filter: $filter, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        code\n        name\n        kind\n        status\n        owner {\n          code\n          name\n        }\n        connectionSummary(asOf: $asOf) {\n          connected\n          total\n          text\n          basis\n          asOf\n          consistent\n          note\n          evidence {\n            quote\n            document {\n              key\n              title\n              publishedAt\n            }\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query SystemSummaryPage($filter: SystemFilter, $first: Int!, $after: String, $asOf: Date) {\n    informationSystems(filter: $filter, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        code\n        name\n        kind\n        status\n        owner {\n          code\n          name\n        }\n        connectionSummary(asOf: $asOf) {\n          connected\n          total\n          text\n          basis\n          asOf\n          consistent\n          note\n          evidence {\n            quote\n            document {\n              key\n              title\n              publishedAt\n            }\n          }\n        }\n      }\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;