import { Kind, type FieldNode, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

/** The fields selected in `sets` (through fragment spreads and inline fragments), by name, with their own selections. */
function collect(sets: readonly (SelectionSetNode | undefined)[], info: GraphQLResolveInfo): Map<string, SelectionSetNode[]> {
  const fields = new Map<string, SelectionSetNode[]>();
  const visit = (set: SelectionSetNode) => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        const nested = fields.get(selection.name.value) ?? [];
        if (selection.selectionSet) nested.push(selection.selectionSet);
        fields.set(selection.name.value, nested);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        visit(selection.selectionSet);
      } else {
        const fragment = info.fragments[selection.name.value];
        if (fragment) visit(fragment.selectionSet);
      }
    }
  };
  for (const set of sets) if (set) visit(set);
  return fields;
}

/** Fields asked for, by name, each with the names of the fields asked for on its own value (empty for scalars). */
export type SelectedFields = Map<string, Set<string>>;

function withSubfields(fields: Map<string, SelectionSetNode[]>, info: GraphQLResolveInfo): SelectedFields {
  return new Map([...fields].map(([name, sets]) => [name, new Set(collect(sets, info).keys())]));
}

/**
 * The fields asked for on each item of a Relay connection field (under `nodes` or `edges { node }`). Type
 * conditions and @skip/@include are not evaluated: a field in the answer may be read for nothing, never missed.
 */
export function pageItemFields(info: GraphQLResolveInfo): SelectedFields {
  return memoized(pageItemCache, info, () => {
    const top = collect(
      info.fieldNodes.map((node) => node.selectionSet),
      info,
    );
    const edges = collect(top.get('edges') ?? [], info);
    return withSubfields(collect([...(top.get('nodes') ?? []), ...(edges.get('node') ?? [])], info), info);
  });
}

/** The fields asked for on the object a field returns. */
export function objectFields(info: GraphQLResolveInfo): SelectedFields {
  return memoized(objectCache, info, () =>
    withSubfields(
      collect(
        info.fieldNodes.map((node) => node.selectionSet),
        info,
      ),
      info,
    ),
  );
}

/**
 * graphql-js hands every item of a list the same `fieldNodes` array for a field (it memoizes field collection), so
 * a field resolved on 100 parents reads its selection once. Keyed weakly: gone with the operation's document.
 */
const pageItemCache = new WeakMap<readonly FieldNode[], SelectedFields>();
const objectCache = new WeakMap<readonly FieldNode[], SelectedFields>();

function memoized(cache: WeakMap<readonly FieldNode[], SelectedFields>, info: GraphQLResolveInfo, read: () => SelectedFields): SelectedFields {
  let fields = cache.get(info.fieldNodes);
  if (!fields) {
    fields = read();
    cache.set(info.fieldNodes, fields);
  }
  return fields;
}
