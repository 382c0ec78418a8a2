import { graphql } from './generated/index.js';

/** One page of connections with what a status report needs. */
export const ConnectionStatusPage = graphql(`
  query ConnectionStatusPage($filter: ConnectionFilter, $first: Int!, $after: String) {
    connections(filter: $filter, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        key
        status
        statusSince
        consumer {
          code
          name
          owner {
            code
            name
          }
        }
        provider {
          code
          name
          owner {
            code
            name
          }
        }
        via {
          code
          name
        }
        evidence {
          quote
          document {
            key
            title
            publishedAt
          }
        }
      }
    }
  }
`);

/** One page of systems with their connection summaries. */
export const SystemSummaryPage = graphql(`
  query SystemSummaryPage($filter: SystemFilter, $first: Int!, $after: String, $asOf: Date) {
    informationSystems(filter: $filter, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        code
        name
        kind
        status
        owner {
          code
          name
        }
        connectionSummary(asOf: $asOf) {
          connected
          total
          text
          basis
          asOf
          consistent
          note
          evidence {
            quote
            document {
              key
              title
              publishedAt
            }
          }
        }
      }
    }
  }
`);
