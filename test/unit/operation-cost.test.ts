import { buildSchema, getOperationAST, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { costOf } from '../../src/api/limits.js';

const schema = buildSchema(`
  type Query { systems(first: Int = 20, code: String): SystemConnection, system(code: String): System }
  type SystemConnection { nodes: [System], totalCount: Int }
  type System { code: String, owner: Agency, connections(first: Int, status: [String]): SystemConnection }
  type Agency { code: String }
`);

/** The cost of `query` parsed once, asked again with each of `variables` in turn (as Apollo asks for one cached document). */
function costs(query: string, ...variables: Record<string, unknown>[]): number[] {
  const document = parse(query);
  const operation = getOperationAST(document)!;
  return variables.map((v) => costOf(schema, document, operation, v));
}

describe('operation cost, counted once per document where no variable can change it', () => {
  it('a page size from a variable counts again for every request', () => {
    const query = 'query ($n: Int) { systems(first: $n) { nodes { owner { code } } } }';
    expect(costs(query, { n: 5 }, { n: 50 }, { n: 5 })).toEqual([1 + 5 * 2, 1 + 50 * 2, 1 + 5 * 2]); // each node: itself and its owner;
  });

  it('so does a variable nested in a page of a page, and a variable with a default', () => {
    const nested = 'query ($n: Int) { systems(first: 2) { nodes { connections(first: $n) { nodes { code } } } } }';
    expect(costs(nested, { n: 3 }, { n: 30 })).toEqual([1 + 2 * (2 + 3), 1 + 2 * (2 + 30)]);
    const defaulted = 'query ($n: Int = 10) { systems(first: $n) { nodes { owner { code } } } }';
    expect(costs(defaulted, {}, { n: 40 })).toEqual([1 + 10 * 2, 1 + 40 * 2]);
  });

  it('variables that are no page size leave the cost as it was counted first', () => {
    const query =
      'query ($code: String, $s: [String]) { system(code: $code) { owner { code } connections(first: 7, status: $s) { nodes { code } } } }';
    expect(costs(query, { code: 'A' }, { code: 'B', s: ['X'] })).toEqual([10, 10]); // system, owner, the page and its 7 nodes;
  });
});
