import { Kind, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

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

/**
 * Names of the fields asked for on each item of a Relay connection field (under `nodes` or `edges { node }`).
 * Type conditions and @skip/@include are not evaluated: a name in the answer may be fetched for nothing, never missed.
 */
export function pageItemFields(info: GraphQLResolveInfo): Set<string> {
  const top = collect(info.fieldNodes.map((node) => node.selectionSet), info);
  const edges = collect(top.get('edges') ?? [], info);
  return new Set(collect([...(top.get('nodes') ?? []), ...(edges.get('node') ?? [])], info).keys());
}

/** Names of the fields asked for on the object a field returns. */
export function objectFields(info: GraphQLResolveInfo): Set<string> {
  return new Set(collect(info.fieldNodes.map((node) => node.selectionSet), info).keys());
}
