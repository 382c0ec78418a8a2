/**
 * Ready-to-run operations for the main questions. Shown in Apollo Sandbox, quoted in the README and executed by
 * the test suite, so they never drift from the schema.
 */
export const EXAMPLE_OPERATIONS = `# Lâm Đồng's LGSP: how many systems it has connected, and the quote that says so.
query LgspSummary {
  informationSystem(code: "LGSP-68") {
    code
    name
    owner { code name }
    connectionSummary {
      text
      connected
      total
      basis
      asOf
      note
      evidence { quote document { title publisher publishedAt fileName } }
    }
  }
}

# Accent-insensitive search: "lam dong" finds Lâm Đồng, its systems and figures.
query SearchLamDong {
  search(query: "lam dong", first: 10) {
    totalCount
    nodes {
      __typename
      ... on Agency { code name validFrom validTo }
      ... on InformationSystem { code name }
      ... on Indicator { code name }
      ... on Observation { valueText indicator { name } }
    }
  }
}

# The population database: its connections and their history, each status with its evidence.
query PopulationDatabase {
  informationSystem(code: "CSDLQG-DC") {
    name
    status
    history { status occurredOn note evidence { quote } }
    connections(first: 10) {
      totalCount
      nodes {
        consumer { code name }
        provider { code name }
        status
        statusSince
        history { status occurredOn evidence { quote document { title } } }
      }
    }
    observations(first: 10) { nodes { valueText numerator denominator value unit asOf indicator { name } } }
  }
}

# The 63 provinces of 2023, their systems and each system's connection summary.
query ProvincesAndSystems {
  agencies(filter: { kinds: [PROVINCE, CENTRAL_CITY], validOn: "2023-12-31" }, first: 100) {
    totalCount
    nodes {
      code
      name
      systems(first: 20) {
        nodes { code kind connectionSummary { text basis } }
      }
    }
  }
}

# Every figure from one report, with the exact quote.
query FiguresOfOneReport {
  observations(filter: { documentKey: "lamdong-2023-07-12" }, first: 50) {
    totalCount
    nodes {
      indicator { code name unit }
      valueText value numerator denominator target qualifier asOf
      evidence { quote }
    }
    pageInfo { hasNextPage endCursor }
  }
}
`;
