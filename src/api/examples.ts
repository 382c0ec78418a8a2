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

# The graph around VNeID: systems within two connections, edges with their status, counts per hop.
query Neighbourhood {
  informationSystem(code: "VNEID") {
    name
    neighbourhood(depth: 2, direction: BOTH) {
      asOf
      truncated
      hops { hops systems returned }
      systems { hops system { code name kind } }
      edges { status statusSince connection { consumer { code } provider { code } via { code } } }
    }
  }
}

# The population database over time: collecting in 2020, planned (not reported) live from July 2021, in operation with 63/63 localities by mid-2023.
query PopulationDatabaseOverTime {
  informationSystem(code: "CSDLQG-DC") {
    aug2020: statusOn(date: "2020-09-01") { status role occurredOn evidence { quote } }
    jul2021: statusOn(date: "2021-07-01") { status role occurredOn evidence { quote } }
    plannedJul2021: plannedStatusOn(date: "2021-07-01") { status role occurredOn statedOn note evidence { quote } }
    jun2023: connectionSummary(asOf: "2023-07-01") { text basis evidence { quote } }
    history { status role occurredOn statedOn note evidence { quote document { title publishedAt } } }
  }
  recordsCollected: observations(filter: { systemCode: "CSDLQG-DC", to: "2020-12-31" }) {
    nodes { valueText value unit asOf indicator { name } evidence { quote } }
  }
}

# Shortest paths between two systems, and the platforms they go through.
query PathBetweenSystems {
  connectionPaths(from: "GPLX", to: "BHYT", maxDepth: 4) {
    length
    systems { code name }
    connections { key status via { code } }
    platforms { code }
  }
}

# A figure series: ministries and provinces with an integration platform, 2020.
query IndicatorSeries {
  indicator(code: "platform.agencies_with_platform") {
    name
    unit
    series(from: "2020-01-01", to: "2020-12-31") { valueText value asOf evidence { quote document { title } } }
  }
}

# Today's Lâm Đồng: the three provinces merged into it on 1 July 2025, and their figures, each counted once.
query ReorganisedProvince {
  agency(code: "68") {
    name
    validFrom
    predecessors { effectiveOn agency { code name validTo } }
    observations(first: 5) { totalCount nodes { valueText indicator { name } agency { name validTo } } }
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
