import type { ApolloServerPlugin } from '@apollo/server';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import {
  getNamedType,
  getVariableValues,
  isCompositeType,
  isObjectType,
  isInterfaceType,
  Kind,
  valueFromAST,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLCompositeType,
  type GraphQLError,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
  type ValueNode,
} from 'graphql';
import type { QueryLimits } from '../config.js';
import { QueryLimitError } from '../errors.js';
import type { RequestUsage } from './context.js';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../graphql/pagination.js';

/**
 * Limits checked before an operation runs, so an oversized one is refused within milliseconds without touching
 * the database: tokens (graphql-js's parser stops counting at the limit: `parseOptions`), depth, aliases and
 * directives (GraphQL Armor's validation rules) and cost (below: it needs the variables, which validation cannot see).
 */

/** Armor reports "Syntax Error: <limit> exceeded, found N."; keep the sentence, give it our code and the setting's name. */
function report(limit: string, max: number) {
  return (context: ValidationContext | null, error: GraphQLError) => {
    context?.reportError(new QueryLimitError(error.message.replace(/^Syntax Error: /, ''), limit, max));
  };
}

export function limitValidationRules(limits: QueryLimits): ValidationRule[] {
  return [
    // Fragments are not a level of data: `... on Agency { name }` does not count as one level deeper.
    maxDepthRule({ n: limits.maxDepth, flattenFragments: true, propagateOnRejection: false, onReject: [report('MAX_DEPTH', limits.maxDepth)] }),
    maxAliasesRule({ n: limits.maxAliases, propagateOnRejection: false, onReject: [report('MAX_ALIASES', limits.maxAliases)] }),
    maxDirectivesRule({ n: limits.maxDirectives, propagateOnRejection: false, onReject: [report('MAX_DIRECTIVES', limits.maxDirectives)] }),
  ] as ValidationRule[];
}

export function limitParseOptions(limits: QueryLimits) {
  return { maxTokens: limits.maxTokens };
}

/**
 * Cost = how many objects the response can hold at most: every field that returns an object costs 1 for each
 * parent it is resolved on, and a field with a `first` argument (a page) multiplies what is under it by `first` or
 * `last` (its value, a variable's value, the argument's default, or the default page size); `nodes(ids)` by the
 * number of ids. Scalars cost nothing: they
 * come with their row. Each fragment is costed once, so fragment "bombs" cannot make the count itself slow.
 */
export function operationCost(
  schema: GraphQLSchema,
  operation: { selectionSet: SelectionSetNode; operation: string },
  fragments: Record<string, FragmentDefinitionNode>,
  variables: { [name: string]: unknown } = {},
  reads: { variables: boolean } = { variables: false },
): number {
  const fragmentCosts = new Map<string, number>();
  const root =
    operation.operation === 'mutation'
      ? schema.getMutationType()
      : operation.operation === 'subscription'
        ? schema.getSubscriptionType()
        : schema.getQueryType();
  if (!root) return 0;

  function selectionCost(selectionSet: SelectionSetNode, parent: GraphQLCompositeType): number {
    let cost = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        const name = selection.name.value;
        // Introspection is answered from memory, and __typename with the row.
        if (name.startsWith('__')) continue;
        if (!isObjectType(parent) && !isInterfaceType(parent)) continue;
        const field = parent.getFields()[name];
        if (!field) continue;
        const type = getNamedType(field.type);
        if (!selection.selectionSet || !isCompositeType(type)) continue;
        const multiplier = pageMultiplier(field, selection, variables, reads);
        cost += 1 + multiplier * selectionCost(selection.selectionSet, type);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
        if (type && isCompositeType(type)) cost += selectionCost(selection.selectionSet, type);
      } else {
        const name = selection.name.value;
        let fragmentCost = fragmentCosts.get(name);
        if (fragmentCost === undefined) {
          const fragment = fragments[name];
          const type = fragment && schema.getType(fragment.typeCondition.name.value);
          fragmentCosts.set(name, 0); // cycles are refused by validation; this only guards the walk
          fragmentCost = type && isCompositeType(type) ? selectionCost(fragment.selectionSet, type) : 0;
          fragmentCosts.set(name, fragmentCost);
        }
        cost += fragmentCost;
      }
    }
    return cost;
  }
  return selectionCost(operation.selectionSet, root);
}

/** How many items a field's value may hold: its page size (`first` or `last`), its number of `ids`, else 1. */
function pageMultiplier(
  field: GraphQLField<unknown, unknown>,
  selection: FieldNode,
  variables: { [name: string]: unknown },
  reads: { variables: boolean },
): number {
  const valueOf = (name: string) => {
    const arg = field.args.find((a) => a.name === name);
    if (!arg) return undefined;
    const given = selection.arguments?.find((a) => a.name.value === name);
    if (given && holdsVariable(given.value)) reads.variables = true;
    return given ? valueFromAST(given.value, arg.type, variables) : arg.defaultValue;
  };
  const ids = valueOf('ids');
  if (Array.isArray(ids)) return Math.max(1, Math.min(ids.length, MAX_PAGE_SIZE));
  if (!field.args.some((a) => a.name === 'first')) return 1;
  // Past MAX_PAGE_SIZE the field itself refuses `first`/`last` (BAD_USER_INPUT naming it), so it costs no more than that.
  const sizes = [valueOf('first'), valueOf('last')].filter((v): v is number => typeof v === 'number' && v > 0);
  return sizes.length ? Math.min(Math.max(...sizes), MAX_PAGE_SIZE) : DEFAULT_PAGE_SIZE;
}

function holdsVariable(value: ValueNode): boolean {
  if (value.kind === Kind.VARIABLE) return true;
  if (value.kind === Kind.LIST) return value.values.some(holdsVariable);
  if (value.kind === Kind.OBJECT) return value.fields.some((f) => holdsVariable(f.value));
  return false;
}

/**
 * Costs that no variable can change (no page size or id list comes from one), per operation: Apollo hands every
 * request with the same text the same parsed document, so those are counted once per text, not per request.
 */
const fixedCosts = new WeakMap<GraphQLSchema, WeakMap<OperationDefinitionNode, number>>();

/** The cost of an operation with these variables (coerced, so a variable's default counts too). */
export function costOf(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> | undefined,
): number {
  let known = fixedCosts.get(schema);
  if (!known) fixedCosts.set(schema, (known = new WeakMap()));
  const fixed = known.get(operation);
  if (fixed !== undefined) return fixed;
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
  }
  // Coerced, so a variable's default (`$n: Int = 100`) counts too; invalid variables fail later anyway.
  // maxErrors: only the values matter here, and collecting an error for each of 5,000 bad list items takes seconds.
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables ?? {}, { maxErrors: 1 });
  const reads = { variables: false };
  const cost = operationCost(schema, operation, fragments, coerced.coerced ?? {}, reads);
  if (!reads.variables) known.set(operation, cost);
  return cost;
}

/** The QUERY_LIMIT_EXCEEDED error for an operation costing more than `maxCost` with these variables, or null. */
export function costLimitError(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> | undefined,
  maxCost: number,
): QueryLimitError | null {
  const cost = costOf(schema, document, operation, variables);
  return cost <= maxCost ? null : costError(cost, maxCost);
}

function costError(cost: number, maxCost: number): QueryLimitError {
  return new QueryLimitError(
    `Query cost limit of ${maxCost} exceeded, found ${cost} (objects the response may hold, pages counted at their "first").`,
    'MAX_COST',
    maxCost,
  );
}

/** Refuses an operation whose cost is over `maxCost` once its variables are known (HTTP 400, QUERY_LIMIT_EXCEEDED). */
export function costLimitPlugin(maxCost: number): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request, contextValue }) {
          if (!operation) return;
          const cost = costOf(schema, document, operation, request.variables);
          const usage = (contextValue as { usage?: RequestUsage | null }).usage;
          if (usage) usage.cost = cost;
          if (cost > maxCost) throw costError(cost, maxCost);
        },
      };
    },
  };
}
