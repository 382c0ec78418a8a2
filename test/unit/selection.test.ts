import { buildSchema, execute, parse, type GraphQLResolveInfo } from 'graphql';
import { describe, expect, it } from 'vitest';
import { objectFields, pageItemFields, type SelectedFields } from '../../src/graphql/selection.js';
import { selectsItems } from '../../src/graphql/pagination.js';

const schema = buildSchema(`
  type Query { systems: SystemConnection, system: System }
  type SystemConnection { edges: [SystemEdge], nodes: [System], pageInfo: PageInfo, totalCount: Int }
  type SystemEdge { cursor: String, node: System }
  type PageInfo { hasNextPage: Boolean }
  type System { code: String, name: String, owner: Agency, operator: Agency }
  type Agency { code: String, name: String }
`);

/** The resolve info graphql-js hands the root field `field` for `query`. */
async function infoFor(query: string, field: 'systems' | 'system'): Promise<GraphQLResolveInfo> {
  let captured: GraphQLResolveInfo | undefined;
  const capture = (_args: unknown, _ctx: unknown, info: GraphQLResolveInfo) => {
    captured = info;
    return null;
  };
  const result = await execute({ schema, document: parse(query), rootValue: { [field]: capture } });
  expect(result.errors).toBeUndefined();
  return captured!;
}

const plain = (fields: SelectedFields) => Object.fromEntries([...fields].map(([name, sub]) => [name, [...sub].sort()]));

describe('pageItemFields', () => {
  it("merges what nodes and edges.node ask for, with each relation's own fields", async () => {
    const info = await infoFor('{ systems { nodes { code owner { name } } edges { cursor node { name owner { code } } } } }', 'systems');
    expect(plain(pageItemFields(info))).toEqual({ code: [], owner: ['code', 'name'], name: [] });
  });

  it('reads through named and inline fragments, at any level', async () => {
    const info = await infoFor(
      `{ systems { ...Page } }
      fragment Page on SystemConnection { nodes { ... on System { code } ...Owner } }
      fragment Owner on System { owner { ... on Agency { name } } }`,
      'systems',
    );
    expect(plain(pageItemFields(info))).toEqual({ code: [], owner: ['name'] });
  });

  it('does not evaluate @skip: a skipped field is read for nothing, never missed', async () => {
    const info = await infoFor('{ systems { nodes { code name @skip(if: true) } } }', 'systems');
    expect([...pageItemFields(info).keys()].sort()).toEqual(['code', 'name']);
  });

  it('is empty when only totalCount is asked for', async () => {
    const info = await infoFor('{ systems { totalCount } }', 'systems');
    expect(pageItemFields(info).size).toBe(0);
  });

  it('reads a selection once: the same fieldNodes give the very same answer', async () => {
    const info = await infoFor('{ systems { nodes { code } } }', 'systems');
    expect(pageItemFields(info)).toBe(pageItemFields({ ...info }));
  });
});

describe('objectFields', () => {
  it('the fields asked for on the object a field returns, aliases by their field name', async () => {
    const info = await infoFor('{ system { c: code owner { code } operator { name } } }', 'system');
    expect(plain(objectFields(info))).toEqual({ code: [], owner: ['code'], operator: ['name'] });
  });
});

describe('selectsItems', () => {
  it('false for a count alone, true for nodes, edges, pageInfo or a fragment', async () => {
    expect(selectsItems(await infoFor('{ systems { totalCount } }', 'systems'))).toBe(false);
    expect(selectsItems(await infoFor('{ systems { totalCount pageInfo { hasNextPage } } }', 'systems'))).toBe(true);
    expect(selectsItems(await infoFor('{ systems { edges { cursor } } }', 'systems'))).toBe(true);
    expect(selectsItems(await infoFor('{ systems { ... on SystemConnection { totalCount } } }', 'systems'))).toBe(true);
  });
});
