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

/** One page of figures with their quotes, for the `observations` export (the API's ObservationFilter as is). */
export const ObservationExportPage = graphql(`
  query ObservationExportPage($filter: ObservationFilter, $first: Int!, $after: String) {
    observations(filter: $filter, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        key
        role
        asOf
        value
        valueText
        numerator
        denominator
        unit
        qualifier
        indicator {
          code
          name
        }
        agency {
          code
          name
        }
        informationSystem {
          code
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

/** Which of the codes an export names exist, in one request (each list only when asked for). */
export const KnownCodes = graphql(`
  query KnownCodes(
    $agencies: [String!]
    $systems: [String!]
    $indicators: [String!]
    $withAgencies: Boolean!
    $withSystems: Boolean!
    $withIndicators: Boolean!
  ) {
    agencies(filter: { codes: $agencies, allPeriods: true }, first: 100) @include(if: $withAgencies) {
      nodes {
        code
      }
    }
    informationSystems(filter: { codes: $systems }, first: 100) @include(if: $withSystems) {
      nodes {
        code
      }
    }
    indicators(filter: { codes: $indicators }, first: 100) @include(if: $withIndicators) {
      nodes {
        code
      }
    }
  }
`);
