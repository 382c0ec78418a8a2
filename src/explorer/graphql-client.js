// The explorer's only way to the hub: GraphQL over POST to /graphql on the same origin, with every failure
// (GraphQL errors, a non-JSON answer, an unreachable hub) turned into one RequestError the page can show.

var GRAPHQL_URL = '/graphql';

export var EXPLORE_QUERY = [
  'query Explore($code: String!, $depth: Int!, $direction: ConnectionDirection!, $asOf: Date) {',
  '  informationSystem(code: $code) {',
  '    code name nameEn kind status statusSince description',
  '    owner { code name }',
  '    connectionSummary(asOf: $asOf) {',
  '      text connected total basis asOf note consistent',
  '      evidence { quote document { title publisher publishedAt url } }',
  '    }',
  '    neighbourhood(depth: $depth, direction: $direction, asOf: $asOf) {',
  '      asOf depth direction complete truncated',
  '      hops { hops systems returned }',
  '      systems { hops system { code name kind } }',
  '      edges { status statusSince connection { key consumer { code } provider { code } via { code name } } }',
  '    }',
  '  }',
  '}',
].join('\n');
export var SUGGEST_QUERY = 'query Suggest($text: String!) { informationSystems(first: 10, filter: { text: $text }) { nodes { code name kind } } }';

/** A failed request: GraphQL errors (message and extensions.code) or a transport problem. */
export function RequestError(errors) {
  this.errors = errors;
  this.message = errors
    .map(function (e) {
      return e.message;
    })
    .join('; ');
}

export function graphql(query, variables) {
  return fetch(GRAPHQL_URL, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' },
    body: JSON.stringify({ query: query, variables: variables }),
    credentials: 'same-origin',
  }).then(
    function (res) {
      return res.text().then(function (text) {
        var body;
        try {
          body = JSON.parse(text);
        } catch (e) {
          throw new RequestError([
            { message: 'The hub answered HTTP ' + res.status + ' with a body that is not JSON.', extensions: { code: 'HTTP_' + res.status } },
          ]);
        }
        if (body.errors && body.errors.length) throw new RequestError(body.errors);
        if (!res.ok) throw new RequestError([{ message: 'The hub answered HTTP ' + res.status + '.', extensions: { code: 'HTTP_' + res.status } }]);
        return body.data;
      });
    },
    function (error) {
      throw new RequestError([{ message: 'Could not reach the hub: ' + error.message, extensions: { code: 'NETWORK_ERROR' } }]);
    },
  );
}
